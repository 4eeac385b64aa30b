<#
.SYNOPSIS
    A short tour of HealthcareTools. Runs against whatever endpoint the session points at; build.ps1 -Task Demo
    runs it against a freshly started local emulator.
.EXAMPLE
    $env:HEALTHCARE_EMULATOR_HOST = '127.0.0.1:8080'; ./examples/Demo.ps1 -Project demo-project
#>
param(
    [string] $Project = 'demo-project',
    [string] $Location = 'us-central1'
)
$ErrorActionPreference = 'Stop'

function Show([string] $Title, [scriptblock] $Script) {
    Write-Host ''
    Write-Host "PS> $($Script.ToString().Trim())" -ForegroundColor Yellow
    & $Script | Out-Host
}

Set-HcDefault -Project $Project -Location $Location
Show 'Defaults' { Get-HcDefault }
Show 'Locations' { Get-HcLocation -First 3 }
Show 'Create datasets (waits for the long-running operations)' {
    'radiology', 'cardiology', 'scratch' | ForEach-Object { [pscustomobject]@{ Name = $_ } } | New-HcDataset -TimeZone 'Europe/Paris'
}
Show 'List datasets' { Get-HcDataset }
Show 'Change a time zone' { Set-HcDataset -Name cardiology -TimeZone 'America/Chicago' -PassThru }
Show 'Grant a role' { Add-HcIamPolicyBinding -Name radiology -Role roles/healthcare.dicomViewer -Member 'group:readers@example.com' | Select-Object -ExpandProperty Bindings }
Show 'Operations of a dataset' { Get-HcDataset radiology | Get-HcOperation }
Show 'A dataset that does not exist: a non-terminating error, and the pipeline goes on' {
    Get-HcDataset -Name nope, radiology -ErrorAction Continue
}
Show 'Remove the datasets' { Get-HcDataset | Remove-HcDataset -Force -PassThru }
Show 'Nothing left' { @(Get-HcDataset).Count }
