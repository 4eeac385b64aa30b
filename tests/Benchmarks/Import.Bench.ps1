<#
.SYNOPSIS
    Cold Import-Module time (median over fresh processes) and first-call latency against the emulator,
    each beside peers measured in the same run. Prints figures and ratios; never fails on timing.
    Target: import <= 150 ms on PowerShell 7 on the reference machine.
.NOTES
    Each figure is a Stopwatch around the first statement of a fresh process, so it includes whatever
    PowerShell itself loads for a first Import-Module. (Measure-Command would hide that: resolving it
    autoloads a module first.)
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [int] $Runs = 15
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorPath = (Resolve-Path $EmulatorPath).Path
Import-Module (Join-Path $PSScriptRoot '../Support/HcTestSupport.psm1')
$pester = Get-ChildItem (Join-Path $PSScriptRoot '../../.tools/packages/pester') -Filter Pester.psd1 -Recurse | Select-Object -First 1
$emulator = Start-HcTestEmulator -EmulatorPath $EmulatorPath

function Get-Median([string] $Script) {
    # Median of one figure (milliseconds, printed last) per fresh PowerShell process.
    $values = 1..$Runs | ForEach-Object { [double] (Invoke-HcChildPwsh -Script $Script | Select-Object -Last 1) } | Sort-Object
    [math]::Round($values[[int][math]::Floor($values.Count / 2)], 1)
}

function Time([string] $Statement) { "`$clock = [Diagnostics.Stopwatch]::StartNew(); $Statement; `$clock.Elapsed.TotalMilliseconds" }

try {
    $import = Get-Median (Time "Import-Module '$ModulePath'")
    $importUtility = Get-Median (Time 'Import-Module Microsoft.PowerShell.Utility')
    $importPester = Get-Median (Time "Import-Module '$($pester.FullName)'")
    $setup = "Import-Module '$ModulePath'; Set-HcDefault -Endpoint '$($emulator.Url)' -Project bench -Location us-central1"
    $firstCall = Get-Median ("$setup; " + (Time 'Get-HcDataset -Name missing -ErrorAction SilentlyContinue'))
    $firstPeer = Get-Median (Time "try { Invoke-RestMethod '$($emulator.Url)v1/projects/bench/locations/us-central1/datasets/missing' } catch { }")
    $warm = Get-Median ("$setup; Get-HcDataset -Name missing -ErrorAction SilentlyContinue; " + (Time '1..20 | ForEach-Object { Get-HcDataset -Name missing -ErrorAction SilentlyContinue }') + ' / 20')

    Write-Host "Runs: $Runs fresh pwsh $($PSVersionTable.PSVersion) processes per figure (median)."
    Write-Host ("Cold Import-Module HealthcareTools        {0,8} ms" -f $import)
    Write-Host ("Cold Import-Module Microsoft.PowerShell.Utility {0,2} ms   ratio ours/peer {1:N2}" -f $importUtility, ($import / $importUtility))
    Write-Host ("Cold Import-Module Pester {0}         {1,8} ms   ratio ours/peer {2:N2}" -f $pester.Directory.Parent.Name, $importPester, ($import / $importPester))
    Write-Host ("First call (Get-HcDataset, 404)          {0,8} ms" -f $firstCall)
    Write-Host ("First call peer (Invoke-RestMethod)      {0,8} ms   ratio ours/peer {1:N2}" -f $firstPeer, ($firstCall / $firstPeer))
    Write-Host ("Warm call (Get-HcDataset, 404, mean)     {0,8} ms" -f $warm)
    $verdict = if ($import -le 150) { 'meets' } else { 'misses' }
    Write-Host "Import $import ms: $verdict the 150 ms target."
}
finally {
    $emulator | Stop-HcTestEmulator
}
