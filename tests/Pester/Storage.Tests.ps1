# Cloud Storage cmdlets against the emulator's Cloud Storage surface (served by the same process).

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project storage-project
    Invoke-RestMethod -Method Post "$($emulator.Url)storage/v1/b?project=storage-project" -Body '{"name":"bkt"}' -ContentType 'application/json' | Out-Null

    $local = Join-Path ([IO.Path]::GetTempPath()) "hc-gcs-$([guid]::NewGuid().ToString('n'))"
    $tree = Join-Path $local 'scans'
    New-Item -ItemType Directory -Force (Join-Path $tree 'a'), (Join-Path $tree 'b/deeper') | Out-Null
    $random = [Random]::new(7)
    $sizes = @{ 'a/one.dcm' = 1000; 'a/two.bin' = 70000; 'b/deeper/three.dcm' = 5; 'top.txt' = 0 }
    foreach ($name in $sizes.Keys) {
        $bytes = [byte[]]::new($sizes[$name]); $random.NextBytes($bytes)
        [IO.File]::WriteAllBytes((Join-Path $tree $name), $bytes)
    }
    # Larger than the client's 10 MiB upload chunk: a multi-chunk resumable upload.
    $big = Join-Path $local 'big.bin'
    $bytes = [byte[]]::new(12MB + 12345); $random.NextBytes($bytes); [IO.File]::WriteAllBytes($big, $bytes)
    $restore = Join-Path $local 'restore'
}

AfterAll {
    $emulator | Stop-HcTestEmulator
    Remove-Item $local -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Copy-HcStorageObject and Get-HcStorageObject' {
    It 'uploads a folder tree under its own name, one object per file' {
        $uploaded = Copy-HcStorageObject -Path $tree -Destination gs://bkt/up/ -Recurse
        $uploaded.Count | Should -Be 4
        $uploaded[0] | Should -BeOfType HealthcareTools.HcStorageObject
        ($uploaded.Name | Sort-Object) | Should -Be @('up/scans/a/one.dcm', 'up/scans/a/two.bin', 'up/scans/b/deeper/three.dcm', 'up/scans/top.txt')
        ($uploaded | Where-Object Name -eq 'up/scans/a/one.dcm').ContentType | Should -Be 'application/dicom'
        ($uploaded | Where-Object Name -eq 'up/scans/a/two.bin').Size | Should -Be 70000
    }

    It 'lists direct children, or everything with -Recurse' {
        (Get-HcStorageObject gs://bkt/up/scans/).Name | Should -Be @('up/scans/top.txt')
        (Get-HcStorageObject gs://bkt/up/scans/ -Recurse).Count | Should -Be 4
        (Get-HcStorageObject gs://bkt/up/scans -Recurse).Count | Should -Be 4   # a folder-like name without the slash
        (Get-HcStorageObject gs://bkt/up/scans/a/two.bin).Size | Should -Be 70000
    }

    It 'downloads piped objects byte for byte' {
        $files = Get-HcStorageObject gs://bkt/up/scans/a/ | Copy-HcStorageObject -Destination $restore
        $files.Count | Should -Be 2
        foreach ($name in 'one.dcm', 'two.bin') {
            (Get-FileHash (Join-Path $restore $name)).Hash | Should -Be (Get-FileHash (Join-Path $tree "a/$name")).Hash
        }
    }

    It 'downloads a prefix recursively, keeping relative paths' {
        Copy-HcStorageObject -Uri gs://bkt/up/scans/ -Destination (Join-Path $restore 'tree') -Recurse | Out-Null
        (Get-FileHash (Join-Path $restore 'tree/b/deeper/three.dcm')).Hash | Should -Be (Get-FileHash (Join-Path $tree 'b/deeper/three.dcm')).Hash
        (Get-Item (Join-Path $restore 'tree/top.txt')).Length | Should -Be 0
    }

    It 'round-trips an object larger than one upload chunk exactly' {
        $object = Copy-HcStorageObject -Path $big -Destination gs://bkt/big/big.bin
        $object.Size | Should -Be (Get-Item $big).Length
        $back = Copy-HcStorageObject -Uri gs://bkt/big/big.bin -Destination (Join-Path $restore 'big')
        (Get-FileHash $back.FullName).Hash | Should -Be (Get-FileHash $big).Hash
    }

    It 'reports a missing object as StorageObjectNotFound and goes on' {
        $found = Get-HcStorageObject gs://bkt/nope.bin, gs://bkt/up/scans/top.txt -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Name | Should -Be @('up/scans/top.txt')
        $failures[0].FullyQualifiedErrorId | Should -Be 'StorageObjectNotFound,HealthcareTools.Storage.GetHcStorageObjectCommand'
        $failures[0].TargetObject | Should -Be 'gs://bkt/nope.bin'
    }

    It 'refuses what is not a gs:// URI, and copies nothing with -WhatIf' {
        Get-HcStorageObject bkt/up -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Copy-HcStorageObject -Path $big -Destination gs://bkt/whatif/ -WhatIf
        Get-HcStorageObject gs://bkt/whatif/ | Should -BeNullOrEmpty
    }
}
