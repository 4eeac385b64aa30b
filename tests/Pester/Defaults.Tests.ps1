# Context, endpoints and credentials: where values come from, and that secrets never show.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project defaults-project

    function Use-Environment([hashtable] $Variables, [scriptblock] $Script) {
        $saved = @{}
        foreach ($name in $Variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Variables[$name]) }
        try { & $Script }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
    }

    function New-GcloudConfig([string] $Project, [string] $Location) {
        $folder = Join-Path ([IO.Path]::GetTempPath()) "hc-gcloud-test-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory -Force (Join-Path $folder 'configurations') | Out-Null
        Set-Content (Join-Path $folder 'active_config') 'work'
        Set-Content (Join-Path $folder 'configurations/config_work') "[core]`nproject = $Project`n`n[healthcare]`nlocation = $Location`n"
        $folder
    }
}

AfterAll {
    Set-HcDefault -Clear
    $emulator | Stop-HcTestEmulator
}

Describe 'Set-HcDefault and Get-HcDefault' {
    AfterEach { Set-HcDefault -Clear -Endpoint $emulator.Url -Project defaults-project -Location us-central1 }

    It 'shows what was set and where the endpoint comes from' {
        Set-HcDefault -Project p1 -Location europe-west4 -Dataset d1
        $defaults = Get-HcDefault
        $defaults | Should -BeOfType HealthcareTools.HcDefaults
        $defaults.Project | Should -Be 'p1'
        $defaults.Location | Should -Be 'europe-west4'
        $defaults.Dataset | Should -Be 'd1'
        $defaults.Endpoint | Should -Be $emulator.Url
        $defaults.EndpointSource | Should -Match 'Set-HcDefault'
    }

    It 'changes nothing with -WhatIf' {
        Set-HcDefault -Project other -WhatIf
        (Get-HcDefault).Project | Should -Be 'defaults-project'
    }

    It 'refuses plain http to a host that is not loopback' {
        { Set-HcDefault -Endpoint 'http://healthcare.example.com/' } | Should -Throw -ErrorId 'InvalidEndpoint,HealthcareTools.Defaults.SetHcDefaultCommand'
        (Get-HcDefault).Endpoint | Should -Be $emulator.Url
    }

    It 'defaults to Google with Application Default Credentials' {
        Set-HcDefault -Clear
        $defaults = Get-HcDefault
        $defaults.Endpoint | Should -Be 'https://healthcare.googleapis.com/'
        $defaults.Credential | Should -Match 'Application Default'
    }
}

Describe 'Endpoint from the environment' {
    BeforeEach { Set-HcDefault -Clear -Project env-project -Location us-central1 }
    AfterAll { Set-HcDefault -Clear -Endpoint $emulator.Url -Project defaults-project -Location us-central1 }

    It 'follows HEALTHCARE_EMULATOR_HOST with no credentials' {
        Use-Environment @{ HEALTHCARE_EMULATOR_HOST = $emulator.HostPort } {
            (Get-HcDefault).EndpointSource | Should -Match 'HEALTHCARE_EMULATOR_HOST'
            (Get-HcDefault).Credential | Should -Match 'none|no credentials'
            (New-HcDataset -Name env-emu).DatasetId | Should -Be 'env-emu'
        }
    }

    It 'follows gcloud''s api_endpoint_overrides/healthcare property' {
        $config = New-GcloudConfig -Project gcloud-project -Location us-central1
        Add-Content (Join-Path $config 'configurations/config_work') "`n[api_endpoint_overrides]`nhealthcare = $($emulator.Url)`n"
        Use-Environment @{ CLOUDSDK_CONFIG = $config } {
            (Get-HcDefault).EndpointSource | Should -Match 'api_endpoint_overrides/healthcare'
            (Get-HcDefault).Endpoint | Should -Be $emulator.Url
            (New-HcDataset -Name via-gcloud-override).DatasetId | Should -Be 'via-gcloud-override'
        }
    }

    It 'follows CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE as gcloud does' {
        Use-Environment @{ CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE = $emulator.Url } {
            (Get-HcDefault).EndpointSource | Should -Match 'CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE'
            (Get-HcDataset -Name env-emu).DatasetId | Should -Be 'env-emu'
        }
    }
}

