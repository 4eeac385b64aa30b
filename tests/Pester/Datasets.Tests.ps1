# Datasets against the emulator, driven as a user would.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project ds-project
}

AfterAll {
    $emulator | Stop-HcTestEmulator
}

Describe 'New-HcDataset | Get-HcDataset | Remove-HcDataset' {
    It 'creates, reads back and deletes through the pipeline' {
        $created = New-HcDataset -Project p -Location us-central1 -Name d1
        $created | Should -BeOfType HealthcareTools.HcDataset
        $created.Name | Should -Be 'projects/p/locations/us-central1/datasets/d1'
        $created.DatasetId | Should -Be 'd1'

        New-HcDataset -Project p -Location us-central1 -Name d2 | Get-HcDataset | Remove-HcDataset -Force
        Get-HcDataset -Project p -Location us-central1 -Name d2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-HcDataset -Project p -Location us-central1).DatasetId | Should -Be @('d1')
    }

    It 'passes the time zone and returns the dataset as stored' {
        $dataset = New-HcDataset -Name tz1 -TimeZone 'Europe/Paris'
        $dataset.TimeZone | Should -Be 'Europe/Paris'
        (Get-HcDataset tz1).TimeZone | Should -Be 'Europe/Paris'
    }

    It 'reports an existing dataset as ResourceExists and goes on with the next' {
        New-HcDataset -Name dup1 | Out-Null
        $results = 'dup1', 'dup2' | ForEach-Object { [pscustomobject]@{ Name = $_ } } |
            New-HcDataset -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.DatasetId | Should -Be @('dup2')
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'AlreadyExists,*'
        $failures[0].TargetObject | Should -Be 'dup1'
    }

    It 'rejects a bad ID before sending any request' {
        $before = (Get-HcTestStat $emulator).requests
        New-HcDataset -Name 'bad/id' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Message | Should -Match 'bad/id'
        (Get-HcTestStat $emulator).requests | Should -Be $before
    }

    It 'returns the operation with -NoWait, and Wait-HcOperation finishes it' {
        Set-HcTestOperationDuration $emulator -DurationMs 1500
        try {
            $operation = New-HcDataset -Name later1 -NoWait
            $operation | Should -BeOfType HealthcareTools.HcOperation
            $operation.Done | Should -BeFalse
            $operation.State | Should -Be 'Running'
            $finished = $operation | Wait-HcOperation
            $finished.Done | Should -BeTrue
            $finished.State | Should -Be 'Succeeded'
            $finished.Method | Should -Be 'CreateDataset'
        }
        finally { Set-HcTestOperationDuration $emulator -DurationMs 0 }
    }

    It 'waits by default with a progress bar and returns the dataset' {
        Set-HcTestOperationDuration $emulator -DurationMs 1200
        try {
            $shell = [powershell]::Create()
            $null = $shell.AddScript("Import-Module '$env:HC_TEST_MODULE'; Set-HcDefault -Endpoint '$($emulator.Url)' -Project ds-project -Location us-central1; New-HcDataset -Name waited1")
            $output = $shell.Invoke()
            $shell.Streams.Error | Should -BeNullOrEmpty
            $output[0].DatasetId | Should -Be 'waited1'
            @($shell.Streams.Progress | Where-Object Activity -eq 'Creating datasets').Count | Should -BeGreaterThan 0
            $shell.Dispose()
        }
        finally { Set-HcTestOperationDuration $emulator -DurationMs 0 }
    }
}

Describe 'Get-HcDataset' {
    BeforeAll {
        1..7 | ForEach-Object { [pscustomobject]@{ Name = "list-$_" } } | New-HcDataset -Project list-project | Out-Null
    }

    It 'lists every dataset of the location' {
        (Get-HcDataset -Project list-project).Count | Should -Be 7
    }

    It 'honours -First and -Skip' {
        (Get-HcDataset -Project list-project -First 2).DatasetId | Should -Be @('list-1', 'list-2')
        (Get-HcDataset -Project list-project -Skip 5).DatasetId | Should -Be @('list-6', 'list-7')
    }

    It 'matches wildcards over IDs' {
        (Get-HcDataset -Project list-project -Name 'list-[13]').DatasetId | Should -Be @('list-1', 'list-3')
    }

    It 'gives a non-terminating ObjectNotFound with a stable id, and continues' {
        $found = Get-HcDataset -Project list-project -Name nope, list-2 -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.DatasetId | Should -Be @('list-2')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'DatasetNotFound,HealthcareTools.Datasets.GetHcDatasetCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'nope'
    }

    It 'lists the datasets of piped locations' {
        (Get-HcLocation -Project list-project -Location us-central1 | Get-HcDataset).Count | Should -Be 7
    }

    It 'accepts full resource names' {
        (Get-HcDataset -Name 'projects/list-project/locations/us-central1/datasets/list-4').DatasetId | Should -Be 'list-4'
    }

    It 'completes dataset IDs' {
        $line = 'Get-HcDataset -Project list-project -Name list-'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'list-5'
    }
}

Describe 'Set-HcDataset' {
    It 'changes the time zone and returns the dataset with -PassThru' {
        New-HcDataset -Name set1 | Out-Null
        $updated = Get-HcDataset set1 | Set-HcDataset -TimeZone 'America/Chicago' -PassThru
        $updated.TimeZone | Should -Be 'America/Chicago'
        (Get-HcDataset set1).TimeZone | Should -Be 'America/Chicago'
    }

    It 'changes nothing with -WhatIf' {
        New-HcDataset -Name set2 -TimeZone UTC | Out-Null
        Set-HcDataset -Name set2 -TimeZone 'Asia/Tokyo' -WhatIf
        (Get-HcDataset set2).TimeZone | Should -Be 'UTC'
    }
}

Describe 'Remove-HcDataset' {
    It 'deletes nothing with -WhatIf, even with -Force' {
        New-HcDataset -Name keep1 | Out-Null
        Remove-HcDataset -Name keep1 -WhatIf -Force
        (Get-HcDataset keep1).DatasetId | Should -Be 'keep1'
    }

    It 'reports a missing dataset as ObjectNotFound' {
        Remove-HcDataset -Name gone-already -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'DatasetNotFound,HealthcareTools.Datasets.RemoveHcDatasetCommand'
    }

    It 'returns the removed identity with -PassThru' {
        New-HcDataset -Name pass1 | Out-Null
        (Remove-HcDataset -Name pass1 -Force -PassThru).DatasetId | Should -Be 'pass1'
    }
}
