# DICOMweb through the module, the same scenarios against our emulator and against Orthanc (an
# independent DICOMweb server): import, search, download with byte comparison, re-import, bad files,
# rendered images, delete.

BeforeDiscovery {
    $backends = @(@{ Backend = 'Emulator' }, @{ Backend = 'Orthanc' })
}

Describe 'DICOMweb against <Backend>' -ForEach $backends {
    BeforeAll {
        Import-Module $env:HC_TEST_SUPPORT -Force
        $samples = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'tests/data/dicom-samples/pydicom/test_files/dicomdirtests'
        # Three patients, CR/CT/MR series: 77654033 (Doe^Archibald), 98892001 and 98892003 (Doe^Peter), TINY_ALPHA (Citizen^Jan).
        $corpus = Join-Path ([IO.Path]::GetTempPath()) "hc-corpus-$([guid]::NewGuid().ToString('n'))"
        foreach ($folder in '77654033', '98892001', '98892003', 'TINY_ALPHA') {
            Copy-Item (Join-Path $samples $folder) (Join-Path $corpus $folder) -Recurse
        }
        # Images only: TINY_ALPHA's DICOMDIR and README are not instances to store.
        Get-ChildItem $corpus -Recurse -File -Include DICOMDIR, README* | Remove-Item -Force
        $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
        Initialize-HcTestSession -Emulator $emulator -Project web-project
        if ($Backend -eq 'Emulator') {
            Set-HcDefault -Dataset imaging
            New-HcDataset -Name imaging | Out-Null
            New-HcDicomStore -Name ct | Out-Null
            $target = @{ DicomStore = 'ct' }
        }
        else {
            $orthanc = Start-HcTestOrthanc
            $target = @{ DicomWebUri = $orthanc.DicomWebUri }
        }
        $sources = Get-HcDicomFile -Path $corpus -Recurse
        $bySop = @{}
        foreach ($file in $sources) { $bySop[$file.SOPInstanceUID] = $file }
        $out = Join-Path ([IO.Path]::GetTempPath()) "hc-out-$([guid]::NewGuid().ToString('n'))"
    }

    AfterAll {
        if ($orthanc) { $orthanc | Stop-HcTestOrthanc }
        $emulator | Stop-HcTestEmulator
        Remove-Item $corpus, $out -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'imports a folder tree, one result per file, all stored' {
        $results = Import-HcDicomInstance @target -Path $corpus -Recurse
        $results.Count | Should -Be $sources.Count
        $results | Should -BeOfType HealthcareTools.HcDicomImportResult
        ($results.Status | Sort-Object -Unique) | Should -Be 'Stored'
        ($results.SOPInstanceUID | Sort-Object) | Should -Be ($sources.SOPInstanceUID | Sort-Object)
        if ($orthanc) {
            (Invoke-RestMethod "$($orthanc.Url)statistics").CountInstances | Should -Be $sources.Count
        }
    }

    It 'finds studies by patient name and pipes them on to series and instances' {
        $studies = Get-HcDicomStudy @target -PatientName 'Doe*'
        $expected = @($sources | Where-Object PatientName -like 'Doe*' | Select-Object -ExpandProperty StudyInstanceUID -Unique)
        ($studies.StudyInstanceUID | Sort-Object) | Should -Be ($expected | Sort-Object)
        $studies[0] | Should -BeOfType HealthcareTools.HcDicomStudy
        $studies[0].PatientName | Should -BeLike 'Doe*'
        $studies[0]['00100010'] | Should -Not -BeNullOrEmpty

        $ctSeries = $studies | Get-HcDicomSeries -Modality CT
        $expectedSeries = @($sources | Where-Object { $_.PatientName -like 'Doe*' -and $_.Modality -eq 'CT' } | Select-Object -ExpandProperty SeriesInstanceUID -Unique)
        ($ctSeries.SeriesInstanceUID | Sort-Object) | Should -Be ($expectedSeries | Sort-Object)

        $instances = $ctSeries | Get-HcDicomInstance
        $instances.Count | Should -Be @($sources | Where-Object { $_.PatientName -like 'Doe*' -and $_.Modality -eq 'CT' }).Count
        $instances[0].SOPInstanceUID | Should -BeIn $bySop.Keys
    }

    It 'matches any key given by -Filter, numeric tags typed unquoted included' {
        $expected = @($sources | Where-Object PatientID -eq '77654033' | Select-Object -ExpandProperty StudyInstanceUID -Unique)
        (Get-HcDicomStudy @target -Filter @{ 00100020 = '77654033' }).StudyInstanceUID | Sort-Object | Should -Be ($expected | Sort-Object)
        (Get-HcDicomStudy @target -Filter @{ PatientID = '77654033' }).Count | Should -Be $expected.Count
    }

    It 'honours -First and finds everything without filters' {
        @(Get-HcDicomStudy @target).Count | Should -Be @($sources.StudyInstanceUID | Sort-Object -Unique).Count
        @(Get-HcDicomStudy @target -First 2).Count | Should -Be 2
        @(Get-HcDicomInstance @target).Count | Should -Be $sources.Count
    }

    It 'downloads exactly the matching files, byte for byte' {
        Get-HcDicomStudy @target -PatientName 'Doe*' | Get-HcDicomSeries -Modality CT | Save-HcDicomInstance -Path $out | Out-Null
        $downloaded = Get-ChildItem $out -Recurse -File
        $expected = @($sources | Where-Object { $_.PatientName -like 'Doe*' -and $_.Modality -eq 'CT' })
        $downloaded.Count | Should -Be $expected.Count
        foreach ($file in $downloaded) {
            $sop = [IO.Path]::GetFileNameWithoutExtension($file.Name)
            $bySop.ContainsKey($sop) | Should -BeTrue
            (Get-FileHash $file.FullName).Hash | Should -Be (Get-FileHash $bySop[$sop].Path).Hash -Because "$sop must come back as uploaded"
            $file.Directory.Name | Should -Be $bySop[$sop].SeriesInstanceUID
        }
    }

    It 're-imports safely: every instance reported AlreadyPresent, each file once' {
        # Get-ChildItem lists the folders as well as their files: each file must still be sent once.
        $again = Get-ChildItem $corpus -Recurse | Import-HcDicomInstance @target
        $again.Count | Should -Be $sources.Count
        ($again.Status | Sort-Object -Unique) | Should -Be 'AlreadyPresent'
        @(Get-HcDicomInstance @target).Count | Should -Be $sources.Count
    }

    It 'takes piped Get-HcDicomFile objects, whose properties do not disturb the target' {
        $again = Get-HcDicomFile -Path $corpus -Recurse | Import-HcDicomInstance @target
        $again.Count | Should -Be $sources.Count
        ($again.Status | Sort-Object -Unique) | Should -Be 'AlreadyPresent'
    }

    It 'reports each bad file as one error naming it and stores the rest' {
        $mixed = Join-Path ([IO.Path]::GetTempPath()) "hc-mixed-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory $mixed | Out-Null
        Copy-Item (Join-Path $samples '../CT_small.dcm') $mixed
        Set-Content (Join-Path $mixed 'notes.txt') 'this is not a DICOM file'
        [IO.File]::WriteAllBytes((Join-Path $mixed 'empty.dcm'), [byte[]]@())
        $results = Import-HcDicomInstance @target -Path $mixed -ErrorVariable failures -ErrorAction SilentlyContinue
        ($results | Where-Object Status -eq Stored).Path | Should -Be @((Join-Path $mixed 'CT_small.dcm'))
        $failures.Count | Should -Be 2
        ($failures.TargetObject | Sort-Object) | Should -Be @((Join-Path $mixed 'empty.dcm'), (Join-Path $mixed 'notes.txt'))
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDicomFile,*'
        $failures[0].Exception.Message | Should -Match ([regex]::Escape($mixed))
        Remove-Item $mixed -Recurse -Force
    }

    It 'saves a rendered PNG of an instance' {
        $instance = Get-HcDicomInstance @target -SOPInstanceUID ($sources | Where-Object { $_.Path -like '*CT2N*6293' }).SOPInstanceUID
        $image = $instance | Save-HcDicomRendered -Path (Join-Path $out 'previews')   # a folder not yet there
        $image.Name | Should -Be "$($instance.SOPInstanceUID).png"
        $image.Directory.Name | Should -Be 'previews'
        ($instance | Save-HcDicomRendered -Path (Join-Path $out 'one.jpg') -Format Jpeg).Name | Should -Be 'one.jpg' 
        $bytes = [IO.File]::ReadAllBytes($image.FullName)
        $bytes[1..3] | Should -Be @(0x50, 0x4E, 0x47)   # the PNG signature
    }

    It 'deletes a study and its series, and nothing with -WhatIf' {
        $study = Get-HcDicomStudy @target -PatientName 'Citizen*'
        $study | Remove-HcDicomStudy -WhatIf
        @(Get-HcDicomStudy @target -PatientName 'Citizen*').Count | Should -Be 1
        $study | Remove-HcDicomStudy -Force
        @(Get-HcDicomStudy @target -PatientName 'Citizen*').Count | Should -Be 0
        # What is left: the other patients' instances, plus CT_small.dcm from the mixed-folder import.
        $left = @($sources | Where-Object PatientName -notlike 'Citizen*').Count + 1
        @(Get-HcDicomInstance @target).Count | Should -Be $left
        if ($orthanc) {
            (Invoke-RestMethod "$($orthanc.Url)statistics").CountInstances | Should -Be $left
        }
    }

    It 'reports a missing study as an error and goes on' {
        $studies = Get-HcDicomStudy @target -PatientID 77654033
        '1.2.3.4.5.6.7.8.9', $studies[0].StudyInstanceUID | ForEach-Object { [pscustomobject]@{ StudyInstanceUID = $_ } } |
            Save-HcDicomInstance @target -Path (Join-Path $out 'again') -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be '1.2.3.4.5.6.7.8.9'
        @(Get-ChildItem (Join-Path $out 'again') -Recurse -File).Count | Should -Be @($sources | Where-Object { $_.PatientID -eq '77654033' -and $_.StudyInstanceUID -eq $studies[0].StudyInstanceUID }).Count
    }
}
