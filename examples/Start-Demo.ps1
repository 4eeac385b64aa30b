<#
.SYNOPSIS
    Starts the emulator on a free loopback port, runs examples/Demo.ps1 against it, and stops it.
    Called by build.ps1 -Task Demo.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath
)
$ErrorActionPreference = 'Stop'
$env:GCE_METADATA_HOST = '127.0.0.1:9'
Import-Module (Join-Path $PSScriptRoot '../tests/Support/HcTestSupport.psm1')
Import-Module $ModulePath
$emulator = Start-HcTestEmulator -EmulatorPath $EmulatorPath
try {
    Write-Host "Emulator listening on $($emulator.Url)" -ForegroundColor Green
    Set-HcDefault -Endpoint $emulator.Url
    # The emulator also serves Cloud Storage: a bucket for the nightly-pipeline part of the tour.
    Invoke-RestMethod -Method Post "$($emulator.Url)storage/v1/b?project=demo-project" -Body '{"name":"demo-bucket"}' -ContentType 'application/json' | Out-Null
    & (Join-Path $PSScriptRoot 'Demo.ps1') -Bucket demo-bucket
}
finally {
    $emulator | Stop-HcTestEmulator
}
