# Bulk DICOM work with Cloud Storage: a piped subset copied by the module (WADO-RS straight into Cloud
# Storage), against the emulator's DICOM store and Cloud Storage surfaces.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project bulk-project
    Set-HcDefault -Dataset imaging
    New-HcDataset -Name imaging | Out-Null
    New-HcDicomStore -Name ct | Out-Null
    Invoke-RestMethod -Method Post "$($emulator.Url)storage/v1/b?project=bulk-project" -Body '{"name":"bkt"}' -ContentType 'application/json' | Out-Null
    $samples = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'tests/data/dicom-samples/pydicom/test_files/dicomdirtests'
    $folders = '77654033', '98892001' | ForEach-Object { Join-Path $samples $_ }
    $sources = Get-HcDicomFile -Path $folders -Recurse
    Import-HcDicomInstance -DicomStore ct -Path $folders -Recurse | Out-Null
    $work = Join-Path ([IO.Path]::GetTempPath()) "hc-bulk-$([guid]::NewGuid().ToString('n'))"
}

AfterAll {
    $emulator | Stop-HcTestEmulator
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Export-HcDicomInstance of a piped subset' {
    It 'copies the matching instances into Cloud Storage under {study}/{series}/{instance}.dcm, byte for byte' {
        $expected = @($sources | Where-Object PatientName -eq 'Doe^Peter')
        $objects = Get-HcDicomStudy -DicomStore ct -PatientName 'Doe^P*' | Export-HcDicomInstance -Destination gs://bkt/doe/
        $objects.Count | Should -Be $expected.Count
        $objects[0] | Should -BeOfType HealthcareTools.HcStorageObject
        foreach ($file in $expected) {
            $name = "doe/$($file.StudyInstanceUID)/$($file.SeriesInstanceUID)/$($file.SOPInstanceUID).dcm"
            $objects.Name | Should -Contain $name
        }
        $downloaded = Get-HcStorageObject gs://bkt/doe/ -Recurse | Copy-HcStorageObject -Destination $work
        foreach ($file in $downloaded) {
            $source = $sources | Where-Object SOPInstanceUID -eq $file.BaseName
            (Get-FileHash $file.FullName).Hash | Should -Be (Get-FileHash $source.Path).Hash
        }
    }

    It 'copies piped series and single instances too' {
        $series = Get-HcDicomSeries -DicomStore ct -Modality CR | Select-Object -First 1
        $objects = $series | Export-HcDicomInstance -Destination gs://bkt/one-series
        $objects.Count | Should -Be @($sources | Where-Object SeriesInstanceUID -eq $series.SeriesInstanceUID).Count
        $instance = Get-HcDicomInstance -DicomStore ct -First 1
        ($instance | Export-HcDicomInstance -Destination gs://bkt/single/).Name |
            Should -Be "single/$($instance.StudyInstanceUID)/$($instance.SeriesInstanceUID)/$($instance.SOPInstanceUID).dcm"
    }

    It 'refuses to send a piped subset to BigQuery, saying why' {
        Get-HcDicomStudy -DicomStore ct -First 1 | Export-HcDicomInstance -BigQueryTable bulk-project.dicom.ct -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Message | Should -Match 'no filter'
    }

    It 'refuses server-side export from a server that is not a Cloud Healthcare store' {
        Export-HcDicomInstance -DicomWebUri http://127.0.0.1:9/dicom-web/ -Destination gs://bkt/x/ -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Match 'Cloud Healthcare DICOM store'
    }
}
