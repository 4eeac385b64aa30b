# Long-running operations: get, list, wait with progress, cancel.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project op-project
    Set-HcDefault -Dataset ops
    New-HcDataset -Name ops | Out-Null
}

AfterAll {
    $emulator | Stop-HcTestEmulator
}

Describe 'Get-HcOperation' {
    It 'gets an operation by full name and by ID, and lists the dataset''s operations' {
        Set-HcTestOperationDuration $emulator -DurationMs 0
        $operation = New-HcDataset -Name op-get -NoWait
        $byName = Get-HcOperation -Name $operation.Name
        $byName.OperationId | Should -Be $operation.OperationId
        $byName.DatasetId | Should -Be 'op-get'
        (Get-HcOperation -Dataset op-get -Name $operation.OperationId).Name | Should -Be $operation.Name
        (Get-HcDataset op-get | Get-HcOperation).Name | Should -Contain $operation.Name
        ($operation | Get-HcOperation).State | Should -Be 'Succeeded'
    }

    It 'reports an unknown operation as OperationNotFound and continues' {
        $operation = New-HcDataset -Name op-missing -NoWait
        $found = Get-HcOperation -Dataset op-missing -Name 999999999, $operation.OperationId -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.OperationId | Should -Be $operation.OperationId
        $failures[0].FullyQualifiedErrorId | Should -Be 'OperationNotFound,HealthcareTools.Operations.GetHcOperationCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'stops with a clear terminating error when no dataset is known' {
        Set-HcDefault -Dataset ''
        try {
            { Get-HcOperation -ErrorAction Stop } | Should -Throw -ErrorId 'DatasetNotSet,HealthcareTools.Operations.GetHcOperationCommand'
            { Get-HcOperation } | Should -Throw '*Set-HcDefault*gcloud property healthcare/dataset*'
        }
        finally { Set-HcDefault -Dataset ops }
    }
}

Describe 'Wait-HcOperation' {
    AfterEach { Set-HcTestOperationDuration $emulator -DurationMs 0 }

    It 'waits for several piped operations together and reports progress from their counters' {
        Set-HcTestOperationDuration $emulator -DurationMs 1500
        $operations = 'w1', 'w2', 'w3' | ForEach-Object { [pscustomobject]@{ Name = $_ } } | New-HcDataset -NoWait
        $operations.Count | Should -Be 3
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$env:HC_TEST_MODULE'; Set-HcDefault -Endpoint '$($emulator.Url)'; `$args[0] | Wait-HcOperation").AddArgument($operations.Name)
        $finished = $shell.Invoke()
        $finished.Count | Should -Be 3
        $finished.State | Sort-Object -Unique | Should -Be 'Succeeded'
        $progress = @($shell.Streams.Progress | Where-Object Activity -eq 'Waiting for operations')
        $progress.Count | Should -BeGreaterThan 0
        $progress[-1].RecordType | Should -Be 'Completed'
        $shell.Dispose()
    }

    It 'gives up after -Timeout with a non-terminating OperationTimeout error' {
        Set-HcTestOperationDuration $emulator -DurationMs 60000
        $operation = New-HcDataset -Name slow1 -NoWait
        $result = $operation | Wait-HcOperation -Timeout 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OperationTimeout,*'
        $failures[0].TargetObject | Should -Be $operation.Name
        $operation | Stop-HcOperation -Confirm:$false
    }
}

Describe 'Stop-HcOperation' {
    AfterEach { Set-HcTestOperationDuration $emulator -DurationMs 0 }

    It 'cancels a running operation; waiting then reports it cancelled' {
        Set-HcTestOperationDuration $emulator -DurationMs 60000
        $operation = New-HcDataset -Name cancel1 -NoWait
        $stopped = $operation | Stop-HcOperation -PassThru -Confirm:$false
        $stopped.State | Should -Be 'Cancelled'
        $stopped.ErrorCode | Should -Be 1
        $final = $operation | Wait-HcOperation -ErrorVariable failures -ErrorAction SilentlyContinue
        $final.State | Should -Be 'Cancelled'
        $failures.Count | Should -Be 1
        Get-HcDataset cancel1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'does nothing with -WhatIf' {
        Set-HcTestOperationDuration $emulator -DurationMs 60000
        $operation = New-HcDataset -Name cancel2 -NoWait
        $operation | Stop-HcOperation -WhatIf
        ($operation | Get-HcOperation).State | Should -Be 'Running'
        $operation | Stop-HcOperation -Confirm:$false
    }
}
