<#
.SYNOPSIS
    DICOMweb throughput against Orthanc on loopback, each beside peers measured in the same run:
    STOW-RS import (Import-HcDicomInstance vs curl, one request per file under xargs -P, vs the npm
    dicomweb-client at the same concurrency), WADO-RS study download (Save-HcDicomInstance vs curl
    fetching the same multipart), and the peak working set of the pwsh process doing the import and the
    download. Prints figures and ratios; never fails on timing.
    Targets: import >= 1.0x the faster peer, download >= 0.9x curl, peak working set <= 200 MB.
.DESCRIPTION
    Corpus: -Count CT-like files (about 0.5 MB each) written by the generator of DicomHeader.Bench.ps1
    (DicomHeaderBench/, built into the temp folder against the module's engine). That generator puts
    500 instances in a study (5 series x 100), so 1,000 files are 2 studies of about 265 MB each.

    Import: every tool stores the whole corpus into an empty Orthanc (a fresh Orthanc with a fresh
    storage folder per run), -Parallel requests in flight:
      ours   Import-HcDicomInstance -DicomWebUri ... -Path <corpus> -Recurse -ThrottleLimit N, in a fresh
             pwsh process; timed around the cmdlet inside that process (pwsh start-up and Import-Module
             excluded, printed separately); default -BatchSize (several instances per request).
      curl   one POST per file: `cat head file trail | curl --data-binary @-` (multipart/related framing
             written around the file), driven by `xargs -n 1 -P N`; timed around the whole xargs (so a
             sh + cat + curl start per file counts: that is what "one request per file" costs).
      npm    dicomweb-client storeInstances, one instance per request, N async workers, files read as
             buffers; timed inside node around the loop (node start-up and require excluded). Node 20
             has no XMLHttpRequest: a small hand-written stand-in over node:http with a keep-alive agent
             (written into the temp folder) is used, or the npm xhr2 polyfill with -Xhr2.
    For reference only (not in the verdict) ours also runs with -BatchSize 1, one instance per request
    like both peers. Runs are interleaved (ours, ours -BatchSize 1, curl, npm per round) and the median
    of -ImportRuns rounds is printed. Each run is checked: Orthanc must hold exactly -Count instances
    afterwards.

    Download: one study, from the Orthanc left by the last import run, after an unmeasured warm-up fetch:
      ours   Save-HcDicomInstance -StudyInstanceUID X -Path <tmp> in a fresh pwsh process (timed inside,
             as above; the verdict uses this first call); it splits the multipart response into one .dcm
             file per instance. The same child then repeats the call (printed for reference: JIT done,
             connection pool warm).
      curl   the same study URL with Accept: multipart/related; type="application/dicom";
             transfer-syntax=*, written as ONE multipart blob to a file (timed by curl's time_total; its
             CPU time from bash's `times`) and, for reference, to /dev/null; curl does not split it.
      iwr    PowerShell's own Invoke-WebRequest -OutFile of the same URL in a fresh pwsh, timed inside, first and
             second call (one file, not split, like curl): what any PowerShell cmdlet's first call pays here.
    For reference, the fixed cost of a first call: one instance saved in a fresh pwsh by ours and by PowerShell's
    own Invoke-WebRequest (the same instance as multipart), and the JIT compilation done during our first call.
    The CPU time (user+sys) each spent per download is printed beside the rates: on a loaded machine
    the CPU a client needs per byte decides much of its rate.
    Where the downloads go: -DownloadFolder, by default a fresh folder in /dev/shm (tmpfs) where it exists, so
    that both tools are measured rather than this machine's disk; each download is removed after its round. On
    the VM's ext4 (no journal) the figures say more about the file system than about the tools: the kernel skips
    inodes freed in the last 60 s (longer while their blocks are dirty) when it allocates one, checking each for
    every file created, so the 500 files ours creates right after the previous round's were deleted cost it 2-3x
    its time (perf: ~33% of its CPU in ext4_create/recently_deleted) while curl creates one file; and keeping the
    files instead makes every write land in guest memory never touched before, which slows curl 3x (811 ms CPU
    for 251 MB). Pass -DownloadFolder <a folder on disk> to measure there anyway.
    `sync` runs (untimed) before every timed download, so that no tool pays for the writeback of GBs
    the imports left dirty. Median of -DownloadRuns interleaved rounds. MB/s is bytes the tool received or wrote (ours: the sum
    of the .dcm files; curl: the multipart body, boundaries included) over the time; MB = 2^20 bytes.

    Peak working set: the parent samples the child pwsh's working set every ~50 ms (Process.Refresh,
    what Get-Process -Id reads) and the child also reports the kernel's high-water mark (VmHWM, via
    PeakWorkingSet64) just before it exits. Both are printed; the verdict uses the larger.
    The child runs with $ProgressPreference = 'SilentlyContinue' (its output is not a console).
    Orthanc, the temp folder (corpus, downloads, npm install) are removed in finally.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $EmulatorPath,   # not used; build.ps1 passes it to every benchmark
    [int] $Count = 1000,
    [int] $Parallel = 4,
    [int] $ImportRuns = 3,
    [int] $DownloadRuns = 3,
    [string] $DicomWebClientVersion = '0.11.3',
    [switch] $Xhr2,
    # Only the download part: the corpus is stored once into Orthanc by the curl STOW-RS runner (untimed, no
    # npm install, no import rounds), then the -DownloadRuns download rounds run and are reported as usual.
    [switch] $DownloadOnly,
    # Where the downloads are written (see "Where the downloads go"); default: a new folder in /dev/shm when it exists.
    [string] $DownloadFolder
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module (Join-Path $PSScriptRoot '../Support/HcTestSupport.psm1')
$engineDir = Join-Path (Split-Path $ModulePath) 'dependencies'
$work = Join-Path ([IO.Path]::GetTempPath()) "hc-dicomweb-bench-$([guid]::NewGuid().ToString('n'))"
$corpus = Join-Path $work 'corpus'
$isRoot = $IsLinux -and ((& id -u) -eq '0')
$script:orthanc = $null
$saveRoot = $null

