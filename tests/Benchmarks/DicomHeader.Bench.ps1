<#
.SYNOPSIS
    DICOM header-parse throughput (files/s): our reader (Get-HcDicomFile in-process, and the engine
    alone) beside DCMTK dcmdump (one process per file, and many files per process) and pydicom
    (dcmread(f, stop_before_pixels=True) in one python3 process), measured on the same corpus in the
    same run. Prints figures and ratios; never fails on timing. Target: ours >= 5x pydicom and >= 1x
    dcmdump, per file.
.DESCRIPTION
    Generates -Count CT-like files (512x512x16-bit native pixel data, about 0.5 MB each; about 100
    attributes including two sequences and a private block; UIDs varied per study, series and
    instance) with our DicomWriter, through the small helper in DicomHeaderBench/ (built into the temp
    folder against the module's engine, so nothing in the repository changes). Every reader stops
    before Pixel Data (dcmdump with +sb 7fe0,0010). Files are read once before timing, so every figure
    is warm-cache; each figure is the median of -Runs rounds (every reader once per round, so load
    changes hit all alike) and excludes process start-up, except dcmdump per file, where starting a
    process per file is the point. dcmdump also formats and writes every value (to /dev/null), which
    our reader and pydicom do not. The temp folder is removed.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $EmulatorPath,   # not used; build.ps1 passes it to every benchmark
    [int] $Count = 1000,
    [int] $Runs = 5
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$engineDir = Join-Path (Split-Path $ModulePath) 'dependencies'
$work = Join-Path ([IO.Path]::GetTempPath()) "hc-dicom-bench-$([guid]::NewGuid().ToString('n'))"
$corpus = Join-Path $work 'files'
$isRoot = $IsLinux -and ((& id -u) -eq '0')

function Install-Prerequisite([string] $Package) {
    if ($isRoot -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Host "Installing $Package (apt-get)"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get install -y -qq --no-install-recommends $Package | Out-Null
    }
}

function Find-Python {
    # The Debian package installs pydicom for the system python3; a python3 earlier on PATH may lack it.
    foreach ($candidate in 'python3', '/usr/bin/python3') {
        if (Get-Command $candidate -ErrorAction SilentlyContinue) {
            & $candidate -c 'import pydicom' 2>$null
            if ($LASTEXITCODE -eq 0) { return $candidate }
        }
    }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $sorted[[int][math]::Floor($sorted.Count / 2)]
}

function Measure-Rates([System.Collections.Specialized.OrderedDictionary] $Runners) {
    # Each runner returns elapsed milliseconds for all $Count files. Runs are interleaved (one of each per
    # round) so that a change in machine load hits every reader alike; the median round counts.
    $rates = [ordered]@{}
    foreach ($name in $Runners.Keys) { $rates[$name] = [Collections.Generic.List[double]]::new() }
    foreach ($round in 1..$Runs) {
        foreach ($name in $Runners.Keys) { $rates[$name].Add($Count / ((& $Runners[$name]) / 1000.0)) }
    }
    $result = [ordered]@{}
    foreach ($name in $rates.Keys) { $result[$name] = Get-Median $rates[$name].ToArray() }
    $result
}

function Invoke-Bash([string] $Script) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & bash -c $Script
    $clock.Elapsed.TotalMilliseconds
}

