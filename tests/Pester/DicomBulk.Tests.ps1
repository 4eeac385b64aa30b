# Bulk DICOM work, against the emulator's DICOM store, Cloud Storage, BigQuery and Pub/Sub surfaces: a piped
# subset copied by the module (WADO-RS straight into Cloud Storage), server-side import and whole-store
# exports (long-running operations), and notifications of stored instances.

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

Describe 'Server-side import and export' {
    BeforeAll {
        function Get-BigQueryRows([string] $Table) {
            Invoke-RestMethod "$($emulator.Url)bigquery/v2/projects/bulk-project/datasets/dicom/tables/$Table/data"
        }
    }

    It 'imports from Cloud Storage with a ** glob, counting the object that is not DICOM as failed' {
        Copy-HcStorageObject -Path $folders -Destination gs://bkt/incoming/ -Recurse | Out-Null
        New-Item -ItemType Directory -Force $work | Out-Null
        Set-Content (Join-Path $work 'notes.txt') 'not DICOM'
        Copy-HcStorageObject -Path (Join-Path $work 'notes.txt') -Destination gs://bkt/incoming/notes.txt | Out-Null
        New-HcDicomStore -Name imported | Out-Null

        $result = Import-HcDicomInstance -DicomStore imported -GcsUri 'gs://bkt/incoming/**' -WarningVariable warned -WarningAction SilentlyContinue
        $result | Should -BeOfType HealthcareTools.HcDicomBulkResult
        $result.Kind | Should -Be 'Import'
        $result.Succeeded | Should -Be $sources.Count
        $result.Failed | Should -Be 1
        $warned.Count | Should -Be 1
        (Get-HcDicomInstance -DicomStore imported).Count | Should -Be $sources.Count
    }

    It 'returns the operation with -NoWait' {
        New-HcDicomStore -Name imported2 | Out-Null
        $operation = Import-HcDicomInstance -DicomStore imported2 -GcsUri 'gs://bkt/incoming/77654033/**' -NoWait
        $operation | Should -BeOfType HealthcareTools.HcOperation
        ($operation | Wait-HcOperation).Success | Should -Be @($sources | Where-Object PatientID -eq '77654033').Count
    }

    It 'exports a whole store to Cloud Storage under {study}/{series}/{instance}.dcm' {
        $result = Get-HcDicomStore -Name ct | Export-HcDicomInstance -Destination gs://bkt/ct-export/
        $result.Kind | Should -Be 'Export'
        $result.Destination | Should -Be 'gs://bkt/ct-export/'
        $result.Succeeded | Should -Be $sources.Count
        $objects = Get-HcStorageObject gs://bkt/ct-export/ -Recurse
        ($objects.Name | Sort-Object) | Should -Be ($sources | ForEach-Object { "ct-export/$($_.StudyInstanceUID)/$($_.SeriesInstanceUID)/$($_.SOPInstanceUID).dcm" } | Sort-Object)
    }

    It 'exports a whole store to BigQuery, one row per instance, per write disposition' {
        $result = Get-HcDicomStore -Name ct | Export-HcDicomInstance -BigQueryTable bulk-project.dicom.ct -WriteDisposition Truncate
        $result.Destination | Should -Be 'bq://bulk-project.dicom.ct'
        $rows = Get-BigQueryRows ct
        [int]$rows.totalRows | Should -Be $sources.Count
        $schema = (Invoke-RestMethod "$($emulator.Url)bigquery/v2/projects/bulk-project/datasets/dicom/tables/ct").schema.fields.name
        $schema | Should -Contain 'SOPInstanceUID'
        $schema | Should -Contain 'PatientName'
        $column = [array]::IndexOf([string[]]$schema, 'SOPInstanceUID')
        ($rows.rows | ForEach-Object { $_.f[$column].v } | Sort-Object) | Should -Be ($sources.SOPInstanceUID | Sort-Object)

        Export-HcDicomInstance -DicomStore ct -BigQueryTable bulk-project.dicom.ct -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].Exception.Message | Should -Match 'FAILED_PRECONDITION|not empty|rows'
        Export-HcDicomInstance -DicomStore ct -BigQueryTable bulk-project.dicom.ct -WriteDisposition Append | Out-Null
        [int](Get-BigQueryRows ct).totalRows | Should -Be (2 * $sources.Count)
    }

    It 'shows a short duration in milliseconds and a long one in seconds in the table view' {
        $short = [HealthcareTools.HcDicomBulkResult] @{ Kind = 'Export'; Succeeded = 17; Duration = [timespan]::FromMilliseconds(42) }
        $long = [HealthcareTools.HcDicomBulkResult] @{ Kind = 'Import'; Succeeded = 5000; Duration = [timespan]::FromSeconds(83.46) }
        $text = $short, $long | Out-String -Width 200
        $text | Should -Match '(?m)^Export\s+17\s+0\s+42 ms'
        $text | Should -Match ('(?m)^Import\s+5000\s+0\s+' + [regex]::Escape((83.5).ToString('N1')) + ' s')
    }
}

Describe 'Pub/Sub notifications' {
    It 'records one notification per stored instance on the store''s topic' {
        Invoke-RestMethod -Method Post "$($emulator.Url)_emulator/pubsub/reset" | Out-Null
        New-HcDicomStore -Name notified -PubsubTopic projects/bulk-project/topics/dicom-in | Out-Null
        $stored = Import-HcDicomInstance -DicomStore notified -Path $folders[0] -Recurse
        # Invoke-RestMethod returns a JSON array as one object: enumerate it.
        $messages = @(Invoke-RestMethod "$($emulator.Url)_emulator/pubsub/messages?topic=projects/bulk-project/topics/dicom-in" | ForEach-Object { $_ })
        $messages.Count | Should -Be $stored.Count
        $store = (Get-HcDicomStore -Name notified).Name
        foreach ($result in $stored) {
            $messages.dataText | Should -Contain "$store/dicomWeb/studies/$($result.StudyInstanceUID)/series/$($result.SeriesInstanceUID)/instances/$($result.SOPInstanceUID)"
        }
    }
}
