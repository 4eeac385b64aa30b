# De-identification from PowerShell: the configuration builder, and de-identify operations on the emulator.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project deid-project
}

AfterAll {
    $emulator | Stop-HcTestEmulator
}

Describe 'New-HcDeidentifyConfig' {
    It 'builds the API''s JSON from friendly parameters, unquoted numeric tags included' {
        $config = New-HcDeidentifyConfig -Profile Basic -KeepTag StudyDate, 00080060 -SkipIdRedaction
        $config | Should -BeOfType HealthcareTools.HcDeidentifyConfig
        $json = $config.Json | ConvertFrom-Json
        $json.dicom.filterProfile | Should -Be 'ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE'
        $json.dicom.keepList.tags | Should -Be @('StudyDate', '00080060')
        $json.dicom.skipIdRedaction | Should -BeTrue
        (New-HcDeidentifyConfig -Profile KeepAll -RemoveTag PatientName).Json | ConvertFrom-Json |
            ForEach-Object { $_.dicom.filterProfile; $_.dicom.removeList.tags } | Should -Be @('KEEP_ALL_PROFILE', 'PatientName')
    }

    It 'refuses an unknown tag and a tag both kept and removed, before any request' {
        New-HcDeidentifyConfig -KeepTag NoSuchKeyword -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Message | Should -Match 'NoSuchKeyword'
        New-HcDeidentifyConfig -KeepTag PatientName -RemoveTag PatientName -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Invoke-HcDeidentify' {
    BeforeAll {
        Set-HcDefault -Dataset imaging
        New-HcDataset -Name imaging | Out-Null
        New-HcDicomStore -Name ct | Out-Null
        Invoke-RestMethod -Method Post "$($emulator.Url)storage/v1/b?project=deid-project" -Body '{"name":"stage"}' -ContentType 'application/json' | Out-Null
        $samples = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'tests/data/dicom-samples/pydicom/test_files/dicomdirtests'
        $folders = '77654033', '98892001' | ForEach-Object { Join-Path $samples $_ }
        $sources = Get-HcDicomFile -Path $folders -Recurse
        Import-HcDicomInstance -DicomStore ct -Path $folders -Recurse | Out-Null
    }

    It 'de-identifies a store with the basic profile and a keep list, remapping UIDs consistently' {
        $result = Invoke-HcDeidentify -DicomStore ct -DestinationStore ct_deid -Profile Basic -KeepTag StudyDate
        $result | Should -BeOfType HealthcareTools.HcDicomBulkResult
        $result.Kind | Should -Be 'Deidentify'
        $result.Succeeded | Should -Be $sources.Count
        $result.Failed | Should -Be 0

        $studies = Get-HcDicomStudy -DicomStore ct_deid -IncludeField all
        $studies.Count | Should -Be @($sources.StudyInstanceUID | Sort-Object -Unique).Count
        $studies.PatientName | Where-Object { $_ -like 'Doe*' } | Should -BeNullOrEmpty
        $studies.StudyInstanceUID | Where-Object { $_ -in $sources.StudyInstanceUID } | Should -BeNullOrEmpty
        ($studies.StudyDate | Sort-Object -Unique) | Should -Be ($sources.StudyDate | Sort-Object -Unique)
        # Consistent remapping: each source study's instances share one new study.
        foreach ($study in $studies) {
            @(Get-HcDicomInstance -DicomStore ct_deid -StudyInstanceUID $study.StudyInstanceUID).Count |
                Should -Be $study.NumberOfStudyRelatedInstances
        }
        $instances = Get-HcDicomInstance -DicomStore ct_deid -IncludeField all
        $instances.Count | Should -Be $sources.Count
        $instances | Where-Object { $_['00120062'] -ne 'YES' } | Should -BeNullOrEmpty   # PatientIdentityRemoved
    }

    It 'keeps each instance''s pixel data byte for byte while its UIDs change' {
        # Downloaded with Save-HcDicomInstance; Get-HcDicomFile reads headers only, so the PixelData element
        # comes from the module's engine reader (loaded by Get-HcDicomFile). Instances are matched by what
        # the profile keeps (SOP class, series and instance numbers), never by a remapped UID.
        $saved = Join-Path $TestDrive 'pixels'
        Get-HcDicomStudy -DicomStore ct | Save-HcDicomInstance -Path (Join-Path $saved 'source') | Out-Null
        Get-HcDicomStudy -DicomStore ct_deid | Save-HcDicomInstance -Path (Join-Path $saved 'deid') | Out-Null
        $read = {
            param($folder)
            $headers = Get-HcDicomFile -Path $folder -Recurse
            $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'HealthcareTools.Client' } | Select-Object -First 1
            $dicomFile = $engine.GetType('HealthcareTools.Client.Dicom.DicomFile', $true)
            foreach ($header in $headers) {
                [pscustomobject]@{
                    Key    = '{0}|{1}|{2}' -f $header.SOPClassUID, $header['SeriesNumber'], $header['InstanceNumber']
                    Uid    = $header.SOPInstanceUID
                    Pixels = $dicomFile::Open($header.Path, $null).Dataset['PixelData'].RawValue
                }
            }
        }
        $before = @(& $read (Join-Path $saved 'source'))
        $after = @(& $read (Join-Path $saved 'deid'))
        $before.Count | Should -Be $sources.Count
        $after.Count | Should -Be $before.Count
        @($before.Key | Sort-Object -Unique).Count | Should -Be $before.Count   # the key tells instances apart
        foreach ($original in $before) {
            $copy = @($after | Where-Object Key -eq $original.Key)
            $copy.Count | Should -Be 1 -Because "one de-identified instance per source ($($original.Key))"
            $copy[0].Uid | Should -Not -Be $original.Uid
            $original.Pixels.Length | Should -BeGreaterThan 0
            [Convert]::ToBase64String($copy[0].Pixels) | Should -BeExactly ([Convert]::ToBase64String($original.Pixels)) -Because "pixel data of $($original.Key)"
        }
    }

    It 'de-identifies only piped studies, through a filter file in Cloud Storage' {
        $doe = Get-HcDicomStudy -DicomStore ct -PatientID 77654033
        $result = $doe | Invoke-HcDeidentify -DestinationStore archibald_deid -FilterStagingUri gs://stage/filters/
        $result.Succeeded | Should -Be @($sources | Where-Object PatientID -eq '77654033').Count
        @(Get-HcStorageObject gs://stage/filters/).Count | Should -Be 1
        @(Get-HcDicomStudy -DicomStore archibald_deid).Count | Should -Be $doe.Count
    }

    It 'refuses piped studies without a staging location, and an existing destination' {
        Get-HcDicomStudy -DicomStore ct -First 1 | Invoke-HcDeidentify -DestinationStore nowhere -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Match 'FilterStagingUri'
        Invoke-HcDeidentify -DicomStore ct -DestinationStore ct_deid -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'changes nothing with -WhatIf' {
        Invoke-HcDeidentify -DicomStore ct -DestinationStore whatif_deid -WhatIf
        Get-HcDicomStore -Name whatif_deid -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
