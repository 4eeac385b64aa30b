# Bulk import under faults: injected 429/503 answers and dropped connections, and an import killed midway.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    # A fixed seed makes the fault pattern repeatable.
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR -ExtraArguments '--seed', '4'
    Initialize-HcTestSession -Emulator $emulator -Project resilience-project
    Set-HcDefault -Dataset imaging -RetryAttempts 12 -RetryInitialDelayMs 20
    New-HcDataset -Name imaging | Out-Null
    $corpus = Join-Path ([IO.Path]::GetTempPath()) "hc-resilience-$([guid]::NewGuid().ToString('n'))"
    $files = New-HcTestDicomCorpus -Destination $corpus -Count 500 -Studies 5
}

AfterAll {
    Set-HcTestFault $emulator -ErrorRate 0
    $emulator | Stop-HcTestEmulator
    Remove-Item $corpus -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Import-HcDicomInstance under faults' {
    It 'stores 500 instances exactly once with 20% injected 429/503 and dropped connections, none failed' {
        New-HcDicomStore -Name faulty | Out-Null
        Set-HcTestFault $emulator -ErrorRate 0.2 -ErrorStatuses 429, 503 -DropRate 0.05
        try {
            # Small batches: about 125 requests, so many meet a fault.
            $results = Import-HcDicomInstance -DicomStore faulty -Path $corpus -BatchSize 4 -ErrorVariable failures
            $stats = Get-HcTestStat $emulator
        }
        finally { Set-HcTestFault $emulator -ErrorRate 0 }

        $failures | Should -BeNullOrEmpty
        $results.Count | Should -Be 500
        @($results | Where-Object Status -eq Failed).Count | Should -Be 0
        $stats.faultsInjected | Should -BeGreaterThan 15
        $stats.drops | Should -BeGreaterThan 0
        $stored = Get-HcDicomInstance -DicomStore faulty
        $stored.Count | Should -Be 500
        ($stored.SOPInstanceUID | Sort-Object -Unique).Count | Should -Be 500
        @(Get-HcDicomStudy -DicomStore faulty).Count | Should -Be 5
    }

    It 'ends with the full set when an import killed midway is run again' {
        New-HcDicomStore -Name resumed | Out-Null
        $log = Join-Path ([IO.Path]::GetTempPath()) "hc-killed-$([guid]::NewGuid().ToString('n')).txt"
        $script = Join-Path ([IO.Path]::GetTempPath()) "hc-killed-$([guid]::NewGuid().ToString('n')).ps1"
        Set-Content $script @"
Import-Module '$env:HC_TEST_MODULE'
Set-HcDefault -Endpoint '$($emulator.Url)' -Project resilience-project -Location us-central1 -Dataset imaging
Import-HcDicomInstance -DicomStore resumed -Path '$corpus' -ThrottleLimit 1 -BatchSize 4 | ForEach-Object { Add-Content '$log' `$_.SOPInstanceUID }
"@
        $pwsh = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
        $child = Start-Process $pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', $script -PassThru
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline -and -not $child.HasExited -and @(Get-Content $log -ErrorAction SilentlyContinue).Count -lt 100) {
            Start-Sleep -Milliseconds 50
        }
        $child.HasExited | Should -BeFalse -Because 'the import must still be running when it is killed'
        $child.Kill($true)
        $child.WaitForExit()
        $before = @(Get-HcDicomInstance -DicomStore resumed).Count
        $before | Should -BeGreaterOrEqual 100
        $before | Should -BeLessThan 500

        Set-HcTestFault $emulator -ErrorRate 0.2 -ErrorStatuses 429, 503 -DropRate 0.05
        try { $rerun = Import-HcDicomInstance -DicomStore resumed -Path $corpus -ErrorVariable failures }
        finally { Set-HcTestFault $emulator -ErrorRate 0 }

        $failures | Should -BeNullOrEmpty
        $rerun.Count | Should -Be 500
        @($rerun | Where-Object Status -eq AlreadyPresent).Count | Should -BeGreaterOrEqual $before
        $final = Get-HcDicomInstance -DicomStore resumed
        $final.Count | Should -Be 500
        ($final.SOPInstanceUID | Sort-Object -Unique).Count | Should -Be 500
        Remove-Item $log, $script -ErrorAction SilentlyContinue
    }
}
