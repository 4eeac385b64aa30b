<#
.SYNOPSIS
    Cold Import-Module time (median over fresh processes) and first-call latency against the emulator,
    each beside a peer measured in the same run. Prints figures and ratios; never fails on timing.
    Target: import <= 150 ms on PowerShell 7 on the reference machine.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [int] $Runs = 15
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../Support/HcTestSupport.psm1')
$pester = Get-ChildItem (Join-Path $PSScriptRoot '../../.tools/packages/pester') -Filter Pester.psd1 -Recurse | Select-Object -First 1
$emulator = Start-HcTestEmulator -EmulatorPath $EmulatorPath

function Measure-InFreshProcess([string] $Script) {
    # One number (milliseconds) per fresh PowerShell process.
    [double] (Invoke-HcChildPwsh -Script $Script | Select-Object -Last 1)
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

try {
    $ours = 1..$Runs | ForEach-Object { Measure-InFreshProcess "(Measure-Command { Import-Module '$ModulePath' }).TotalMilliseconds" }
    $peer = 1..$Runs | ForEach-Object { Measure-InFreshProcess "(Measure-Command { Import-Module '$($pester.FullName)' }).TotalMilliseconds" }
    $first = 1..$Runs | ForEach-Object {
        Measure-InFreshProcess "Import-Module '$ModulePath'; Set-HcDefault -Endpoint '$($emulator.Url)' -Project bench -Location us-central1; (Measure-Command { Get-HcDataset -Name missing -ErrorAction SilentlyContinue }).TotalMilliseconds"
    }
    $firstPeer = 1..$Runs | ForEach-Object {
        Measure-InFreshProcess "(Measure-Command { try { Invoke-RestMethod '$($emulator.Url)v1/projects/bench/locations/us-central1/datasets/missing' } catch { } }).TotalMilliseconds"
    }
    $warm = Measure-InFreshProcess "Import-Module '$ModulePath'; Set-HcDefault -Endpoint '$($emulator.Url)' -Project bench; Get-HcDataset -Name missing -ErrorAction SilentlyContinue; `$t = Measure-Command { 1..50 | ForEach-Object { Get-HcDataset -Name missing -ErrorAction SilentlyContinue } }; `$t.TotalMilliseconds / 50"

    $rows = @(
        [pscustomobject]@{ Measure = 'Cold Import-Module (median ms)'; HealthcareTools = [math]::Round((Get-Median $ours), 1); Peer = [math]::Round((Get-Median $peer), 1); PeerName = "Pester $($pester.Directory.Parent.Name)" }
        [pscustomobject]@{ Measure = 'First call in a fresh session (median ms)'; HealthcareTools = [math]::Round((Get-Median $first), 1); Peer = [math]::Round((Get-Median $firstPeer), 1); PeerName = 'Invoke-RestMethod, same request' }
        [pscustomobject]@{ Measure = 'Warm call (mean ms)'; HealthcareTools = [math]::Round($warm, 2); Peer = $null; PeerName = '' }
    )
    $rows | ForEach-Object { if ($_.Peer) { $_ | Add-Member Ratio ([math]::Round($_.HealthcareTools / $_.Peer, 2)) } else { $_ | Add-Member Ratio $null }; $_ } |
        Format-Table Measure, HealthcareTools, Peer, PeerName, Ratio -AutoSize | Out-Host
    $verdict = if ((Get-Median $ours) -le 150) { 'meets' } else { 'misses' }
    Write-Host "Import median $([math]::Round((Get-Median $ours), 1)) ms over $Runs fresh processes: $verdict the 150 ms target."
}
finally {
    $emulator | Stop-HcTestEmulator
}
