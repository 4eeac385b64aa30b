# Resilience: with injected 429/503 answers and lost responses, every call still succeeds exactly once.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    # A fixed seed makes the fault pattern repeatable for a sequential run.
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR -ExtraArguments '--seed', '20261125'
    Initialize-HcTestSession -Emulator $emulator -Project fault-project
    # Short first delay keeps the run quick; more attempts make eight faults in a row survivable.
    Set-HcDefault -RetryAttempts 12 -RetryInitialDelayMs 20
}

AfterAll {
    $emulator | Stop-HcTestEmulator
}

Describe 'Under 30% injected 429/503 faults and lost responses' {
    It 'creates 100 datasets and gets them back, with exactly 100 stored' {
        Set-HcTestFault $emulator -ErrorRate 0.3 -ErrorStatuses 429, 503 -DropRate 0.05
        try {
            $names = 1..100 | ForEach-Object { 'f{0:000}' -f $_ }
            $created = $names | ForEach-Object { [pscustomobject]@{ Name = $_ } } | New-HcDataset -ErrorVariable createErrors
            $fetched = $names | ForEach-Object { Get-HcDataset -Name $_ -ErrorVariable +getErrors }
            $stats = Get-HcTestStat $emulator
        }
        finally { Set-HcTestFault $emulator -ErrorRate 0 }

        $createErrors | Should -BeNullOrEmpty
        $getErrors | Should -BeNullOrEmpty
        $created.Count | Should -Be 100
        $fetched.Count | Should -Be 100
        ($fetched.DatasetId | Sort-Object) | Should -Be $names
        # The faults really happened...
        $stats.faultsInjected | Should -BeGreaterThan 30
        $stats.drops | Should -BeGreaterThan 0
        # ...and the emulator holds each dataset exactly once.
        $listed = Get-HcDataset
        $listed.Count | Should -Be 100
        ($listed.DatasetId | Sort-Object -Unique).Count | Should -Be 100
    }
}
