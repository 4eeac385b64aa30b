# IAM policies on datasets (stores reuse the same cmdlets), and locations.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project iam-project
    New-HcDataset -Name secured | Out-Null
    New-HcDataset -Name secured2 | Out-Null
}

AfterAll {
    $emulator | Stop-HcTestEmulator
}

Describe 'IAM cmdlets' {
    It 'grants, reads and revokes a role' {
        $policy = Add-HcIamPolicyBinding -Name secured -Role roles/healthcare.dicomViewer -Member 'user:ana@example.com', 'group:readers@example.com'
        $policy | Should -BeOfType HealthcareTools.HcIamPolicy
        $policy.ResourceName | Should -Be 'projects/iam-project/locations/us-central1/datasets/secured'
        ($policy.Bindings | Where-Object Role -eq 'roles/healthcare.dicomViewer').Members | Should -Be @('user:ana@example.com', 'group:readers@example.com')

        $read = Get-HcDataset secured | Get-HcIamPolicy
        $read.Etag | Should -Be $policy.Etag
        $read.Members | Should -Contain 'user:ana@example.com'

        $after = Remove-HcIamPolicyBinding -Name secured -Role roles/healthcare.dicomViewer -Member 'user:ana@example.com' -Force -PassThru
        ($after.Bindings | Where-Object Role -eq 'roles/healthcare.dicomViewer').Members | Should -Be @('group:readers@example.com')
    }

    It 'copies a policy to another dataset with Set-HcIamPolicy' {
        Add-HcIamPolicyBinding -Name secured -Role roles/healthcare.datasetViewer -Member 'user:bo@example.com' | Out-Null
        $source = Get-HcIamPolicy -Name secured
        $target = Get-HcIamPolicy -Name secured2
        $source.Etag = $target.Etag
        $stored = $source | Set-HcIamPolicy -Name secured2 -PassThru
        $stored.ResourceName | Should -Be 'projects/iam-project/locations/us-central1/datasets/secured2'
        (Get-HcIamPolicy secured2).Bindings.Role | Should -Contain 'roles/healthcare.datasetViewer'
    }

    It 'refuses a stale etag instead of losing a concurrent change' {
        $stale = Get-HcIamPolicy -Name secured
        Add-HcIamPolicyBinding -Name secured -Role roles/healthcare.dicomEditor -Member 'user:cy@example.com' | Out-Null
        $stale | Set-HcIamPolicy -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Aborted,*'
        (Get-HcIamPolicy secured).Members | Should -Contain 'user:cy@example.com'
    }

    It 'changes nothing with -WhatIf' {
        $before = Get-HcIamPolicy secured
        Add-HcIamPolicyBinding -Name secured -Role roles/healthcare.fhirResourceReader -Member 'user:dee@example.com' -WhatIf
        (Get-HcIamPolicy secured).Etag | Should -Be $before.Etag
    }

    It 'tests permissions' {
        $held = Test-HcIamPermission -Name secured -Permission healthcare.datasets.get, healthcare.dicomStores.dicomWebRead
        $held | Should -Be @('healthcare.datasets.get', 'healthcare.dicomStores.dicomWebRead')
    }

    It 'reports a missing resource as ObjectNotFound' {
        Get-HcIamPolicy -Name nowhere -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].FullyQualifiedErrorId | Should -Be 'ResourceNotFound,HealthcareTools.Iam.GetHcIamPolicyCommand'
    }

    It 'refuses names that are not datasets or stores' {
        Get-HcIamPolicy -Name 'projects/iam-project/locations/us-central1' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Get-HcLocation' {
    It 'lists the locations of a project' {
        $locations = Get-HcLocation
        $locations.Location | Should -Contain 'us-central1'
        $locations[0] | Should -BeOfType HealthcareTools.HcLocation
        $locations[0].Project | Should -Be 'iam-project'
    }

    It 'gets one location and reports an unknown one as LocationNotFound' {
        $found = Get-HcLocation -Location europe-west4, mars-north1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'projects/iam-project/locations/europe-west4'
        $failures[0].FullyQualifiedErrorId | Should -Be 'LocationNotFound,HealthcareTools.Locations.GetHcLocationCommand'
    }
}