function Install-Prerequisite([string[]] $Package) {
    if ($isRoot -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        Write-Host "Installing $($Package -join ', ') (apt-get)"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get install -y -qq --no-install-recommends @Package | Out-Null
    }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[int][math]::Floor($sorted.Count / 2)]
}

function Reset-Orthanc {
    # A fresh Orthanc with an empty storage folder, so every import stores into an empty server.
    if ($script:orthanc) { $script:orthanc | Stop-HcTestOrthanc; $script:orthanc = $null }
    $script:orthanc = Start-HcTestOrthanc
    $script:orthanc
}

function Assert-Stored([string] $Tool) {
    $stats = Invoke-RestMethod "$($script:orthanc.Url)statistics"
    if ([int] $stats.CountInstances -ne $Count) { throw "$Tool left $($stats.CountInstances) instances in Orthanc, expected $Count." }
}

$childPrologue = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
`$resultFile = `$args[0]
Import-Module `$env:HC_BENCH_MODULE
"@
$childEpilogue = @'
$self = [Diagnostics.Process]::GetCurrentProcess()
$line += " hwm=$($self.PeakWorkingSet64) ws=$($self.WorkingSet64)"
Set-Content -Path $resultFile -Value $line
'@

$xhrStandIn = @'
'use strict';
// A minimal XMLHttpRequest stand-in over node:http, enough for dicomweb-client in Node: open,
// setRequestHeader, responseType ('', 'json', 'arraybuffer'), send, readyState/status/response,
// getResponseHeader, getAllResponseHeaders, onreadystatechange/onload/onloadend/onerror.
// Keep-alive agent with one socket per worker; a request whose pooled socket the server had
// closed (Orthanc closes idle connections after ~1 s) is retried once on a new one.
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(process.env.HC_BENCH_PARALLEL || 4) });
class MiniXMLHttpRequest {
  constructor() { this.readyState = 0; this.status = 0; this.response = null; this.responseType = ''; this._headers = {}; this._res = {}; }
  open(method, url) { this._method = String(method).toUpperCase(); this._url = new URL(url); this.readyState = 1; }
  setRequestHeader(name, value) { this._headers[name] = value; }
  getResponseHeader(name) { const v = this._res[String(name).toLowerCase()]; return v === undefined ? null : String(v); }
  getAllResponseHeaders() { return Object.entries(this._res).map(([k, v]) => `${k}: ${v}`).join('\r\n'); }
  _finish(event) { this.readyState = 4; if (this.onreadystatechange) this.onreadystatechange(); if (this[event]) this[event](); if (this.onloadend) this.onloadend(); }
  send(data) {
    let body = null;
    if (data instanceof ArrayBuffer) body = Buffer.from(data);
    else if (ArrayBuffer.isView(data)) body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    else if (data != null) body = Buffer.from(String(data));
    const attempt = (mayRetry) => {
      const headers = Object.assign({}, this._headers);
      if (body) headers['Content-Length'] = body.length;
      const req = http.request({ agent, method: this._method, hostname: this._url.hostname, port: this._url.port,
                                 path: this._url.pathname + this._url.search, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          this.status = res.statusCode; this._res = res.headers;
          if (this.responseType === 'arraybuffer') this.response = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
          else if (this.responseType === 'json') { try { this.response = buf.length ? JSON.parse(buf.toString('utf8')) : null; } catch { this.response = null; } }
          else this.response = this.responseText = buf.toString('utf8');
          this._finish('onload');
        });
      });
      req.on('error', (err) => {
        if (mayRetry && req.reusedSocket && err.code === 'ECONNRESET') return attempt(false);
        this.status = 0; this._finish('onerror');
      });
      if (this.onloadstart) this.onloadstart();
      req.end(body || undefined);
    };
    attempt(true);
  }
}
module.exports = MiniXMLHttpRequest;
'@

$nodeStore = @'
'use strict';
// node store.js <dicom-web root without trailing slash> <corpus folder> <parallel> <xhr module>
const fs = require('node:fs');
const path = require('node:path');
const [base, folder, parallelText, xhrModule] = process.argv.slice(2);
globalThis.XMLHttpRequest = xhrModule === 'xhr2' ? require('xhr2') : require(xhrModule);
const { api } = require('dicomweb-client');
const client = new api.DICOMwebClient({ url: base });
const files = fs.readdirSync(folder).filter((f) => f.endsWith('.dcm')).sort().map((f) => path.join(folder, f));
let next = 0, stored = 0, failed = 0, bytes = 0;
async function worker() {
  while (next < files.length) {
    const file = files[next++];
    const buf = await fs.promises.readFile(file);
    const dataset = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? buf.buffer : buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    try { await client.storeInstances({ datasets: [dataset] }); stored++; bytes += buf.length; }
    catch (e) { failed++; if (failed <= 3) console.error(`${file}: ${e.status || ''} ${e.message}`); }
  }
}
(async () => {
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: Number(parallelText) }, worker));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  console.log(`ms=${ms.toFixed(1)} stored=${stored} failed=${failed} bytes=${bytes} maxrss=${process.resourceUsage().maxRSS * 1024} cpums=${((cpu.user + cpu.system) / 1000).toFixed(1)}`);
})();
'@

try {
    $loadStart = Get-HcLoadAverage
    if (-not ((Get-Command Orthanc, /usr/sbin/Orthanc -ErrorAction SilentlyContinue) -and (Test-Path '/usr/share/orthanc/plugins/libOrthancDicomWeb.so'))) {
        Install-Prerequisite orthanc, orthanc-dicomweb
    }
    if (-not (Get-Command curl -ErrorAction SilentlyContinue)) { Install-Prerequisite curl }
    if (-not (Get-Command curl -ErrorAction SilentlyContinue)) { throw 'curl is not installed.' }
    New-Item -ItemType Directory -Force $work | Out-Null
    # A private copy of the module, so that a rebuild of out/ during the run changes nothing here.
    Copy-Item (Split-Path $ModulePath) (Join-Path $work 'module') -Recurse
    $ModulePath = Join-Path $work "module/$(Split-Path $ModulePath -Leaf)"
    $engineDir = Join-Path (Split-Path $ModulePath) 'dependencies'
    $env:HC_BENCH_MODULE = $ModulePath

    # --- corpus ---------------------------------------------------------------------------------------
    Write-Host "Building the corpus generator (DicomHeaderBench) against $engineDir"
    New-Item -ItemType Directory -Force (Join-Path $work 'helper') | Out-Null
    Copy-Item (Join-Path $PSScriptRoot 'DicomHeaderBench/*') (Join-Path $work 'helper') -Include *.cs, *.csproj
    & dotnet build (Join-Path $work 'helper/DicomHeaderBench.csproj') -c Release -o (Join-Path $work 'helper/bin') "-p:EngineDir=$engineDir" --nologo -v q -clp:ErrorsOnly | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'The corpus generator did not build.' }
    Write-Host "Generating $Count CT-like files in $corpus"
    & dotnet (Join-Path $work 'helper/bin/DicomHeaderBench.dll') generate $corpus $Count
    if ($LASTEXITCODE -ne 0) { throw 'Generating the corpus failed.' }
    $files = @(Get-ChildItem $corpus -Filter *.dcm -File)
    $corpusBytes = ($files | Measure-Object Length -Sum).Sum
    foreach ($file in $files) { $null = [IO.File]::ReadAllBytes($file.FullName) }   # warm the page cache for every tool alike

    # --- npm peer ---------------------------------------------------------------------------------------
    $node = $null; $xhrName = $null
    if ($DownloadOnly) { }
    elseif ((Get-Command node -ErrorAction SilentlyContinue) -and (Get-Command npm -ErrorAction SilentlyContinue)) {
        $nodeDir = Join-Path $work 'node'
        New-Item -ItemType Directory -Force $nodeDir | Out-Null
        $packages = @("dicomweb-client@$DicomWebClientVersion") + $(if ($Xhr2) { @('xhr2') } else { @() })
        Write-Host "npm install $($packages -join ' ') (into the temp folder)"
        & npm install --prefix $nodeDir --no-audit --no-fund --no-save --loglevel=error @packages 2>&1 | Out-Host
        if ($LASTEXITCODE -eq 0) {
            Set-Content (Join-Path $nodeDir 'mini-xhr.js') $xhrStandIn
            Set-Content (Join-Path $nodeDir 'store.js') $nodeStore
            $installed = (Get-Content (Join-Path $nodeDir 'node_modules/dicomweb-client/package.json') -Raw | ConvertFrom-Json).version
            $xhrName = if ($Xhr2) {
                $xv = (Get-Content (Join-Path $nodeDir 'node_modules/xhr2/package.json') -Raw | ConvertFrom-Json).version
                "npm xhr2 $xv polyfill"
            } else { 'hand-written XMLHttpRequest stand-in over node:http (keep-alive agent), written into the temp folder' }
            $node = "dicomweb-client $installed (node $(& node --version))"
        }
        else { Write-Warning 'npm install dicomweb-client failed: the npm peer is skipped.' }
    }
    else { Write-Warning 'node/npm not found: the npm peer is skipped.' }

    # --- curl peer: multipart/related framing around each file --------------------------------------------
    $boundary = "hcbench$([guid]::NewGuid().ToString('n'))"
    $curlDir = Join-Path $work 'curl'
    New-Item -ItemType Directory -Force $curlDir | Out-Null
    [IO.File]::WriteAllText((Join-Path $curlDir 'head.bin'), "--$boundary`r`nContent-Type: application/dicom`r`n`r`n")
    [IO.File]::WriteAllText((Join-Path $curlDir 'trail.bin'), "`r`n--$boundary--`r`n")
    $stowSh = Join-Path $curlDir 'stow.sh'
    [IO.File]::WriteAllText($stowSh, @"
#!/bin/sh
# stow.sh URL FILE: one STOW-RS request with one instance, the body streamed from head + file + trail.
cat '$curlDir/head.bin' "`$2" '$curlDir/trail.bin' | curl -sS -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: multipart/related; type="application/dicom"; boundary=$boundary' -H 'Accept: application/dicom+json' --data-binary @- "`$1"
"@.Replace("`r`n", "`n"))

    # --- import ---------------------------------------------------------------------------------------
    $importOurs = @"