try {
    if (-not (Get-Command dcmdump -ErrorAction SilentlyContinue)) { Install-Prerequisite dcmtk }
    $python = Find-Python
    if (-not $python) { Install-Prerequisite python3-pydicom; $python = Find-Python }

    Write-Host "Building the generator/reader helper against $engineDir"
    New-Item -ItemType Directory -Force (Join-Path $work 'helper') | Out-Null
    Copy-Item (Join-Path $PSScriptRoot 'DicomHeaderBench/*') (Join-Path $work 'helper') -Include *.cs, *.csproj
    $helper = Join-Path $work 'helper/bin/DicomHeaderBench.dll'
    & dotnet build (Join-Path $work 'helper/DicomHeaderBench.csproj') -c Release -o (Join-Path $work 'helper/bin') "-p:EngineDir=$engineDir" --nologo -v q -clp:ErrorsOnly | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'The benchmark helper did not build.' }

    Write-Host "Generating $Count CT-like files in $corpus"
    & dotnet $helper generate $corpus $Count
    if ($LASTEXITCODE -ne 0) { throw 'Generating the corpus failed.' }
    $files = @(Get-ChildItem $corpus -Filter *.dcm -File)
    $meanKb = ($files | Measure-Object Length -Average).Average / 1KB
    $totalMb = ($files | Measure-Object Length -Sum).Sum / 1MB
    # Warm the page cache so every reader sees the same (cached) files.
    foreach ($file in $files) { $null = [IO.File]::ReadAllBytes($file.FullName) }

    Import-Module $ModulePath
    $check = Get-HcDicomFile -LiteralPath $files[0].FullName
    $properties = @($check.PSObject.Properties).Count
    $sequences = @($check.PSObject.Properties | Where-Object { $_.Value -is [array] -and $_.Value[0] -is [HealthcareTools.HcDicomItem] }).Count
    $null = Get-HcDicomFile -LiteralPath $corpus | Measure-Object   # warm-up: JIT, dictionary

    $runners = [ordered]@{}
    $runners['Get-HcDicomFile (in-process, pipeline)'] = {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $read = (Get-HcDicomFile -LiteralPath $corpus | Measure-Object).Count
        $clock.Stop()
        if ($read -ne $Count) { throw "Get-HcDicomFile read $read of $Count files." }
        $clock.Elapsed.TotalMilliseconds
    }
    $runners['Our engine alone (DicomFile.Open, C# loop)'] = {
        $line = & dotnet $helper read $corpus
        if ($line -notmatch "files=$Count ms=([\d.]+) attributes=(\d+)") { throw "Unexpected helper output: $line" }
        $script:attributes = [int] $Matches[2] / $Count
        [double] $Matches[1]
    }

    $dcmdumpPerFile = $null; $dcmdumpBatch = $null
    if (Get-Command dcmdump -ErrorAction SilentlyContinue) {
        $runners['dcmdump +sb 7fe0,0010, one process per file'] = {
            Invoke-Bash "for f in '$corpus'/*.dcm; do dcmdump +sb 7fe0,0010 `"`$f`" >/dev/null 2>&1; done"
        }
        $dcmdumpPerFile = 'dcmdump +sb 7fe0,0010, one process per file'
        $runners['dcmdump +sb 7fe0,0010, 100 files per process'] = {
            Invoke-Bash "find '$corpus' -name '*.dcm' -print0 | xargs -0 -n 100 dcmdump +sb 7fe0,0010 >/dev/null 2>&1"
        }
        $dcmdumpBatch = 'dcmdump +sb 7fe0,0010, 100 files per process'
    }
    else { Write-Warning 'dcmdump is not installed (apt-get install -y dcmtk): skipped.' }

    $pydicom = $null
    if ($python) {
        $script = @"
import glob, sys, time
from pydicom import dcmread
files = sorted(glob.glob(sys.argv[1] + '/*.dcm'))
dcmread(files[0], stop_before_pixels=True)
start = time.perf_counter()
for f in files:
    dcmread(f, stop_before_pixels=True)
print('files=%d ms=%.1f' % (len(files), (time.perf_counter() - start) * 1000))
"@
        $scriptPath = Join-Path $work 'pydicom_bench.py'
        Set-Content -Path $scriptPath -Value $script
        $version = & $python -c 'import pydicom; print(pydicom.__version__)'
        $pydicom = "pydicom $version dcmread(stop_before_pixels=True), one process"
        $runners[$pydicom] = {
            $line = & $python $scriptPath $corpus
            if ($line -notmatch "files=$Count ms=([\d.]+)") { throw "Unexpected pydicom output: $line" }
            [double] $Matches[1]
        }
    }
    else { Write-Warning 'pydicom is not installed (apt-get install -y python3-pydicom): skipped.' }

    $load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ' } else { 'n/a' }
    $results = Measure-Rates $runners
    $loadAfter = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ' } else { 'n/a' }
    Write-Host ''
    Write-Host ("Corpus: {0} files, {1:N0} KB each on average ({2:N0} MB); {3} top-level attributes per dataset ({4} sequences), {5} PowerShell properties per HcDicomFile; warm cache." -f $Count, $meanKb, $totalMb, $attributes, $sequences, $properties)
    Write-Host ("Machine: {0} logical CPUs, load average {1} before and {2} after timing; pwsh {3}; median of {4} interleaved rounds." -f [Environment]::ProcessorCount, $load, $loadAfter, $PSVersionTable.PSVersion, $Runs)
    foreach ($name in $results.Keys) {
        Write-Host ("{0,-62} {1,10:N0} files/s   {2,8:N3} ms/file" -f $name, $results[$name], (1000.0 / $results[$name]))
    }
    $cmdlet = $results['Get-HcDicomFile (in-process, pipeline)']
    $engine = $results['Our engine alone (DicomFile.Open, C# loop)']
    Write-Host ''
    if ($pydicom) {
        Write-Host ("Ratio ours/pydicom:               Get-HcDicomFile {0,7:N1}x   engine {1,7:N1}x   (target >= 5x)" -f ($cmdlet / $results[$pydicom]), ($engine / $results[$pydicom]))
    }
    if ($dcmdumpPerFile) {
        Write-Host ("Ratio ours/dcmdump (per process): Get-HcDicomFile {0,7:N1}x   engine {1,7:N1}x   (target >= 1x)" -f ($cmdlet / $results[$dcmdumpPerFile]), ($engine / $results[$dcmdumpPerFile]))
        Write-Host ("Ratio ours/dcmdump (batched):     Get-HcDicomFile {0,7:N1}x   engine {1,7:N1}x" -f ($cmdlet / $results[$dcmdumpBatch]), ($engine / $results[$dcmdumpBatch]))
    }
}
finally {
    Remove-Module HealthcareTools -ErrorAction SilentlyContinue
    if (Test-Path $work) { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
}
