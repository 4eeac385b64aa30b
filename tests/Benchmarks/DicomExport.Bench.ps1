<#
.SYNOPSIS
    Piped-subset export throughput against the emulator: `Get-HcDicomStudy -DicomStore X |
    Export-HcDicomInstance -Destination gs://bkt/run-N/` (each instance streamed from WADO-RS straight into
    Cloud Storage, -ThrottleLimit at a time), in instances/s and MB/s, with the peak working set of the pwsh
    process doing it, at two corpus sizes, so that "memory stays flat with corpus size" shows as a ratio of
    peak working sets near 1.0. Prints figures; never fails on timing.
.DESCRIPTION
    Corpus: CT-like files (about 0.5 MB each) written by the generator of DicomHeader.Bench.ps1
    (DicomHeaderBench/, built into the temp folder against the module's engine), -Sizes of them (default 200
    and 800; the generator puts 500 instances in a study, so 800 are 2 studies).

    For each size: a fresh DICOM store in the emulator, the corpus imported into it with
    Import-HcDicomInstance (untimed), then a fresh pwsh child (module imported, Set-HcDefault -Endpoint to
    the emulator) times the piped-subset export inside itself (pwsh start-up and Import-Module excluded)
    while the parent samples the child's working set every ~50 ms (Process.Refresh); the child also reports
    the kernel's high-water mark (PeakWorkingSet64, VmHWM) before it exits; the larger counts. The objects
    under the prefix are then listed and must number exactly the corpus size. MB/s is the bytes of the
    objects written over the time; MB = 2^20 bytes. The baseline is a child that only imports the module and
    sets the defaults.

    For comparison, the server-side whole-store export of the same store (`Get-HcDicomStore | Export-
    HcDicomInstance -Destination gs://…`, a long-running operation) is timed in this process: that is work
    the emulator does (it copies its own files), not the module, so it is labelled as emulator-side.

    Client and emulator share the machine: the load average is printed beside the figures. The emulator
    (and its data folder) and the temp folder are removed in finally.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [int[]] $Sizes = @(200, 800),
    [int] $ThrottleLimit = 4
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorPath = (Resolve-Path $EmulatorPath).Path
Import-Module (Join-Path $PSScriptRoot '../Support/HcTestSupport.psm1')
$work = Join-Path ([IO.Path]::GetTempPath()) "hc-export-bench-$([guid]::NewGuid().ToString('n'))"
$project = 'bench-project'; $location = 'us-central1'; $dataset = 'bench'; $bucket = 'bkt'
$emulator = $null

$childPrologue = @'
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$resultFile = $args[0]
Import-Module $env:HC_BENCH_MODULE
Set-HcDefault -Clear -Endpoint $env:HC_BENCH_ENDPOINT -Project $env:HC_BENCH_PROJECT -Location $env:HC_BENCH_LOCATION
Set-HcDefault -Dataset $env:HC_BENCH_DATASET
'@
$childEpilogue = @'
$self = [Diagnostics.Process]::GetCurrentProcess()
$line += " hwm=$($self.PeakWorkingSet64) ws=$($self.WorkingSet64)"
Set-Content -Path $resultFile -Value $line
'@
$exportChild = @"
$childPrologue
`$me = [Diagnostics.Process]::GetCurrentProcess()
`$cpu = `$me.TotalProcessorTime
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$sum = Get-HcDicomStudy -DicomStore `$env:HC_BENCH_STORE | Export-HcDicomInstance -Destination `$env:HC_BENCH_DEST -ThrottleLimit $ThrottleLimit | Measure-Object Size -Sum
`$clock.Stop()
`$me.Refresh()
`$line = "ms=`$(`$clock.Elapsed.TotalMilliseconds) objects=`$(`$sum.Count) bytes=`$(`$sum.Sum) cpums=`$((`$me.TotalProcessorTime - `$cpu).TotalMilliseconds)"
$childEpilogue
"@

