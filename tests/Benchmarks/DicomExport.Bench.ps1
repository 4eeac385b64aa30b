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
    and 800; the generator puts 500 instances in a study, so 800 are 2 studies), plus -WarmUp instances (default
    1000) in a store of their own.

    For each size: a fresh DICOM store in the emulator, the corpus imported into it with
    Import-HcDicomInstance (untimed), then a fresh pwsh child (module imported, Set-HcDefault -Endpoint to
    the emulator) first exports the warm-up store (untimed, to a prefix of its own), then times the
    piped-subset export of the size's store inside itself (pwsh start-up and Import-Module excluded) while
    the parent samples the child's working set every ~50 ms (Process.Refresh); the child also reports the
    kernel's high-water mark (PeakWorkingSet64, VmHWM) before it exits; the larger counts. The objects under
    the prefix are then listed and must number exactly the corpus size. MB/s is the bytes of the objects
    written over the time; MB = 2^20 bytes. The baseline is a child that only imports the module and sets
    the defaults.

    What the export allocates per instance is kept small: an object up to 1 MiB is read whole and uploaded with
    its length (Google.Cloud.Storage.V1 otherwise allocates a 10 MiB chunk buffer for every stream of unknown
    length, which churned the large-object heap), the WADO multipart buffer is pooled, and the instances are
    found 100 per QIDO page (a page of 1,000 datasets lived for the seconds its copies took, reached gen 2, and
    made the peak grow with the corpus: 199.5 MB at 2,000 instances before, 172.8 MB after, 167.7 MB at 200).
    The allocations per instance and the collections of each run are printed.
    Why the warm-up: a fresh process grows over its first thousand or so instances whatever it exports, then
    stays on a plateau (tiered JIT code, thread-pool threads and their native malloc arenas, the GC's gen 0 and
    gen 1 budgets). Without a warm-up, a 200-instance run (under a second) ends early in that ramp and the peak
    ratio between sizes shows the ramp, not memory per instance. Every size therefore starts from the same
    warmed process (-WarmUp, default 1000 instances; with 500 the 200-instance run still sits lower on the ramp:
    156 vs 185 MB at 5,000): the peak is measured from the end of the warm-up (sampled peak restarted, VmHWM
    reset through /proc/self/clear_refs where Linux has it), and the warm-up's own peak is printed beside it.
    What remains between sizes is the GC's, not the export's: the live heap after a full collection is the same
    at every size (about 0.5 MB retained in total), yet a longer run peaks higher, because the gen 1 collections
    promote short-lived objects that happen to be in flight into gen 2, where they stay as garbage until the
    gen 2 budget runs out (runs of up to 8,000 instances met no gen 2 collection). Sampled by category during
    an 8,000-instance run: the GC heap's resident pages grew from 56 to 64 MB while JIT code stayed at 29 MB and
    native heaps did not move; peaks after a 1,000-instance warm-up, over several runs: 159-160 MB at 200
    instances, 177-187 at 2,000, 180-182 at 5,000, 184-187 at 8,000. (Re-warming after the forced collection, and QIDO pages of 25, did not
    change that.) The peak is the top of one GC cycle's floating garbage, so the median of the samples is
    printed too; run to run, the same peak varies by about +/-15 MB on a shared 2-core
    machine. What the export retains is measured directly: the live managed heap after a full collection,
    after the warm-up and after the measured export.

    For comparison, the server-side whole-store export of the same store (`Get-HcDicomStore | Export-
    HcDicomInstance -Destination gs://…`, a long-running operation) is timed in this process: that is work
    the emulator does (it copies its own files), not the module, so it is labelled as emulator-side.

    Client and emulator share the machine: the load average is printed beside the figures. The emulator
    (and its data folder) and the temp folder are removed in finally.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    # Strings split on commas: `pwsh -File … -Sizes 200,800,2000` passes one string, which [int[]] would read
    # as 2008002000 (commas as thousands separators).
    [string[]] $Sizes = @('200', '800'),
    [int] $ThrottleLimit = 4,
    [ValidateRange(1, 100000)] [int] $WarmUp = 1000
)
$ErrorActionPreference = 'Stop'
[int[]] $Sizes = @($Sizes | ForEach-Object { $_ -split ',' } | Where-Object { $_.Trim() } | ForEach-Object { [int] $_.Trim() })
if (-not $Sizes -or ($Sizes | Where-Object { $_ -lt 1 -or $_ -gt 100000 })) { throw "-Sizes takes 1 to 100000 instances each, e.g. -Sizes 200,800,2000." }
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
`$warm = Get-HcDicomStudy -DicomStore `$env:HC_BENCH_WARMUP_STORE | Export-HcDicomInstance -Destination `$env:HC_BENCH_WARMUP_DEST -ThrottleLimit $ThrottleLimit | Measure-Object
`$me.Refresh()
`$warmHwm = `$me.PeakWorkingSet64
`$liveBefore = [GC]::GetTotalMemory(`$true)
# From here on the peak is the measured export's: VmHWM restarts (Linux), and the parent restarts its sampled peak.
if (Test-Path /proc/self/clear_refs) { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') }
New-Item -ItemType File "`$resultFile.measure" | Out-Null
`$cpu = `$me.TotalProcessorTime
`$allocated = [GC]::GetTotalAllocatedBytes(`$true); `$gcs = 0..2 | ForEach-Object { [GC]::CollectionCount(`$_) }
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$sum = Get-HcDicomStudy -DicomStore `$env:HC_BENCH_STORE | Export-HcDicomInstance -Destination `$env:HC_BENCH_DEST -ThrottleLimit $ThrottleLimit | Measure-Object Size -Sum
`$clock.Stop()
`$me.Refresh()
`$cpuMs = (`$me.TotalProcessorTime - `$cpu).TotalMilliseconds
`$allocated = [GC]::GetTotalAllocatedBytes(`$true) - `$allocated; `$gcs = 0..2 | ForEach-Object { [GC]::CollectionCount(`$_) - `$gcs[`$_] }
`$liveAfter = [GC]::GetTotalMemory(`$true)
`$line = "ms=`$(`$clock.Elapsed.TotalMilliseconds) objects=`$(`$sum.Count) bytes=`$(`$sum.Sum) cpums=`$cpuMs warmed=`$(`$warm.Count) warmhwm=`$warmHwm allocated=`$allocated gen0=`$(`$gcs[0]) gen1=`$(`$gcs[1]) gen2=`$(`$gcs[2]) livebefore=`$liveBefore liveafter=`$liveAfter"
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
    foreach ($size in @($Sizes) + 'warmup') {
        $folder = Join-Path $work "corpus-$size"
        $count = if ($size -eq 'warmup') { $WarmUp } else { $size }
        Write-Host "Generating $count CT-like files in $folder"
        & dotnet (Join-Path $work 'helper/bin/DicomHeaderBench.dll') generate $folder $count
        if ($LASTEXITCODE -ne 0) { throw 'Generating the corpus failed.' }
        $files = @(Get-ChildItem $folder -Filter *.dcm -File)
        if ($files.Count -ne $count) { throw "The generator wrote $($files.Count) files, expected $count." }
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

    # --- the warm-up store, exported by every timed child before its measured export ---------------------------
    New-HcDicomStore -Name ct-warmup | Out-Null
    $warmStored = @(Import-HcDicomInstance -DicomStore ct-warmup -Path $corpora['warmup'].Folder -Recurse | Where-Object Status -eq 'Stored').Count
    if ($warmStored -ne $WarmUp) { throw "Import-HcDicomInstance stored $warmStored of $WarmUp warm-up instances." }
    $env:HC_BENCH_WARMUP_STORE = 'ct-warmup'

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
        $env:HC_BENCH_WARMUP_DEST = "gs://$bucket/warmup-$run/"
        $loadBefore = Get-HcLoadAverage
        $r = Invoke-HcSampledPwsh -WorkFolder $work -Script $exportChild
        $loadAfter = Get-HcLoadAverage
        if ([int] $r['objects'] -ne $size) { throw "Export-HcDicomInstance wrote $($r['objects']) objects, expected $size." }
        if ([int] $r['warmed'] -ne $WarmUp) { throw "The warm-up export wrote $($r['warmed']) objects, expected $WarmUp." }
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
            WarmUpPeak = [math]::Max([long] $r['warmhwm'], [long] $r.WarmUpPeak); Median = [long] $r.SampledMedian
            RetainedPerInstance = ([long] $r['liveafter'] - [long] $r['livebefore']) / $size; LiveAfter = [long] $r['liveafter']
            AllocatedPerInstance = [long] $r['allocated'] / $size; Collections = "$($r['gen0']) / $($r['gen1']) / $($r['gen2'])"
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
    Write-Host ("Peak working set of the exporting pwsh during the measured export, after a {0}-instance warm-up export in the same process (sampled every ~50 ms / kernel high-water mark VmHWM):" -f $WarmUp)
    foreach ($size in $Sizes) {
        $x = $results["$size"]
        Write-Host ("  {0,5} instances: {1} sampled / {2} VmHWM; {3} above the baseline; median of the samples {4} (warm-up peak {5})" -f $size, (& $mb $x.Sampled), (& $mb $x.Hwm), (& $mb ($x.Peak - $baselinePeak)), (& $mb $x.Median), (& $mb $x.WarmUpPeak))
    }
    Write-Host ("  baseline:        {0} sampled / {1} VmHWM (pwsh + Import-Module + Set-HcDefault, nothing else)" -f (& $mb $baseline.SampledPeak), (& $mb ([long] $baseline['hwm'])))
    $small = $results["$($Sizes[0])"]; $large = $results["$($Sizes[-1])"]
    if ($Sizes.Count -ge 2) {
        $aboveSmall = [math]::Max(1, $small.Peak - $baselinePeak); $aboveLarge = [math]::Max(1, $large.Peak - $baselinePeak)
        Write-Host ("  Peak ratio {0} / {1} instances ({2:N1}x the corpus): {3:N2} (flat = 1.0); above the baseline: {4:N2}; median ratio {5:N2}" -f $Sizes[-1], $Sizes[0], ($Sizes[-1] / $Sizes[0]), ($large.Peak / $small.Peak), ($aboveLarge / $aboveSmall), ($large.Median / [math]::Max(1, $small.Median)))
        for ($i = 1; $i -lt $Sizes.Count - 1; $i++) {
            # Between the larger sizes, whose runs last long enough to see the whole GC sawtooth.
            $from = $results["$($Sizes[$i])"]
            Write-Host ("  Peak ratio {0} / {1} instances ({2:N1}x the corpus): {3:N2}; median ratio {4:N2}" -f $Sizes[-1], $Sizes[$i], ($Sizes[-1] / $Sizes[$i]), ($large.Peak / $from.Peak), ($large.Median / [math]::Max(1, $from.Median)))
        }
        Write-Host '  (What still grows with the run while the live heap stays flat: garbage promoted into gen 2 by gen 1 collections, kept until the GC''s gen 2 budget runs out; see the collection counts below.)'
    }
    Write-Host 'Live managed heap retained by the measured export (full collection after the warm-up and after it); flat = the same total at every size:'
    foreach ($size in $Sizes) {
        $x = $results["$size"]
        Write-Host ("  {0,5} instances: {1:N2} MB retained in total ({2:N0} bytes per instance); {3} live afterwards" -f $size, ($x.RetainedPerInstance * $size / 1MB), $x.RetainedPerInstance, (& $mb $x.LiveAfter))
    }
    Write-Host 'Managed allocations during the measured export (all threads) and the collections they caused:'
    foreach ($size in $Sizes) {
        $x = $results["$size"]
        Write-Host ("  {0,5} instances: {1:N1} KB allocated per instance; gen0 / gen1 / gen2 collections {2}" -f $size, ($x.AllocatedPerInstance / 1KB), $x.Collections)
    }
    Write-Host 'Whole-store export (Get-HcDicomStore | Export-HcDicomInstance -Destination gs://…), for comparison: EMULATOR-SIDE work (the server copies its own files; the module only starts and polls the operation):'
    foreach ($size in $Sizes) {
        $x = $results["$size"]
        Write-Host ("  {0,5} instances: {1:N2} s ({2:N1} instances/s), {3} succeeded" -f $size, ($x.WholeMs / 1000), ($size / ($x.WholeMs / 1000)), $x.WholeSucceeded)
    }
}
finally {
    if ($emulator) { $emulator | Stop-HcTestEmulator }
    Remove-Item Env:HC_BENCH_MODULE, Env:HC_BENCH_ENDPOINT, Env:HC_BENCH_PROJECT, Env:HC_BENCH_LOCATION, Env:HC_BENCH_DATASET, Env:HC_BENCH_STORE, Env:HC_BENCH_DEST, Env:HC_BENCH_WARMUP_STORE, Env:HC_BENCH_WARMUP_DEST -ErrorAction SilentlyContinue
    if (Test-Path $work) { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
}
