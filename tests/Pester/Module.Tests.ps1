# The module as a product: manifest, verbs, ShouldProcess, OutputType, help, table views, import cost
# and dependency isolation.

BeforeDiscovery {
    Import-Module $env:HC_TEST_MODULE -Force
    $script:cmdlets = @(Get-Command -Module HealthcareTools -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
    $script:readOnlyVerbs = 'Get', 'Test', 'Wait', 'Find', 'Search', 'Show', 'Measure', 'Resolve', 'Compare'
    $script:mutating = @($cmdlets | Where-Object { $_.Name.Split('-')[0] -notin $readOnlyVerbs })
    $script:removers = @($cmdlets | Where-Object { $_.Name -like 'Remove-*' })
}

BeforeAll {
    Import-Module $env:HC_TEST_MODULE -Force
    Import-Module $env:HC_TEST_SUPPORT -Force
    $readOnlyVerbs = 'Get', 'Test', 'Wait', 'Find', 'Search', 'Show', 'Measure', 'Resolve', 'Compare'
}

Describe 'Module manifest' {
    It 'is valid and exports exactly the cmdlets it lists' {
        $manifest = Test-ModuleManifest $env:HC_TEST_MODULE
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $exported = (Get-Command -Module HealthcareTools -CommandType Cmdlet).Name | Sort-Object
        $listed = (Import-PowerShellDataFile $env:HC_TEST_MODULE).CmdletsToExport | Sort-Object
        $exported | Should -Be $listed
        $listed | Should -Not -Contain '*'
    }

    It 'keeps the engine and third-party DLLs in dependencies/' {
        $root = Split-Path $env:HC_TEST_MODULE
        (Get-ChildItem $root -Filter *.dll).Name | Should -Be @('HealthcareTools.dll')
        (Get-ChildItem (Join-Path $root 'dependencies') -Filter *.dll).Name | Should -Contain 'HealthcareTools.Client.dll'
        (Get-ChildItem (Join-Path $root 'dependencies') -Filter *.dll).Name | Should -Contain 'Newtonsoft.Json.dll'
    }
}

Describe 'Cmdlet <Name>' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $command.Verb
    }

    It 'declares its OutputType' {
        $command.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'has a table view for each of its output types (at most six columns)' {
        foreach ($type in $command.OutputType.Name | Where-Object { $_ -like 'HealthcareTools.*' }) {
            $table = (Get-FormatData -TypeName $type).FormatViewDefinition.Control | Where-Object { $_ -is [System.Management.Automation.TableControl] }
            $table | Should -Not -BeNullOrEmpty -Because "$type needs a table view"
            $table[0].Headers.Count | Should -BeLessOrEqual 6
        }
    }

    It 'has help: synopsis, description, every parameter, and two examples, one a pipeline' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Get-|^\s*\w+-\w+ \['   # not the auto-generated syntax line
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        @($help.examples.example.code | Where-Object { $_ -match '\|' }).Count | Should -BeGreaterOrEqual 1
        foreach ($parameter in $help.parameters.parameter) {
            ($parameter.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'binds every parameter set from the pipeline' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        # A cmdlet without parameters of its own (Get-HcDefault) has nothing to bind.
        foreach ($set in $command.ParameterSets | Where-Object { @($_.Parameters | Where-Object Name -notin $common).Count -gt 0 }) {
            @($set.Parameters | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName }).Count |
                Should -BeGreaterThan 0 -Because "parameter set $($set.Name) needs a pipeline-bindable parameter"
        }
    }
}

Describe 'Changing cmdlet <Name>' -ForEach $mutating {
    It 'supports -WhatIf and -Confirm' {
        $command = Get-Command $Name
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
    }
}

Describe 'Removing cmdlet <Name>' -ForEach $removers {
    It 'has ConfirmImpact High and -Force' {
        $type = (Get-Command $Name).ImplementingType
        $attribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        (Get-Command $Name).Parameters.Keys | Should -Contain 'Force'
    }
}

Describe 'about_HealthcareTools' {
    It 'is installed with the module' {
        $topic = Get-Help about_HealthcareTools
        ($topic | Out-String) | Should -Match 'CREDENTIALS'
        ($topic | Out-String) | Should -Match 'SCHEDULED TASKS'
    }
}

Describe 'Import' {
    It 'loads neither the engine nor any third-party DLL at import' {
        $lines = Invoke-HcChildPwsh -Script @"
Import-Module '$env:HC_TEST_MODULE'
[AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { `$_.GetName().Name } | Where-Object { `$_ -like 'HealthcareTools*' -or `$_ -like 'Google*' }
"@
        $lines | Should -Contain 'HealthcareTools'
        $lines | Should -Not -Contain 'HealthcareTools.Client'
        @($lines | Where-Object { $_ -like 'Google*' }).Count | Should -Be 0
    }
}

Describe 'Dependency isolation' {
    BeforeAll {
        $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
        $packages = Join-Path (Split-Path (Split-Path $PSScriptRoot)) '.tools/packages'
    }
    AfterAll { $emulator | Stop-HcTestEmulator }

    It 'works after another module loaded other versions of Newtonsoft.Json and Google.Apis.Core' {
        $newtonsoft12 = Join-Path $packages 'newtonsoft.json/12.0.3/lib/netstandard2.0/Newtonsoft.Json.dll'
        $googleCore168 = Join-Path $packages 'google.apis.core/1.68.0/lib/netstandard2.0/Google.Apis.Core.dll'
        $lines = Invoke-HcChildPwsh -Script @"
`$ErrorActionPreference = 'Stop'
# Another module's dependencies, loaded first: an older Google.Apis.Core into the default context and
# Newtonsoft.Json 12 beside PowerShell's own.
Add-Type -Path '$googleCore168'
`$foreign = [Reflection.Assembly]::LoadFile('$newtonsoft12')
'foreign-google=' + ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Google.Apis.Core' } | Select-Object -First 1).GetName().Version
'foreign-newtonsoft=' + `$foreign.GetName().Version
Import-Module '$env:HC_TEST_MODULE'
Set-HcDefault -Endpoint '$($emulator.Url)' -Project iso-project -Location us-central1
`$created = New-HcDataset -Name isolation-check
'created=' + `$created.Name
'listed=' + @(Get-HcDataset).Count
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'HealthcareTools.Client' }
`$context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine)
'engine-context=' + `$context.Name
`$ours = `$context.Assemblies | Where-Object { `$_.GetName().Name -in 'Google.Apis.Core', 'Newtonsoft.Json' }
`$ours | ForEach-Object { 'ours=' + `$_.GetName().Name + '@' + `$_.GetName().Version + '@' + `$_.Location }
"@
        $lines | Should -Contain 'foreign-google=1.68.0.0'
        $lines | Should -Contain 'foreign-newtonsoft=12.0.0.0'
        $lines | Should -Contain 'created=projects/iso-project/locations/us-central1/datasets/isolation-check'
        $lines | Should -Contain 'listed=1'
        $lines | Should -Contain 'engine-context=HealthcareTools'
        ($lines | Where-Object { $_ -like 'ours=Google.Apis.Core@1.78*' }) | Should -Match 'dependencies'
        ($lines | Where-Object { $_ -like 'ours=Newtonsoft.Json@13*' }) | Should -Match 'dependencies'
    }
}
