<#
.SYNOPSIS
    Runs every Pester suite under tests/Pester against the built module and writes a JSON summary
    {Passed, Failed}. Called by build.ps1 in a fresh PowerShell process.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
# The suites read these to find what they test.
$env:HC_TEST_MODULE = $ModulePath
$env:HC_TEST_EMULATOR = $EmulatorPath
$env:HC_TEST_SUPPORT = Join-Path $PSScriptRoot 'Support/HcTestSupport.psm1'
$env:GCE_METADATA_HOST = '127.0.0.1:9'
# A clean context: no developer's gcloud configuration or project variables leak into the tests.
$env:CLOUDSDK_CONFIG = Join-Path ([IO.Path]::GetTempPath()) "hc-gcloud-$([guid]::NewGuid().ToString('n'))"
foreach ($name in 'GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT', 'HEALTHCARE_EMULATOR_HOST', 'CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE', 'GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_HEALTHCARE_LOCATION', 'CLOUDSDK_HEALTHCARE_DATASET') {
    Remove-Item "env:$name" -ErrorAction SilentlyContinue
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path $PSScriptRoot 'Pester'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.xml'
$result = Invoke-Pester -Configuration $configuration

# A failure in BeforeAll/AfterAll fails a block or container without failing a test: count those too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content $SummaryPath
if ($failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