Describe 'Project and location from the environment and gcloud' {
    BeforeEach { Set-HcDefault -Clear -Endpoint $emulator.Url }
    AfterAll { Set-HcDefault -Clear -Endpoint $emulator.Url -Project defaults-project -Location us-central1 }

    It 'reads gcloud''s active configuration directly, and says so in the debug stream' {
        $config = New-GcloudConfig -Project gcloud-project -Location europe-west2
        Use-Environment @{ CLOUDSDK_CONFIG = $config } {
            $defaults = Get-HcDefault
            $defaults.Project | Should -Be 'gcloud-project'
            $defaults.Location | Should -Be 'europe-west2'
            $debug = New-HcDataset -Name from-gcloud -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
            ($debug.Message -join "`n") | Should -Match 'gcloud property core/project'
            (Get-HcDataset -Name 'projects/gcloud-project/locations/europe-west2/datasets/from-gcloud').DatasetId | Should -Be 'from-gcloud'
        }
    }

    It 'prefers GOOGLE_CLOUD_PROJECT over gcloud''s configuration' {
        $config = New-GcloudConfig -Project gcloud-project -Location europe-west2
        Use-Environment @{ CLOUDSDK_CONFIG = $config; GOOGLE_CLOUD_PROJECT = 'env-project' } {
            (Get-HcDefault).Project | Should -Be 'env-project'
        }
    }

    It 'stops with an error naming every place looked when no project is known' {
        $empty = Join-Path ([IO.Path]::GetTempPath()) "hc-gcloud-empty-$([guid]::NewGuid().ToString('n'))"
        Use-Environment @{ CLOUDSDK_CONFIG = $empty } {
            { Get-HcDataset -ErrorAction Stop } | Should -Throw -ErrorId 'ProjectNotSet,HealthcareTools.Datasets.GetHcDatasetCommand'
            { Get-HcDataset } | Should -Throw '*Set-HcDefault*GOOGLE_CLOUD_PROJECT*CLOUDSDK_CORE_PROJECT*core/project*'
        }
    }
}

Describe 'Credentials' {
    AfterEach { Set-HcDefault -Clear -Endpoint $emulator.Url -Project defaults-project -Location us-central1 }

    It 'never shows an access token in any output stream or error' {
        $sentinel = 'ya29.SENTINEL-' + [guid]::NewGuid().ToString('n')
        Set-HcDefault -AccessToken (ConvertTo-SecureString $sentinel -AsPlainText -Force) -Endpoint $emulator.Url -Project token-project
        $Error.Clear()
        $all = & {
            Get-HcDefault -Debug -Verbose
            New-HcDataset -Name token-ds -Debug -Verbose
            Get-HcDataset -Name token-ds, token-missing -Debug -Verbose -ErrorAction Continue
            Get-HcIamPolicy -Name token-ds -Debug -Verbose
            Remove-HcDataset -Name token-missing -Force -Debug -Verbose -ErrorAction Continue
        } *>&1 | Out-String -Width 4096
        $errors = ($Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_.ErrorDetails; $_.TargetObject }) -join "`n"
        $all | Should -Match 'access token'                   # the debug stream says which credential is used...
        $all | Should -Match 'token-ds'                       # ...the commands really ran...
        $errors | Should -Match 'token-missing'               # ...and really failed where expected
        $all | Should -Not -Match ([regex]::Escape($sentinel))
        $errors | Should -Not -Match ([regex]::Escape($sentinel))
        (Get-HcDefault | Out-String) | Should -Not -Match ([regex]::Escape($sentinel))
    }

    It 'describes a key file by path and account, never by key' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $pem = "-----BEGIN PRIVATE KEY-----`n" + [Convert]::ToBase64String($rsa.ExportPkcs8PrivateKey(), 'InsertLineBreaks') + "`n-----END PRIVATE KEY-----`n"
        $keyFile = Join-Path ([IO.Path]::GetTempPath()) "hc-key-$([guid]::NewGuid().ToString('n')).json"
        @{ type = 'service_account'; project_id = 'key-project'; private_key_id = 'abc123'; private_key = $pem
           client_email = 'ingest@key-project.iam.gserviceaccount.com'; client_id = '1'; token_uri = 'http://127.0.0.1:9/token' } |
            ConvertTo-Json | Set-Content $keyFile
        Set-HcDefault -KeyFile $keyFile
        $description = (Get-HcDefault).Credential
        $description | Should -Match ([regex]::Escape($keyFile))
        $description | Should -Match 'ingest@key-project.iam.gserviceaccount.com'
        (Get-HcDefault | Out-String) | Should -Not -Match 'PRIVATE KEY'
        Remove-Item $keyFile
    }

    It 'refuses an unreadable key file with an error naming it' {
        $bad = Join-Path ([IO.Path]::GetTempPath()) 'hc-not-a-key.json'
        Set-Content $bad '{ "type": "nonsense" }'
        { Set-HcDefault -KeyFile $bad } | Should -Throw -ErrorId 'InvalidKeyFile,HealthcareTools.Defaults.SetHcDefaultCommand'
        { Set-HcDefault -KeyFile $bad } | Should -Throw "*$bad*"
        Remove-Item $bad
    }
}
