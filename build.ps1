<#
.SYNOPSIS
    Builds, tests, demonstrates, packages and benchmarks the HealthcareTools module.
.DESCRIPTION
    Build    assembles out/HealthcareTools (manifest, cmdlets, dependencies/, format and type files, help)
             and out/emulator (the local Cloud Healthcare API emulator).
    Test     Build, then every xunit project and every Pester suite; ends with one line "N passed, N failed".
    Demo     Build, start the emulator on a free loopback port, run examples/Demo.ps1 against it, stop it.
    Package  Build, then out/package/HealthcareTools: a module folder ready for Publish-Module.
    Bench    Build, then every tests/Benchmarks/*.ps1 (figures and ratios; never a pass/fail on timing).
    Run with the repo's PowerShell: dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'HealthcareTools'
$EmulatorOut = Join-Path $Out 'emulator'
$ResultsDir = Join-Path $Root 'tests/.results'
$PesterVersion = '5.7.1'

# Never let a test or demo reach Google's metadata server, even by accident.
$env:GCE_METADATA_HOST = '127.0.0.1:9'
$env:GCE_METADATA_IP = '127.0.0.1:9'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
if ($env:CI -or [Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }

function Write-Step([string] $Text) { Write-Host "==> $Text" -ForegroundColor Cyan }

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-ChildPwsh {
    # A fresh PowerShell process: a binary module locks its DLLs, and each run must load the new build.
    param([string[]] $Arguments)
    Push-Location $Root
    try { & dotnet pwsh -NoProfile -NonInteractive @Arguments | Out-Host; return $LASTEXITCODE }
    finally { Pop-Location }
}

function Invoke-Build {
    Write-Step "Building the solution ($Configuration)"
    Invoke-Native dotnet @('build', (Join-Path $Root 'Healthcare.sln'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly')

    Write-Step 'Assembling out/HealthcareTools'
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $publish = Join-Path $Out 'obj/publish'
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/HealthcareTools/HealthcareTools.csproj'), '-c', $Configuration, '-o', $publish, '--no-build', '--nologo', '-v', 'q')
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/HealthcareTools.Isolation/HealthcareTools.Isolation.csproj'), '-c', $Configuration, '-o', (Join-Path $publish 'isolation'), '--no-build', '--nologo', '-v', 'q')

    $dependencies = New-Item -ItemType Directory -Force (Join-Path $ModuleOut 'dependencies')
    Copy-Item (Join-Path $publish 'HealthcareTools.dll') $ModuleOut
    # Everything else the cmdlets need (our engine and all third-party DLLs) is isolated in dependencies/.
    Get-ChildItem $publish -Filter *.dll -File | Where-Object Name -ne 'HealthcareTools.dll' | Copy-Item -Destination $dependencies
    Copy-Item (Join-Path $publish 'isolation/HealthcareTools.Isolation.dll') $dependencies
    Copy-Item (Join-Path $Root 'HealthcareTools.psd1') $ModuleOut
    Copy-Item (Join-Path $Root 'module/*.ps1xml') $ModuleOut
    $help = New-Item -ItemType Directory -Force (Join-Path $ModuleOut 'en-US')
    Copy-Item (Join-Path $Root 'module/en-US/*') $help

    Write-Step 'Generating MAML help from the cmdlets'' XML documentation'
    $code = Invoke-ChildPwsh @('-File', (Join-Path $Root 'tools/New-MamlHelp.ps1'),
        '-ModulePath', (Join-Path $ModuleOut 'HealthcareTools.psd1'),
        '-XmlDocPath', (Join-Path $Root "src/HealthcareTools/bin/$Configuration/netstandard2.0/HealthcareTools.xml"),
        '-OutputPath', (Join-Path $help 'HealthcareTools.dll-Help.xml'))
    if ($code -ne 0) { throw 'Help generation failed.' }

    Write-Step 'Publishing the emulator to out/emulator'
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/HealthcareTools.Emulator/HealthcareTools.Emulator.csproj'), '-c', $Configuration, '-o', $EmulatorOut, '--no-build', '--nologo', '-v', 'q')
}

function Install-TestPrerequisites {
    # Peers the tests compare against (DCMTK's dcmdump, Orthanc with its DICOMweb plugin). Installed here
    # when possible (apt as root); otherwise the build stops with the exact command. Never silently skipped.
    $checks = @(
        @{ Present = { Get-Command dcmdump -ErrorAction SilentlyContinue }; Packages = @('dcmtk') }
        @{ Present = { (Get-Command Orthanc, /usr/sbin/Orthanc -ErrorAction SilentlyContinue) -and (Test-Path '/usr/share/orthanc/plugins/libOrthancDicomWeb.so') }; Packages = @('orthanc', 'orthanc-dicomweb') }
    )
    $missing = @($checks | Where-Object { -not (& $_.Present) } | ForEach-Object { $_.Packages })
    if ($missing.Count -eq 0) { return }
    $isRoot = $IsLinux -and ((& id -u) -eq '0')
    if ($isRoot -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Step "Installing test prerequisites: $($missing -join ', ')"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        Invoke-Native apt-get @('update', '-qq')
        Invoke-Native apt-get (@('install', '-y', '-qq', '--no-install-recommends') + $missing)
        return
    }
    throw "The tests need $($missing -join ', '). Install with: sudo apt-get install -y $($missing -join ' ')"
}

function Restore-TestTools {
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/restore/TestTools.csproj'), '--nologo', '-v', 'q')
    $pester = Join-Path $Root ".tools/packages/pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $pester)) { throw "Pester $PesterVersion was not restored to $pester." }
    $pester
}

function Read-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content -Raw $Path
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int] $counters.passed; Failed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted }
}

function Invoke-Test {
    Install-TestPrerequisites
    Invoke-Build
    $pester = Restore-TestTools
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    New-Item -ItemType Directory -Force $ResultsDir | Out-Null
    $passed = 0; $failed = 0

    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Filter *.Tests.csproj -Recurse) {
        Write-Step "xunit: $($project.BaseName)"
        $trx = Join-Path $ResultsDir "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --no-build --nologo -v q --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
        $exit = $LASTEXITCODE
        if (Test-Path $trx) {
            $counts = Read-TrxCounts $trx
            $passed += $counts.Passed; $failed += $counts.Failed
            if ($exit -ne 0 -and $counts.Failed -eq 0) { $failed++ }   # e.g. the test host crashed
        }
        else { Write-Warning "$($project.BaseName) produced no results (exit $exit)."; $failed++ }
    }

    Write-Step 'Pester'
    $summary = Join-Path $ResultsDir 'pester.json'
    $code = Invoke-ChildPwsh @('-File', (Join-Path $Root 'tests/Invoke-PesterSuite.ps1'),
        '-PesterPath', $pester, '-ModulePath', (Join-Path $ModuleOut 'HealthcareTools.psd1'),
        '-EmulatorPath', (Join-Path $EmulatorOut 'HealthcareTools.Emulator.dll'), '-SummaryPath', $summary)
    if (Test-Path $summary) {
        $counts = Get-Content -Raw $summary | ConvertFrom-Json
        $passed += $counts.Passed; $failed += $counts.Failed
        if ($code -ne 0 -and $counts.Failed -eq 0) { $failed++ }
    }
    else { Write-Warning "Pester produced no summary (exit $code)."; $failed++ }

    Write-Host ''
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $code = Invoke-ChildPwsh @('-File', (Join-Path $Root 'examples/Start-Demo.ps1'),
        '-ModulePath', (Join-Path $ModuleOut 'HealthcareTools.psd1'),
        '-EmulatorPath', (Join-Path $EmulatorOut 'HealthcareTools.Emulator.dll'))
    if ($code -ne 0) { exit $code }
}

function Invoke-Package {
    Invoke-Build
    $package = Join-Path $Out 'package/HealthcareTools'
    if (Test-Path $package) { Remove-Item $package -Recurse -Force }
    New-Item -ItemType Directory -Force (Split-Path $package) | Out-Null
    Copy-Item $ModuleOut $package -Recurse
    $manifest = Test-ModuleManifest (Join-Path $package 'HealthcareTools.psd1')
    Write-Host "Packaged $($manifest.Name) $($manifest.Version) in $package (Publish-Module -Path '$package')."
}

function Invoke-Bench {
    Invoke-Build
    foreach ($bench in Get-ChildItem (Join-Path $Root 'tests/Benchmarks') -Filter *.ps1 | Sort-Object Name) {
        Write-Step "Benchmark: $($bench.Name)"
        $code = Invoke-ChildPwsh @('-File', $bench.FullName,
            '-ModulePath', (Join-Path $ModuleOut 'HealthcareTools.psd1'),
            '-EmulatorPath', (Join-Path $EmulatorOut 'HealthcareTools.Emulator.dll'))
        if ($code -ne 0) { Write-Warning "$($bench.Name) exited with $code." }
    }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
}