try {
    $loadStart = Get-HcLoadAverage
    New-Item -ItemType Directory -Force $work | Out-Null
    # A private copy of the module, so that a rebuild of out/ during the run changes nothing here.
    Copy-Item (Split-Path $ModulePath) (Join-Path $work 'module') -Recurse
    $ModulePath = Join-Path $work "module/$(Split-Path $ModulePath -Leaf)"
    $engineDir = Join-Path (Split-Path $ModulePath) 'dependencies'

    # --- corpora ----------------------------------------------------------------------------------------
    Write-Host "Building the corpus generator (DicomHeaderBench) against $engineDir"
    New-Item -ItemType Directory -Force (Join-Path $work 'helper') | Out-Null
    Copy-Item (Join-Path $PSScriptRoot 'DicomHeaderBench/*') (Join-Path $work 'helper') -Include *.cs, *.csproj
    & dotnet build (Join-Path $work 'helper/DicomHeaderBench.csproj') -c Release -o (Join-Path $work 'helper/bin') "-p:EngineDir=$engineDir" --nologo -v q -clp:ErrorsOnly | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'The corpus generator did not build.' }
    $corpora = [ordered]@{}
    foreach ($size in $Sizes) {
        $folder = Join-Path $work "corpus-$size"
        Write-Host "Generating $size CT-like files in $folder"
        & dotnet (Join-Path $work 'helper/bin/DicomHeaderBench.dll') generate $folder $size
        if ($LASTEXITCODE -ne 0) { throw 'Generating the corpus failed.' }
        $files = @(Get-ChildItem $folder -Filter *.dcm -File)
        if ($files.Count -ne $size) { throw "The generator wrote $($files.Count) files, expected $size." }
        $corpora["$size"] = [pscustomobject]@{ Folder = $folder; Bytes = ($files | Measure-Object Length -Sum).Sum }
    }

    # --- emulator, dataset, bucket ------------------------------------------------------------------------
    $emulator = Start-HcTestEmulator -EmulatorPath $EmulatorPath -DataPath (Join-Path $work 'emulator')
    Import-Module $ModulePath
    Set-HcDefault -Clear -Endpoint $emulator.Url -Project $project -Location $location
    New-HcDataset -Name $dataset | Out-Null
    Set-HcDefault -Dataset $dataset
    Invoke-RestMethod -Method Post "$($emulator.Url)storage/v1/b?project=$project" -Body "{`"name`":`"$bucket`"}" -ContentType 'application/json' | Out-Null
    $env:HC_BENCH_MODULE = $ModulePath
    $env:HC_BENCH_ENDPOINT = $emulator.Url
    $env:HC_BENCH_PROJECT = $project
    $env:HC_BENCH_LOCATION = $location
    $env:HC_BENCH_DATASET = $dataset

    # --- baseline: pwsh + Import-Module + Set-HcDefault, nothing else ---------------------------------------
    $baseline = Invoke-HcSampledPwsh -WorkFolder $work -Script "$childPrologue`n`$line = 'ms=0'`n$childEpilogue"
    $baselinePeak = [math]::Max([long] $baseline['hwm'], [long] $baseline.SampledPeak)

    # --- per size: fresh store, untimed import, timed subset export in a child, whole-store export ----------
    $results = [ordered]@{}
    $run = 0
    foreach ($size in $Sizes) {
        $run++
        $store = "ct-$size"
        $corpus = $corpora["$size"]
        Write-Host "Size ${size}: new store $store, importing the corpus (untimed)"
        New-HcDicomStore -Name $store | Out-Null
        $import = Import-HcDicomInstance -DicomStore $store -Path $corpus.Folder -Recurse
        $stored = ($import | Where-Object Status -eq 'Stored' | Measure-Object).Count
        if ($stored -ne $size) { throw "Import-HcDicomInstance stored $stored of $size instances." }

        $destination = "gs://$bucket/run-$run/"
        Write-Host "Size ${size}: Get-HcDicomStudy -DicomStore $store | Export-HcDicomInstance -Destination $destination -ThrottleLimit $ThrottleLimit (child pwsh, timed)"
        $env:HC_BENCH_STORE = $store
        $env:HC_BENCH_DEST = $destination
        $loadBefore = Get-HcLoadAverage
        $r = Invoke-HcSampledPwsh -WorkFolder $work -Script $exportChild
        $loadAfter = Get-HcLoadAverage
        if ([int] $r['objects'] -ne $size) { throw "Export-HcDicomInstance wrote $($r['objects']) objects, expected $size." }
        $listed = @(Get-HcStorageObject $destination -Recurse)
        if ($listed.Count -ne $size) { throw "Cloud Storage holds $($listed.Count) objects under $destination, expected $size." }
        $listedBytes = ($listed | Measure-Object Size -Sum).Sum
        if ($listedBytes -ne $corpus.Bytes) { Write-Warning "Objects under $destination total $listedBytes bytes; the corpus $($corpus.Bytes)." }

        Write-Host "Size ${size}: whole-store export (server-side, emulator)"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $whole = Get-HcDicomStore -Name $store | Export-HcDicomInstance -Destination "gs://$bucket/whole-$run/"
        $clock.Stop()
        if ([long] $whole.Succeeded -ne $size) { Write-Warning "The whole-store export reports $($whole.Succeeded) succeeded, expected $size." }

        $results["$size"] = [pscustomobject]@{
            Ms = [double] $r['ms']; ProcessMs = $r.ProcessMs; Bytes = [long] $r['bytes']; CpuMs = [double] $r['cpums']
            Sampled = [long] $r.SampledPeak; Hwm = [long] $r['hwm']; Peak = [math]::Max([long] $r['hwm'], [long] $r.SampledPeak)
            WholeMs = $clock.Elapsed.TotalMilliseconds; WholeSucceeded = $whole.Succeeded; Load = "$loadBefore -> $loadAfter"
        }
    }

    # --- report ---------------------------------------------------------------------------------------------
    $mb = { param($bytes) '{0:N1} MB' -f ($bytes / 1MB) }
    Write-Host ''
    Write-Host ("Machine: {0} logical CPUs; pwsh {1}; load average {2} at start, {3} at the end (client and emulator share it)." -f [Environment]::ProcessorCount, $PSVersionTable.PSVersion, $loadStart, (Get-HcLoadAverage))
    Write-Host ("Piped-subset export (Get-HcDicomStudy | Export-HcDicomInstance -Destination gs://… -ThrottleLimit {0}), emulator on loopback, one fresh pwsh per run (timed inside it):" -f $ThrottleLimit)
    foreach ($size in $Sizes) {
        $x = $results["$size"]
        Write-Host ("  {0,5} instances ({1,8}): {2,7:N1} instances/s {3,7:N1} MB/s   ({4:N2} s; {5:N2} s with pwsh start-up; CPU {6:N0} ms; load {7})" -f $size, (& $mb $x.Bytes), ($size / ($x.Ms / 1000)), (($x.Bytes / 1MB) / ($x.Ms / 1000)), ($x.Ms / 1000), ($x.ProcessMs / 1000), $x.CpuMs, $x.Load)
    }
    Write-Host 'Peak working set of the exporting pwsh (sampled every ~50 ms / kernel high-water mark VmHWM):'
    foreach ($size in $Sizes) {
        $x = $results["$size"]
        Write-Host ("  {0,5} instances: {1} sampled / {2} VmHWM; {3} above the baseline" -f $size, (& $mb $x.Sampled), (& $mb $x.Hwm), (& $mb ($x.Peak - $baselinePeak)))
    }
    Write-Host ("  baseline:        {0} sampled / {1} VmHWM (pwsh + Import-Module + Set-HcDefault, nothing else)" -f (& $mb $baseline.SampledPeak), (& $mb ([long] $baseline['hwm'])))
    $small = $results["$($Sizes[0])"]; $large = $results["$($Sizes[-1])"]
    if ($Sizes.Count -ge 2) {
        $aboveSmall = [math]::Max(1, $small.Peak - $baselinePeak); $aboveLarge = [math]::Max(1, $large.Peak - $baselinePeak)
        Write-Host ("  Peak ratio {0} / {1} instances ({2:N1}x the corpus): {3:N2} (flat = 1.0); above the baseline: {4:N2}" -f $Sizes[-1], $Sizes[0], ($Sizes[-1] / $Sizes[0]), ($large.Peak / $small.Peak), ($aboveLarge / $aboveSmall))
    }
    Write-Host 'Whole-store export (Get-HcDicomStore | Export-HcDicomInstance -Destination gs://…), for comparison: EMULATOR-SIDE work (the server copies its own files; the module only starts and polls the operation):'
    foreach ($size in $Sizes) {
        $x = $results["$size"]
        Write-Host ("  {0,5} instances: {1:N2} s ({2:N1} instances/s), {3} succeeded" -f $size, ($x.WholeMs / 1000), ($size / ($x.WholeMs / 1000)), $x.WholeSucceeded)
    }
}
finally {
    if ($emulator) { $emulator | Stop-HcTestEmulator }
    Remove-Item Env:HC_BENCH_MODULE, Env:HC_BENCH_ENDPOINT, Env:HC_BENCH_PROJECT, Env:HC_BENCH_LOCATION, Env:HC_BENCH_DATASET, Env:HC_BENCH_STORE, Env:HC_BENCH_DEST -ErrorAction SilentlyContinue
    if (Test-Path $work) { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
}
