# DICOM store administration against the emulator.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project store-project
    Set-HcDefault -Dataset imaging
    New-HcDataset -Name imaging | Out-Null
}

AfterAll {
    $emulator | Stop-HcTestEmulator
}

Describe 'New-HcDicomStore' {
    It 'creates a store with labels, notifications and streaming' {
        $store = New-HcDicomStore -Name ct -Label @{ modality = 'ct'; env = 'test' } -PubsubTopic projects/store-project/topics/dicom-in -SendForBulkImport -StreamConfig 'bq://store-project.dicom.ct'
        $store | Should -BeOfType HealthcareTools.HcDicomStore
        $store.Name | Should -Be 'projects/store-project/locations/us-central1/datasets/imaging/dicomStores/ct'
        $store.DicomStoreId | Should -Be 'ct'
        $store.DatasetId | Should -Be 'imaging'
        $store.Labels['modality'] | Should -Be 'ct'
        $store.PubsubTopic | Should -Be 'projects/store-project/topics/dicom-in'
        $store.SendForBulkImport | Should -BeTrue
        $store.StreamConfigs | Should -Be @('bq://store-project.dicom.ct')
    }

    It 'creates a store in each piped dataset' {
        New-HcDataset -Name site-a | Out-Null
        New-HcDataset -Name site-b | Out-Null
        $stores = Get-HcDataset 'site-*' | New-HcDicomStore -Name incoming
        $stores.Name | Should -Be @(
            'projects/store-project/locations/us-central1/datasets/site-a/dicomStores/incoming',
            'projects/store-project/locations/us-central1/datasets/site-b/dicomStores/incoming')
    }

    It 'reports an existing store as ResourceExists' {
        New-HcDicomStore -Name ct -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }
}

Describe 'Get-HcDicomStore' {
    BeforeAll {
        'mr', 'us', 'xa' | ForEach-Object { New-HcDicomStore -Name $_ -Label @{ env = $(if ($_ -eq 'mr') { 'prod' } else { 'test' }) } } | Out-Null
    }

    It 'lists, filters by label and matches wildcards' {
        (Get-HcDicomStore).DicomStoreId | Should -Be @('ct', 'mr', 'us', 'xa')
        (Get-HcDicomStore -Filter 'labels.env=prod').DicomStoreId | Should -Be @('mr')
        (Get-HcDicomStore -Name '[mu]?').DicomStoreId | Should -Be @('mr', 'us')
        (Get-HcDicomStore -First 1).DicomStoreId | Should -Be 'ct'
    }

    It 'lists the stores of piped datasets, and refreshes piped stores' {
        (Get-HcDataset imaging | Get-HcDicomStore).Count | Should -Be 4
        (Get-HcDicomStore -Name ct | Get-HcDicomStore).PubsubTopic | Should -Be 'projects/store-project/topics/dicom-in'
    }

    It 'reports a missing store as DicomStoreNotFound and continues' {
        $found = Get-HcDicomStore -Name nope, ct -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.DicomStoreId | Should -Be @('ct')
        $failures[0].FullyQualifiedErrorId | Should -Be 'DicomStoreNotFound,HealthcareTools.Dicom.GetHcDicomStoreCommand'
    }

    It 'refuses the name of a store of another kind' {
        Get-HcDicomStore -Name 'projects/store-project/locations/us-central1/datasets/imaging/fhirStores/f' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Set-HcDicomStore' {
    It 'changes only what is given' {
        New-HcDicomStore -Name setme -Label @{ a = '1' } -PubsubTopic projects/store-project/topics/t1 | Out-Null
        $updated = Set-HcDicomStore -Name setme -StreamConfig 'bq://store-project.dicom.setme' -PassThru
        $updated.StreamConfigs | Should -Be @('bq://store-project.dicom.setme')
        $updated.PubsubTopic | Should -Be 'projects/store-project/topics/t1'
        $updated.Labels['a'] | Should -Be '1'

        $updated = Get-HcDicomStore setme | Set-HcDicomStore -PubsubTopic '' -Label @{ b = '2' } -PassThru
        $updated.PubsubTopic | Should -BeNullOrEmpty
        $updated.Labels.Keys | Should -Be @('b')
    }

    It 'changes nothing with -WhatIf, and refuses a call with nothing to change' {
        Set-HcDicomStore -Name setme -Label @{ c = '3' } -WhatIf
        (Get-HcDicomStore setme).Labels.Keys | Should -Be @('b')
        Set-HcDicomStore -Name setme -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Remove-HcDicomStore and IAM on stores' {
    It 'applies IAM cmdlets to a store' {
        $store = New-HcDicomStore -Name secured
        $policy = $store | Add-HcIamPolicyBinding -Role roles/healthcare.dicomViewer -Member 'user:ana@example.com'
        $policy.ResourceName | Should -Be $store.Name
        ($store | Get-HcIamPolicy).Members | Should -Be @('user:ana@example.com')
    }

    It 'deletes piped stores with -Force, and nothing with -WhatIf' {
        Get-HcDicomStore -Name xa | Remove-HcDicomStore -WhatIf
        (Get-HcDicomStore -Name xa).DicomStoreId | Should -Be 'xa'
        Get-HcDicomStore -Name xa, us | Remove-HcDicomStore -Force
        (Get-HcDicomStore).DicomStoreId | Should -Not -Contain 'xa'
        (Get-HcDicomStore).DicomStoreId | Should -Not -Contain 'us'
    }

    It 'removes the stores with their dataset' {
        Remove-HcDataset -Name site-a -Force
        Get-HcDicomStore -Dataset site-a -Name incoming -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
