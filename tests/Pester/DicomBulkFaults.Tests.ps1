# Issue 5's acceptance: with 20% injected faults on both the Healthcare and the Cloud Storage surfaces (and a few
# lost responses), a 300-instance subset export to Cloud Storage (WADO-RS streamed into resumable uploads) ends
# with exactly 300 correct objects and no error.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    # A fixed seed makes the fault pattern repeatable as far as the (parallel) request order allows.
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR -ExtraArguments '--seed', '20261125'
    Initialize-HcTestSession -Emulator $emulator -Project faults-project
    Set-HcDefault -Dataset imaging
    New-HcDataset -Name imaging | Out-Null
    New-HcDicomStore -Name ct | Out-Null
    Invoke-RestMethod -Method Post "$($emulator.Url)storage/v1/b?project=faults-project" -Body '{"name":"bkt"}' -ContentType 'application/json' | Out-Null

    $work = Join-Path ([IO.Path]::GetTempPath()) "hc-bulk-faults-$([guid]::NewGuid().ToString('n'))"
    $corpus = Join-Path $work 'corpus'
    New-HcTestDicomCorpus -Destination $corpus -Count 300 -Studies 5 | Out-Null
    $sources = Get-HcDicomFile -Path $corpus
    # Faults are off while the store is filled: only the export is under test.
    $imported = Import-HcDicomInstance -DicomStore ct -Path $corpus
    $hashes = @{}
    foreach ($file in $sources) { $hashes[$file.SOPInstanceUID] = (Get-FileHash $file.Path).Hash }
}

AfterAll {
    $emulator | Stop-HcTestEmulator
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A piped subset exported to Cloud Storage under injected faults' {
    It 'holds 300 distinct instances before the export' {
        $sources.Count | Should -Be 300
        ($sources.SOPInstanceUID | Sort-Object -Unique).Count | Should -Be 300
        @($imported | Where-Object Status -ne 'Stored').Count | Should -Be 0
        (Get-HcDicomInstance -DicomStore ct).Count | Should -Be 300
    }

    It 'ends with exactly 300 objects, each byte-identical to its source, and no error' {
        # Short first delay keeps the run quick; 12 attempts make a run of faults on one request survivable.
        Set-HcDefault -RetryAttempts 12 -RetryInitialDelayMs 20
        Invoke-RestMethod -Method Post "$($emulator.Url)_emulator/reset-stats" | Out-Null
        Set-HcTestFault $emulator -ErrorRate 0.2 -ErrorStatuses 429, 503 -DropRate 0.03
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try {
            $exported = Get-HcDicomStudy -DicomStore ct -ErrorVariable searchErrors |
                Export-HcDicomInstance -Destination gs://bkt/subset/ -ErrorVariable exportErrors
            $stats = Get-HcTestStat $emulator
        }
        finally { Set-HcTestFault $emulator -ErrorRate 0 -DropRate 0 }
        $clock.Stop()
        Write-Host ("    export: {0} objects in {1:0.0} s; {2} requests, {3} injected errors, {4} dropped responses" -f
            @($exported).Count, $clock.Elapsed.TotalSeconds, $stats.requests, $stats.faultsInjected, $stats.drops)

        $searchErrors | Should -BeNullOrEmpty
        $exportErrors | Should -BeNullOrEmpty
        # The faults really happened, on a run of this size on both surfaces.
        $stats.faultsInjected | Should -BeGreaterThan 100
        $stats.drops | Should -BeGreaterThan 0

        $expected = $sources | ForEach-Object { "subset/$($_.StudyInstanceUID)/$($_.SeriesInstanceUID)/$($_.SOPInstanceUID).dcm" } | Sort-Object
        @($exported).Count | Should -Be 300
        ($exported.Name | Sort-Object) | Should -Be $expected
        $listed = Get-HcStorageObject gs://bkt/subset/ -Recurse
        @($listed).Count | Should -Be 300
        ($listed.Name | Sort-Object) | Should -Be $expected

        $downloads = Join-Path $work 'downloads'
        $downloaded = $listed | Copy-HcStorageObject -Destination $downloads -ErrorVariable downloadErrors
        $downloadErrors | Should -BeNullOrEmpty
        @($downloaded).Count | Should -Be 300
        $mismatched = @($downloaded | Where-Object { (Get-FileHash $_.FullName).Hash -ne $hashes[$_.BaseName] })
        $mismatched.Count | Should -Be 0
        ($downloaded.BaseName | Sort-Object -Unique).Count | Should -Be 300
    }
}