$childPrologue
`$me = [Diagnostics.Process]::GetCurrentProcess()
`$cpu = `$me.TotalProcessorTime
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$status = @{}
`$batch = if (`$env:HC_BENCH_BATCH) { @{ BatchSize = [int] `$env:HC_BENCH_BATCH } } else { @{} }
Import-HcDicomInstance -DicomWebUri `$env:HC_BENCH_DICOMWEB -Path '$corpus' -Recurse -ThrottleLimit $Parallel @batch | ForEach-Object { `$status[[string] `$_.Status]++ }
`$clock.Stop()
`$me.Refresh()
`$line = "ms=`$(`$clock.Elapsed.TotalMilliseconds) cpums=`$((`$me.TotalProcessorTime - `$cpu).TotalMilliseconds) " + ((`$status.GetEnumerator() | ForEach-Object { "`$(`$_.Key)=`$(`$_.Value)" }) -join ' ')
$childEpilogue
"@
    $runners = [ordered]@{}
    $importOursRun = {
        param([string] $BatchSize)
        $o = Reset-Orthanc
        $env:HC_BENCH_DICOMWEB = $o.DicomWebUri
        $env:HC_BENCH_BATCH = $BatchSize
        $r = Invoke-HcSampledPwsh -WorkFolder $work -Script $importOurs
        if ([int] $r['Stored'] -ne $Count) { throw "Import-HcDicomInstance stored $($r['Stored']) of $Count (Failed=$($r['Failed']), AlreadyPresent=$($r['AlreadyPresent']))." }
        Assert-Stored 'Import-HcDicomInstance'
        $script:importPeaks.Add([math]::Max([long] $r['hwm'], [long] $r.SampledPeak))
        $script:clientCpu = [double] $r['cpums']
        $r['Batch1'] = $BatchSize -eq '1'
        $script:importDetail.Add($r)
        [double] $r['ms']
    }
    $runners['Import-HcDicomInstance'] = { & $importOursRun '' }
    # For reference (not in the verdict): one instance per request, like the peers.
    $runners['Import-HcDicomInstance -BatchSize 1 (reference)'] = { & $importOursRun '1' }
    $runners["curl STOW-RS, 1 file/request, xargs -P $Parallel"] = {
        $o = Reset-Orthanc
        $codes = Join-Path $curlDir 'codes.txt'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $times = & bash -c "find '$corpus' -name '*.dcm' -print0 | xargs -0 -n 1 -P $Parallel sh '$stowSh' '$($o.DicomWebUri)studies' > '$codes'; times"
        $clock.Stop()
        if ($times[-1] -match '(\d+)m([\d.]+)s (\d+)m([\d.]+)s') { $script:clientCpu = (([double] $Matches[1] + [double] $Matches[3]) * 60 + [double] $Matches[2] + [double] $Matches[4]) * 1000 }
        $bad = @(Get-Content $codes | Where-Object { $_ -ne '200' })
        if ($bad.Count) { throw "curl: $($bad.Count) requests did not answer 200 (e.g. $($bad[0]))." }
        Assert-Stored 'curl'
        $clock.Elapsed.TotalMilliseconds
    }
    if ($node) {
        $runners["npm $node, 1 file/request, $Parallel workers"] = {
            $o = Reset-Orthanc
            $env:HC_BENCH_PARALLEL = $Parallel
            $xhrArg = if ($Xhr2) { 'xhr2' } else { (Join-Path $nodeDir 'mini-xhr.js') }
            Push-Location $nodeDir
            try { $line = & node (Join-Path $nodeDir 'store.js') $o.DicomWebUri.TrimEnd('/') $corpus $Parallel $xhrArg | Select-Object -Last 1 }
            finally { Pop-Location }
            if ($line -notmatch "ms=([\d.]+) stored=$Count failed=0 bytes=\d+ maxrss=(\d+) cpums=([\d.]+)") { throw "Unexpected dicomweb-client output: $line" }
            $script:nodeRss.Add([long] $Matches[2])
            $script:clientCpu = [double] $Matches[3]
            Assert-Stored 'dicomweb-client'
            [double] $Matches[1]
        }
    }
    $script:importPeaks = [Collections.Generic.List[long]]::new()
    $script:importDetail = [Collections.Generic.List[object]]::new()
    $script:nodeRss = [Collections.Generic.List[long]]::new()
    $importMs = [ordered]@{}
    $importCpu = [ordered]@{}
    foreach ($name in $runners.Keys) { $importMs[$name] = [Collections.Generic.List[double]]::new(); $importCpu[$name] = [Collections.Generic.List[object]]::new() }
    $loadImport = Get-HcLoadAverage
    if ($DownloadOnly) {
        # One untimed import (curl, one request per file) to fill Orthanc for the download.
        Write-Host 'Storing the corpus into Orthanc (curl STOW-RS, untimed; -DownloadOnly)'
        $null = & $runners["curl STOW-RS, 1 file/request, xargs -P $Parallel"]
        $ImportRuns = 0
    }
    foreach ($round in 1..$ImportRuns) {
        if ($DownloadOnly) { break }
        foreach ($name in $runners.Keys) {
            Write-Host "Import round $round/${ImportRuns}: $name"
            $script:clientCpu = [double]::NaN
            $importMs[$name].Add((& $runners[$name]))
            $script:orthanc.Process.Refresh()
            $importCpu[$name].Add(@($script:clientCpu, $script:orthanc.Process.TotalProcessorTime.TotalMilliseconds))
        }
    }
    $loadImportAfter = Get-HcLoadAverage

    # --- download (from the Orthanc the last import run left) --------------------------------------------
    $studies = @(Invoke-RestMethod "$($script:orthanc.DicomWebUri)studies?includefield=00201208" | ForEach-Object { $_ })
    $study = $studies | Sort-Object { [string] $_.'0020000D'.Value[0] } | Select-Object -First 1
    $studyUid = $study.'0020000D'.Value[0]
    $studyInstances = [int] $study.'00201208'.Value[0]
    $studyUrl = "$($script:orthanc.DicomWebUri)studies/$studyUid"
    $accept = 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*'
    $saveRoot = if ($DownloadFolder) { Join-Path $DownloadFolder "hc-dicomweb-bench-$([guid]::NewGuid().ToString('n'))" }
                elseif (Test-Path /dev/shm) { "/dev/shm/hc-dicomweb-bench-$([guid]::NewGuid().ToString('n'))" }
                else { Join-Path $work 'saved' }
    New-Item -ItemType Directory -Force $saveRoot | Out-Null
    $blob = Join-Path $saveRoot 'study.multipart'
    & curl -sS -o /dev/null -H $accept $studyUrl   # warm-up: Orthanc reads the study once before timing
    $saveOurs = @"
$childPrologue
`$me = [Diagnostics.Process]::GetCurrentProcess()
`$cpu = `$me.TotalProcessorTime
`$jitMs = [System.Runtime.JitInfo]::GetCompilationTime(`$false).TotalMilliseconds; `$jitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false)
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$sum = Save-HcDicomInstance -DicomWebUri '$($script:orthanc.DicomWebUri)' -StudyInstanceUID '$studyUid' -Path `$env:HC_BENCH_SAVE | Measure-Object Length -Sum
`$clock.Stop()
`$me.Refresh()
`$jitMs = [System.Runtime.JitInfo]::GetCompilationTime(`$false).TotalMilliseconds - `$jitMs; `$jitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false) - `$jitMethods
`$line = "ms=`$(`$clock.Elapsed.TotalMilliseconds) files=`$(`$sum.Count) bytes=`$(`$sum.Sum) cpums=`$((`$me.TotalProcessorTime - `$cpu).TotalMilliseconds) jitms=`$jitMs jitmethods=`$jitMethods"
# For reference: the same call again in the same process (JIT done, connection pool warm).
Remove-Item `$env:HC_BENCH_SAVE -Recurse -Force
`$clock.Restart()
`$null = Save-HcDicomInstance -DicomWebUri '$($script:orthanc.DicomWebUri)' -StudyInstanceUID '$studyUid' -Path `$env:HC_BENCH_SAVE
`$line += " warmms=`$(`$clock.Elapsed.TotalMilliseconds)"
$childEpilogue
"@
    # PowerShell's own download cmdlet under the same conditions (fresh pwsh, timed inside, first call then a
    # second): it writes the multipart response to one file, like curl, and does not split it.
    $saveIwr = @"
$childPrologue
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$null = Invoke-WebRequest -Uri '$studyUrl' -Headers @{ Accept = '$($accept.Substring(8))' } -OutFile '$blob'
`$line = "ms=`$(`$clock.Elapsed.TotalMilliseconds) bytes=`$((Get-Item '$blob').Length)"
Remove-Item '$blob'
`$clock.Restart()
`$null = Invoke-WebRequest -Uri '$studyUrl' -Headers @{ Accept = '$($accept.Substring(8))' } -OutFile '$blob'
`$line += " warmms=`$(`$clock.Elapsed.TotalMilliseconds)"
Remove-Item '$blob'
$childEpilogue
"@
    $dl = [ordered]@{ Ours = [Collections.Generic.List[double]]::new(); OursWarm = [Collections.Generic.List[double]]::new(); Iwr = [Collections.Generic.List[double]]::new(); IwrWarm = [Collections.Generic.List[double]]::new(); CurlFile = [Collections.Generic.List[double]]::new(); CurlNull = [Collections.Generic.List[double]]::new() }
    $downloadPeaks = [Collections.Generic.List[long]]::new()
    $oursCpu = [Collections.Generic.List[double]]::new(); $curlCpu = [Collections.Generic.List[double]]::new()
    $downloadDetail = [Collections.Generic.List[object]]::new()
    $oursBytes = 0L; $curlBytes = 0L
    $loadDownload = Get-HcLoadAverage
    # Every download writes ~0.25 GB: flush dirty pages (the imports wrote GBs into Orthanc's storage) before
    # each timed download, so that no tool pays for writeback another caused. Not timed.
    $sync = { if (Get-Command sync -ErrorAction SilentlyContinue) { & sync } }
    foreach ($round in 1..$DownloadRuns) {
        Write-Host "Download round $round/${DownloadRuns}"
        & $sync
        $env:HC_BENCH_SAVE = Join-Path $saveRoot "r$round"
        $r = Invoke-HcSampledPwsh -WorkFolder $work -Script $saveOurs
        if ([int] $r['files'] -ne $studyInstances) { throw "Save-HcDicomInstance wrote $($r['files']) files, the study has $studyInstances." }
        $oursBytes = [long] $r['bytes']
        $dl.Ours.Add(($oursBytes / 1MB) / ([double] $r['ms'] / 1000))
        $dl.OursWarm.Add(($oursBytes / 1MB) / ([double] $r['warmms'] / 1000))
        $downloadPeaks.Add([math]::Max([long] $r['hwm'], [long] $r.SampledPeak))
        $downloadDetail.Add($r)
        Remove-Item $env:HC_BENCH_SAVE -Recurse -Force

        & $sync
        $w = Invoke-HcSampledPwsh -WorkFolder $work -Script $saveIwr
        $dl.Iwr.Add(([long] $w['bytes'] / 1MB) / ([double] $w['ms'] / 1000))
        $dl.IwrWarm.Add(([long] $w['bytes'] / 1MB) / ([double] $w['warmms'] / 1000))

        & $sync
        # curl's own time_total (its process start excluded, like pwsh's for ours); bash's `times` gives
        # curl's CPU time (user and sys).
        $out = & bash -c "curl -sS -f -o '$blob' -w '%{time_total}\n' -H '$accept' '$studyUrl' && times"
        if ($LASTEXITCODE -ne 0) { throw "curl download failed ($LASTEXITCODE)." }
        $curlBytes = (Get-Item $blob).Length
        $dl.CurlFile.Add(($curlBytes / 1MB) / [double] $out[0])
        if ($out[-1] -match '(\d+)m([\d.]+)s (\d+)m([\d.]+)s') {
            $curlCpu.Add((([double] $Matches[1] + [double] $Matches[3]) * 60 + [double] $Matches[2] + [double] $Matches[4]) * 1000)
        }
        $oursCpu.Add([double] $r['cpums'])
        Remove-Item $blob

        & $sync
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $nullBytes = & curl -sS -f -o /dev/null -w '%{size_download}' -H $accept $studyUrl
        $clock.Stop()
        $dl.CurlNull.Add(([long] $nullBytes / 1MB) / $clock.Elapsed.TotalSeconds)
    }
    $loadDownloadAfter = Get-HcLoadAverage

    # --- fixed cost of a first call: one instance in a fresh pwsh, ours vs PowerShell's own Invoke-WebRequest ----
    $one = @(Invoke-RestMethod "$studyUrl/instances?limit=1" | ForEach-Object { $_ })[0]
    $oneUrl = "$studyUrl/series/$($one.'0020000E'.Value[0])/instances/$($one.'00080018'.Value[0])"
    $oneOurs = @"
$childPrologue
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$null = Save-HcDicomInstance -DicomWebUri '$($script:orthanc.DicomWebUri)' -StudyInstanceUID '$studyUid' -SeriesInstanceUID '$($one.'0020000E'.Value[0])' -SOPInstanceUID '$($one.'00080018'.Value[0])' -Path (Join-Path `$env:HC_BENCH_SAVE one)
`$line = "ms=`$(`$clock.Elapsed.TotalMilliseconds)"
$childEpilogue
"@
    $oneIwr = @"
$childPrologue
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$null = Invoke-WebRequest -Uri '$oneUrl' -Headers @{ Accept = '$($accept.Substring(8))' } -OutFile (Join-Path `$env:HC_BENCH_SAVE one.multipart)
`$line = "ms=`$(`$clock.Elapsed.TotalMilliseconds)"
$childEpilogue
"@
    $firstCall = [ordered]@{ Ours = [Collections.Generic.List[double]]::new(); Iwr = [Collections.Generic.List[double]]::new() }
    $env:HC_BENCH_SAVE = $saveRoot
    foreach ($round in 1..3) {
        $firstCall.Ours.Add([double] (Invoke-HcSampledPwsh -WorkFolder $work -Script $oneOurs)['ms'])
        $firstCall.Iwr.Add([double] (Invoke-HcSampledPwsh -WorkFolder $work -Script $oneIwr)['ms'])
        Get-ChildItem $saveRoot | Remove-Item -Recurse -Force
    }

    # --- baseline: the same child with the module imported and nothing done -----------------------------
    $baseline = Invoke-HcSampledPwsh -WorkFolder $work -Script "$childPrologue`n`$line = 'ms=0'`n$childEpilogue"

    # --- report ---------------------------------------------------------------------------------------
    $mb = { param($bytes) '{0:N1} MB' -f ($bytes / 1MB) }
    Write-Host ''
    Write-Host ("Corpus: {0} CT-like instances, {1:N0} MB ({2:N0} KB each on average), {3} studies of {4} instances; Orthanc on loopback, fresh per import run." -f $Count, ($corpusBytes / 1MB), ($corpusBytes / $Count / 1KB), [math]::Ceiling($Count / 500), [math]::Min(500, $Count))
    Write-Host ("Machine: {0} logical CPUs; load average {1} at start, {2} -> {3} over import, {4} -> {5} over download; pwsh {6}." -f [Environment]::ProcessorCount, $loadStart, $loadImport, $loadImportAfter, $loadDownload, $loadDownloadAfter, $PSVersionTable.PSVersion)
    if ($node) { Write-Host "npm peer: $node with $xhrName." }
    if (-not $DownloadOnly) {
    Write-Host ''
    Write-Host "Import (STOW-RS) of the whole corpus, $Parallel requests in flight, median of $ImportRuns interleaved runs:"
    $importRate = [ordered]@{}
    foreach ($name in $importMs.Keys) {
        $ms = Get-Median $importMs[$name].ToArray()
        $importRate[$name] = $Count / ($ms / 1000)
        Write-Host ("  {0,-66} {1,8:N0} instances/s {2,8:N1} MB/s   ({3:N2} s; runs {4})" -f $name, $importRate[$name], (($corpusBytes / 1MB) / ($ms / 1000)), ($ms / 1000), (($importMs[$name] | ForEach-Object { '{0:N2}' -f ($_ / 1000) }) -join ', '))
    }
    Write-Host '  CPU time per import of the corpus (user+sys, median): client / Orthanc (a fresh Orthanc per run, so its whole life):'
    foreach ($name in $importCpu.Keys) {
        Write-Host ("    {0,-64} {1,8:N0} ms / {2,6:N0} ms" -f $name, (Get-Median ($importCpu[$name] | ForEach-Object { $_[0] })), (Get-Median ($importCpu[$name] | ForEach-Object { $_[1] })))
    }
    $oursImport = $importRate['Import-HcDicomInstance']
    $processMs = Get-Median ($script:importDetail | Where-Object { -not $_.Batch1 } | ForEach-Object { [double] $_.ProcessMs })
    Write-Host ("  (Import-HcDicomInstance including pwsh start-up and Import-Module: {0:N0} instances/s, {1:N2} s)" -f ($Count / ($processMs / 1000)), ($processMs / 1000))
    $peers = @($importRate.Keys | Where-Object { $_ -notlike 'Import-HcDicomInstance*' })
    $fastest = $peers | Sort-Object { $importRate[$_] } -Descending | Select-Object -First 1
    foreach ($peer in $peers) { Write-Host ("  Ratio ours/{0}: {1:N2}x" -f $peer.Split(',')[0], ($oursImport / $importRate[$peer])) }
    $importRatio = $oursImport / $importRate[$fastest]
    Write-Host ("  Ratio ours -BatchSize 1 (reference)/{0}: {1:N2}x" -f $fastest.Split(',')[0], ($importRate['Import-HcDicomInstance -BatchSize 1 (reference)'] / $importRate[$fastest]))
    if ($script:nodeRss.Count) { Write-Host ("  (dicomweb-client node process peak RSS: {0})" -f (& $mb ($script:nodeRss | Measure-Object -Maximum).Maximum)) }
    }
    Write-Host ''
    Write-Host ("Download (WADO-RS) of study {0}: {1} instances, {2} as files (ours), {3} as one multipart blob (curl); median of {4} interleaved runs, written to {5}:" -f $studyUid, $studyInstances, (& $mb $oursBytes), (& $mb $curlBytes), $DownloadRuns, $saveRoot)
    $oursDl = Get-Median $dl.Ours.ToArray(); $curlDl = Get-Median $dl.CurlFile.ToArray(); $nullDl = Get-Median $dl.CurlNull.ToArray()
    $fmt = '  {0,-66} {1,8:N1} MB/s   (runs {2})'
    Write-Host ($fmt -f 'Save-HcDicomInstance, first call in a fresh pwsh (1 file/instance)', $oursDl, (($dl.Ours | ForEach-Object { '{0:N0}' -f $_ }) -join ', '))
    Write-Host ($fmt -f 'Save-HcDicomInstance, 2nd call in the same process (reference)', (Get-Median $dl.OursWarm.ToArray()), (($dl.OursWarm | ForEach-Object { '{0:N0}' -f $_ }) -join ', '))
    Write-Host ($fmt -f 'Invoke-WebRequest -OutFile, first call in a fresh pwsh (not split)', (Get-Median $dl.Iwr.ToArray()), (($dl.Iwr | ForEach-Object { '{0:N0}' -f $_ }) -join ', '))
    Write-Host ($fmt -f 'Invoke-WebRequest -OutFile, 2nd call in the same process', (Get-Median $dl.IwrWarm.ToArray()), (($dl.IwrWarm | ForEach-Object { '{0:N0}' -f $_ }) -join ', '))
    Write-Host ($fmt -f 'curl, the multipart response to one file (not split)', $curlDl, (($dl.CurlFile | ForEach-Object { '{0:N0}' -f $_ }) -join ', '))
    Write-Host ($fmt -f 'curl, the multipart response to /dev/null (reference)', $nullDl, (($dl.CurlNull | ForEach-Object { '{0:N0}' -f $_ }) -join ', '))
    $downloadRatio = $oursDl / $curlDl
    if ($curlCpu.Count) {
        Write-Host ("  CPU time per download (user+sys, median): Save-HcDicomInstance first call {0:N0} ms (all threads of the pwsh process), curl to a file {1:N0} ms" -f (Get-Median $oursCpu.ToArray()), (Get-Median $curlCpu.ToArray()))
    }
    $smaReadyToRun = & {
        $reader = [Reflection.PortableExecutable.PEReader]::new([IO.File]::OpenRead([psobject].Assembly.Location))
        try { $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 } finally { $reader.Dispose() }
    }
    Write-Host ("  JIT during the first call (median): {0:N0} methods, {1:N0} ms of compilation; this pwsh's System.Management.Automation is {2}" -f (Get-Median ($downloadDetail | ForEach-Object { [double] $_['jitmethods'] })), (Get-Median ($downloadDetail | ForEach-Object { [double] $_['jitms'] })), $(if ($smaReadyToRun) { 'ReadyToRun' } else { 'IL only (not ReadyToRun, as in the dotnet-tool package), so PowerShell''s own code is compiled on first use too' }))
    Write-Host ("  Fixed cost of a first call in a fresh pwsh, one instance: Save-HcDicomInstance {0:N0} ms, Invoke-WebRequest (PowerShell's own) {1:N0} ms (median of 3)" -f (Get-Median $firstCall.Ours.ToArray()), (Get-Median $firstCall.Iwr.ToArray()))
    Write-Host ("  Ratio ours/curl (to a file): {0:N2}x   ours/curl (to /dev/null): {1:N2}x   ours 2nd call/curl (reference): {2:N2}x" -f $downloadRatio, ($oursDl / $nullDl), ((Get-Median $dl.OursWarm.ToArray()) / $curlDl))
    Write-Host ("  Ratio Invoke-WebRequest/curl: first call {0:N2}x, 2nd call {1:N2}x; ours/Invoke-WebRequest: first call {2:N2}x, 2nd call {3:N2}x" -f ((Get-Median $dl.Iwr.ToArray()) / $curlDl), ((Get-Median $dl.IwrWarm.ToArray()) / $curlDl), ($oursDl / (Get-Median $dl.Iwr.ToArray())), ((Get-Median $dl.OursWarm.ToArray()) / (Get-Median $dl.IwrWarm.ToArray())))
    Write-Host ''
    Write-Host 'Peak working set of the child pwsh (max over runs; sampled every ~50 ms / kernel high-water mark VmHWM):'
    $importSampled = ($script:importDetail | ForEach-Object { [long] $_.SampledPeak } | Measure-Object -Maximum).Maximum
    $importHwm = ($script:importDetail | ForEach-Object { [long] $_['hwm'] } | Measure-Object -Maximum).Maximum
    $dlSampled = ($downloadDetail | ForEach-Object { [long] $_.SampledPeak } | Measure-Object -Maximum).Maximum
    $dlHwm = ($downloadDetail | ForEach-Object { [long] $_['hwm'] } | Measure-Object -Maximum).Maximum
    if (-not $DownloadOnly) { Write-Host ("  import   {0} sampled / {1} VmHWM" -f (& $mb $importSampled), (& $mb $importHwm)) }
    Write-Host ("  download {0} sampled / {1} VmHWM" -f (& $mb $dlSampled), (& $mb $dlHwm))
    Write-Host ("  baseline {0} sampled / {1} VmHWM (pwsh + Import-Module, nothing else)" -f (& $mb $baseline.SampledPeak), (& $mb ([long] $baseline['hwm'])))
    $peakWs = [math]::Max([long] ($importPeaks | Measure-Object -Maximum).Maximum, [long] ($downloadPeaks | Measure-Object -Maximum).Maximum)
    Write-Host ''
    $verdict = { param($ok) if ($ok) { 'meets' } else { 'MISSES' } }
    if (-not $DownloadOnly) { Write-Host ("Verdict: import {0:N2}x the faster peer ({1}): {2} the >= 1.0x target." -f $importRatio, $fastest.Split(',')[0], (& $verdict ($importRatio -ge 1.0))) }
    Write-Host ("Verdict: download {0:N2}x curl: {1} the >= 0.9x target." -f $downloadRatio, (& $verdict ($downloadRatio -ge 0.9)))
    Write-Host ("Verdict: peak working set {0}: {1} the <= 200 MB target." -f (& $mb $peakWs), (& $verdict ($peakWs -le 200MB)))
}
finally {
    if ($script:orthanc) { $script:orthanc | Stop-HcTestOrthanc }
    Remove-Item Env:HC_BENCH_DICOMWEB, Env:HC_BENCH_BATCH, Env:HC_BENCH_SAVE, Env:HC_BENCH_MODULE, Env:HC_BENCH_PARALLEL -ErrorAction SilentlyContinue
    if (Test-Path $work) { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    if ($saveRoot -and (Test-Path $saveRoot)) { Remove-Item $saveRoot -Recurse -Force -ErrorAction SilentlyContinue }
}
