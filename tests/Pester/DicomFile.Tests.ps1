# Get-HcDicomFile against the public sample corpus in tests/data/dicom-samples, driven as a user would.

BeforeAll {
    Import-Module $env:HC_TEST_MODULE -Force
    $samples = Join-Path (Split-Path $PSScriptRoot) 'data/dicom-samples'
    $testFiles = Join-Path $samples 'pydicom/test_files'
    $ctSmall = Join-Path $testFiles 'CT_small.dcm'
    # Files that cannot be read even header-only (truncated inside the header; no preamble and a stray byte).
    # Broken files: truncated (MR_truncated is cut inside its Pixel Data, which a header-only read still checks)
    # or not DICOM at all.
    $unreadable = 'pydicom/test_files/MR_truncated.dcm', 'pydicom/test_files/rtplan_truncated.dcm', 'pydicom/test_files/no_meta.dcm'
    $manifest = Import-Csv (Join-Path $samples 'MANIFEST.tsv') -Delimiter "`t" | Where-Object file -NotLike '*.json'
}

Describe 'Get-HcDicomFile: one file' {
    BeforeAll {
        $file = Get-HcDicomFile -Path $ctSmall
    }

    It 'returns an HcDicomFile with the identifying attributes as properties' {
        $file | Should -BeOfType HealthcareTools.HcDicomFile
        $file.pstypenames[0] | Should -Be 'HealthcareTools.HcDicomFile'
        $file.Path | Should -Be (Resolve-Path $ctSmall).Path
        $file.SOPInstanceUID | Should -Be '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322'
        $file.SOPClassUID | Should -Be '1.2.840.10008.5.1.4.1.1.2'
        $file.StudyInstanceUID | Should -Be '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322'
        $file.SeriesInstanceUID | Should -Be '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322'
        $file.PatientID | Should -Be '1CT1'
        $file.PatientName | Should -Be 'CompressedSamples^CT1'
        $file.Modality | Should -Be 'CT'
        $file.TransferSyntax | Should -Be '1.2.840.10008.1.2.1'
        $file.TransferSyntaxName | Should -Be 'Explicit VR Little Endian'
        $file.Length | Should -Be (Get-Item $ctSmall).Length
    }

    It 'gives dates as DateTime' {
        $file.StudyDate | Should -BeOfType [datetime]
        $file.StudyDate | Should -Be ([datetime]'2004-01-19')
        $file.SeriesDate | Should -BeOfType [datetime]
        $file.StudyTime | Should -BeOfType [string]
    }

    It 'reaches every header attribute by keyword, with numbers as numbers' {
        $file.StudyDescription | Should -Be 'e+1'
        $file.SliceThickness | Should -BeOfType [double]
        $file.SliceThickness | Should -Be 5
        $file.Rows | Should -Be 128
        $file.ImagePositionPatient.Count | Should -Be 3
        $file.ImagePositionPatient[0] | Should -Be -158.135803
        $file.ImageType | Should -Be @('ORIGINAL', 'PRIMARY', 'AXIAL')
        $file.TransferSyntaxUID | Should -Be '1.2.840.10008.1.2.1'   # group 0002 too
        $file.NoSuchKeyword | Should -BeNullOrEmpty
        $file.PSObject.Properties.Name | Should -Contain 'StudyDescription'
        ($file | Get-Member).Name | Should -Contain 'SliceThickness'
    }

    It 'reaches attributes by tag or keyword through the indexer, private ones included' {
        $file['00100010'] | Should -Be 'CompressedSamples^CT1'
        $file['(0010,0010)'] | Should -Be 'CompressedSamples^CT1'
        $file['PatientName'] | Should -Be 'CompressedSamples^CT1'
        $file['00080020'] | Should -Be ([datetime]'2004-01-19')
        $file['(0028,0010)'] | Should -Be 128
        $file['(0002,0010)'] | Should -Be '1.2.840.10008.1.2.1'
        $file['(0043,0010)'] | Should -Be 'GEMS_PARM_01'   # a private creator
        $file['(0099,0099)'] | Should -BeNullOrEmpty
        $file['not a keyword'] | Should -BeNullOrEmpty
    }

    It 'stops before the pixel data' {
        $file.PSObject.Properties.Name | Should -Not -Contain 'PixelData'
        $file['7FE00010'] | Should -BeNullOrEmpty
    }

    It 'keeps the engine dataset as a hidden property that is not unrolled' {
        $dataset = $file.DicomDataset
        $dataset.GetString('PatientName') | Should -Be 'CompressedSamples^CT1'
        ($file | Get-Member).Name | Should -Not -Contain 'DicomDataset'
        ($file | Format-List * | Out-String) | Should -Not -Match '(?m)^DicomDataset\s*:'
        ($file | ConvertTo-Json -Depth 1 -WarningAction SilentlyContinue | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'DicomDataset'
    }

    It 'gives sequence items with attributes by keyword and by tag' {
        $plan = Get-HcDicomFile (Join-Path $testFiles 'rtplan.dcm')
        $plan.BeamSequence.Count | Should -BeGreaterThan 0
        $beam = $plan.BeamSequence[0]
        $beam | Should -BeOfType HealthcareTools.HcDicomItem
        $beam.BeamName | Should -Be 'Field 1'
        $beam['300A00C2'] | Should -Be 'Field 1'
        $beam.ControlPointSequence[0].ControlPointIndex | Should -Be 0
    }
}

Describe 'Get-HcDicomFile: paths, wildcards, folders and the pipeline' {
    It 'expands wildcards' {
        $files = Get-HcDicomFile -Path (Join-Path $testFiles 'CT_small*.dcm')
        @($files).Count | Should -Be 1
        $expected = @(Get-ChildItem $testFiles -Filter 'MR*.dcm' -File | Where-Object Name -ne 'MR_truncated.dcm').Count
        @(Get-HcDicomFile (Join-Path $testFiles 'MR*.dcm') -ErrorAction SilentlyContinue -ErrorVariable broken).Count | Should -Be $expected
        $broken.TargetObject | Should -Be (Join-Path $testFiles 'MR_truncated.dcm')
    }

    It 'reads the files of a folder, and of its subfolders with -Recurse' {
        $folder = Join-Path $testFiles 'dicomdirtests'
        $top = @(Get-ChildItem $folder -File | Where-Object Name -notlike 'README*')
        $all = @(Get-ChildItem $folder -File -Recurse | Where-Object Name -notlike 'README*')
        $all.Count | Should -BeGreaterThan $top.Count
        $flat = @(Get-HcDicomFile $folder -ErrorAction SilentlyContinue)
        $flat.Count | Should -Be $top.Count
        $deep = @(Get-HcDicomFile $folder -Recurse -ErrorAction SilentlyContinue -ErrorVariable errors)
        $deep.Count | Should -Be $all.Count
        $errors.Count | Should -Be 2   # README.txt, TINY_ALPHA/README
        $errors.TargetObject | Split-Path -Leaf | Should -Be @('README.txt', 'README')
        ($deep.Path | Sort-Object) | Should -Be ($all.FullName | Sort-Object)
    }

    It 'reads files piped from Get-ChildItem (by PSPath) and folders piped with -Recurse' {
        $fromFiles = Get-ChildItem (Join-Path $testFiles 'dicomdirtests') -Recurse -File -Filter '1*' | Get-HcDicomFile
        @($fromFiles).Count | Should -Be @(Get-ChildItem (Join-Path $testFiles 'dicomdirtests') -Recurse -File -Filter '1*').Count
        @($fromFiles).Count | Should -BeGreaterThan 0
        $fromFolder = Get-Item (Join-Path $testFiles 'dicomdirtests/TINY_ALPHA') | Get-HcDicomFile -Recurse -ErrorAction SilentlyContinue
        @($fromFolder).Count | Should -Be @(Get-ChildItem (Join-Path $testFiles 'dicomdirtests/TINY_ALPHA') -Recurse -File | Where-Object Name -notlike 'README*').Count
        @($fromFolder).Count | Should -BeGreaterThan 0
    }

    It 'reads each file once from Get-ChildItem -Recurse, which lists folders and their files' {
        $folder = Join-Path $testFiles 'dicomdirtests'
        $expected = @(Get-ChildItem $folder -File -Recurse | Where-Object Name -notlike 'README*').FullName | Sort-Object
        $read = Get-ChildItem $folder -Recurse | Get-HcDicomFile -ErrorAction SilentlyContinue
        ($read.Path | Sort-Object) | Should -Be $expected
        $read = Get-ChildItem $folder -Recurse | Get-HcDicomFile -Recurse -ErrorAction SilentlyContinue
        ($read.Path | Sort-Object) | Should -Be $expected
    }

    It 'reads the current folder without a path' {
        Push-Location (Join-Path $testFiles 'dicomdirtests/TINY_ALPHA/PT000000/ST000000/SE000000')
        try {
            $read = @(Get-HcDicomFile)
            $read.Count | Should -Be @(Get-ChildItem -File).Count
            $read.Count | Should -BeGreaterThan 0
        }
        finally { Pop-Location }
    }

    It 'takes -LiteralPath and objects with a FullName, without wildcard expansion' {
        $odd = Join-Path $TestDrive 'odd[1].dcm'
        Copy-Item -LiteralPath $ctSmall -Destination $odd
        (Get-HcDicomFile -LiteralPath $odd).PatientName | Should -Be 'CompressedSamples^CT1'
        ([pscustomobject]@{ FullName = $odd } | Get-HcDicomFile).Path | Should -Be $odd
    }

    It 'groups a tree by study, as in the help' {
        $groups = Get-ChildItem (Join-Path $testFiles 'dicomdirtests') -Recurse -File | Where-Object Name -notlike 'README*' |
            Get-HcDicomFile | Group-Object StudyInstanceUID
        @($groups).Count | Should -BeGreaterThan 1
        ($groups | Measure-Object Count -Sum).Sum | Should -Be @(Get-ChildItem (Join-Path $testFiles 'dicomdirtests') -Recurse -File | Where-Object Name -notlike 'README*').Count
    }

    It 'reads every readable sample with the SOP Instance UID of the manifest, and rejects only the broken ones' {
        $read = @(Get-HcDicomFile $samples -Recurse -ErrorAction SilentlyContinue -ErrorVariable errors)
        $byPath = @{}
        foreach ($item in $read) { $byPath[$item.Path] = $item }
        foreach ($entry in $manifest) {
            $path = Join-Path $samples $entry.file
            if ($entry.file -in $unreadable) {
                $byPath.ContainsKey($path) | Should -BeFalse -Because "$($entry.file) is broken"
                continue
            }
            $byPath.ContainsKey($path) | Should -BeTrue -Because "$($entry.file) is readable"
            if ($entry.sop_instance_uid) { $byPath[$path].SOPInstanceUID | Should -Be $entry.sop_instance_uid -Because $entry.file }
        }
        $dicomErrors = @($errors | Where-Object { $_.TargetObject -like '*.dcm' })
        @($dicomErrors.TargetObject | ForEach-Object { [IO.Path]::GetRelativePath($samples, $_).Replace('\', '/') } | Sort-Object) |
            Should -Be @($unreadable | Sort-Object)
    }
}

Describe 'Get-HcDicomFile: errors' {
    BeforeAll {
        $mixed = New-Item -ItemType Directory (Join-Path $TestDrive 'mixed')
        Copy-Item $ctSmall (Join-Path $mixed 'a-good.dcm')
        Copy-Item (Join-Path $testFiles 'rtplan_truncated.dcm') (Join-Path $mixed 'b-truncated.dcm')
        Copy-Item (Join-Path $testFiles 'rtplan.dcm') (Join-Path $mixed 'c-good.dcm')
        Set-Content (Join-Path $mixed 'd-notes.txt') 'not DICOM at all'
        Copy-Item (Join-Path $testFiles 'no_meta.dcm') (Join-Path $mixed 'e-stray-byte.dcm')
        Copy-Item (Join-Path $testFiles 'MR_small.dcm') (Join-Path $mixed 'f-good.dcm')
    }

    It 'gives one InvalidDicomFile error per bad file, naming the file and the offset, and reads the rest' {
        $read = @(Get-HcDicomFile $mixed -ErrorAction SilentlyContinue -ErrorVariable errors)
        ($read.Path | Split-Path -Leaf) | Should -Be @('a-good.dcm', 'c-good.dcm', 'f-good.dcm')
        $errors.Count | Should -Be 3
        ($errors.TargetObject | Split-Path -Leaf) | Should -Be @('b-truncated.dcm', 'd-notes.txt', 'e-stray-byte.dcm')
        foreach ($record in $errors) {
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidDicomFile,*'
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.Exception.Message | Should -Match ([regex]::Escape($record.TargetObject))
            $record.Exception.Message | Should -Match 'byte offset \d+'
        }
        $errors[0].Exception.Message | Should -Match 'runs past the end'
    }

    It 'does not stop on a bad file when errors are shown, only when -ErrorAction Stop says so' {
        { Get-HcDicomFile $mixed -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidDicomFile,HealthcareTools.Dicom.GetHcDicomFileCommand'
    }

    It 'reports a missing path as ObjectNotFound and goes on with the next' {
        $read = Get-HcDicomFile -Path (Join-Path $TestDrive 'missing.dcm'), $ctSmall -ErrorAction SilentlyContinue -ErrorVariable errors
        @($read).Count | Should -Be 1
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -BeLike '*missing.dcm'
        Get-HcDicomFile -LiteralPath (Join-Path $TestDrive 'gone[1].dcm') -ErrorAction SilentlyContinue -ErrorVariable literalErrors
        $literalErrors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }
}

Describe 'Get-HcDicomFile: streaming' {
    BeforeAll {
        $stream = New-Item -ItemType Directory (Join-Path $TestDrive 'stream')
        foreach ($index in 1..200) { Copy-Item $ctSmall (Join-Path $stream ('{0:d4}.dcm' -f $index)) }
    }

    It 'writes each file before reading the next' {
        # When the first object arrives, the last file is overwritten: it is read afterwards, so it fails.
        $last = Join-Path $stream '0200.dcm'
        $seen = 0
        $read = Get-HcDicomFile $stream -ErrorAction SilentlyContinue -ErrorVariable errors | ForEach-Object {
            if ($seen++ -eq 0) { Set-Content $last 'overwritten' }
            $_
        }
        @($read).Count | Should -Be 199
        $errors.Count | Should -Be 1
        $errors[0].TargetObject | Should -Be $last
        Copy-Item $ctSmall $last -Force
    }

    It 'stops promptly on Ctrl+C (pipeline stop)' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$env:HC_TEST_MODULE'; Get-HcDicomFile '$stream' | ForEach-Object { Start-Sleep -Milliseconds 50; `$_ }")
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($output.Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $output.Count | Should -BeGreaterOrEqual 3
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
            $output.Count | Should -BeLessThan 200
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $shell.Dispose() }
    }

    It 'stops reading when Select-Object -First has what it needs' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $first = Get-HcDicomFile $stream | Select-Object -First 1
        $clock.Stop()
        @($first).Count | Should -Be 1
        [IO.Path]::GetFileName($first.Path) | Should -Be '0001.dcm'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
    }
}

Describe 'Get-HcDicomFile: display' {
    It 'has a table view of at most six columns: patient, study date, modality, SOP Instance UID, file' {
        $table = (Get-FormatData -TypeName HealthcareTools.HcDicomFile).FormatViewDefinition.Control |
            Where-Object { $_ -is [System.Management.Automation.TableControl] }
        $table.Headers.Count | Should -BeLessOrEqual 6
        $text = Get-HcDicomFile $ctSmall | Format-Table | Out-String -Width 250
        $text | Should -Match 'PatientName\s+StudyDate\s+Modality\s+SOPInstanceUID\s+File'
        $text | Should -Match 'CompressedSamples\^CT1\s+2004-01-19\s+CT\s+1\.3\.6\.1\.4\.1\.5962\.1\.1\.1\.1\.1\.20040119072730\.12322\s+CT_small\.dcm'
    }

    It 'shows the table by default' {
        $text = Get-HcDicomFile $ctSmall | Out-String -Width 250
        $text | Should -Match 'PatientName\s+StudyDate'
    }
}
