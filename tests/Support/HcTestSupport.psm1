# Helpers shared by the Pester suites, the demo and the benchmarks: start and stop the emulator on a
# free loopback port with its own data folder, and steer its fault injection.

function Start-HcTestEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $EmulatorPath,
        [string] $DataPath = (Join-Path ([IO.Path]::GetTempPath()) "hc-emulator-$([guid]::NewGuid().ToString('n'))"),
        [string[]] $ExtraArguments = @()
    )
    New-Item -ItemType Directory -Force $DataPath | Out-Null
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($EmulatorPath, '--port', '0', '--data', $DataPath, '--exit-on-stdin-close') + $ExtraArguments) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $true
    $start.RedirectStandardError = $false
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) { break }
        if ($line -match '(http://127\.0\.0\.1:\d+/)') {
            return [pscustomobject]@{ Url = $Matches[1]; Process = $process; DataPath = $DataPath; HostPort = ([uri]$Matches[1]).Authority }
        }
    }
    if (-not $process.HasExited) { $process.Kill() }
    throw "The emulator at $EmulatorPath did not report its URL within 30 s."
}

function Stop-HcTestEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator, [switch] $KeepData)
    process {
        if (-not $Emulator.Process.HasExited) {
            $Emulator.Process.StandardInput.Close()   # --exit-on-stdin-close: a clean shutdown
            if (-not $Emulator.Process.WaitForExit(10000)) { $Emulator.Process.Kill() }
        }
        if (-not $KeepData) { Remove-Item $Emulator.DataPath -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

function Set-HcTestFault {
    # Fault injection of the emulator (see src/HealthcareTools.Emulator/README.md).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [double] $ErrorRate = 0, [int[]] $ErrorStatuses = @(429, 503), [int] $RetryAfterSeconds = 0,
        [int] $LatencyMs = 0, [double] $DropRate = 0
    )
    $body = @{ errorRate = $ErrorRate; errorStatuses = $ErrorStatuses; retryAfterSeconds = $RetryAfterSeconds; latencyMs = $LatencyMs; dropRate = $DropRate } | ConvertTo-Json
    Invoke-RestMethod -Method Put -Uri "$($Emulator.Url)_emulator/faults" -Body $body -ContentType 'application/json' | Out-Null
}

function Set-HcTestOperationDuration {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [int] $DurationMs)
    Invoke-RestMethod -Method Put -Uri "$($Emulator.Url)_emulator/operations" -Body (@{ durationMs = $DurationMs } | ConvertTo-Json) -ContentType 'application/json' | Out-Null
}

function Get-HcTestStat {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$($Emulator.Url)_emulator/stats"
}

function Start-HcTestOrthanc {
    # Orthanc with its DICOMweb plugin on a free port, kept on 127.0.0.1 by the loopback-bind shim, with a
    # temporary storage folder. Fails (never skips) when Orthanc is not installed.
    [CmdletBinding()]
    param()
    $plugin = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so'
    $orthanc = Get-Command Orthanc, /usr/sbin/Orthanc -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $orthanc -or -not (Test-Path $plugin)) { throw 'Orthanc not found: run apt-get install -y orthanc orthanc-dicomweb' }
    $root = Join-Path ([IO.Path]::GetTempPath()) "hc-orthanc-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Force (Join-Path $root 'db') | Out-Null
    $shim = Join-Path $root 'loopback-bind.so'
    & gcc -shared -fPIC -O2 -o $shim (Join-Path $PSScriptRoot 'loopback-bind.c') -ldl
    if ($LASTEXITCODE -ne 0) { throw 'Could not compile tests/Support/loopback-bind.c with gcc.' }
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $config = Join-Path $root 'orthanc.json'
    @{ Name = 'hc-test'; HttpPort = $port; RemoteAccessAllowed = $false; AuthenticationEnabled = $false; DicomServerEnabled = $false
       StorageDirectory = (Join-Path $root 'db'); IndexDirectory = (Join-Path $root 'db'); Plugins = @($plugin)
       DicomWeb = @{ Enable = $true; Root = '/dicom-web/' }; HttpCompressionEnabled = $false } | ConvertTo-Json -Depth 4 | Set-Content $config
    $start = [Diagnostics.ProcessStartInfo]::new($orthanc.Source)
    $start.ArgumentList.Add($config)
    $start.WorkingDirectory = $root
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.Environment['LD_PRELOAD'] = $shim
    $process = [Diagnostics.Process]::Start($start)
    $process.BeginOutputReadLine(); $process.BeginErrorReadLine()
    $url = "http://127.0.0.1:$port/"
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
        try { Invoke-RestMethod "${url}dicom-web/studies" -TimeoutSec 2 | Out-Null; return [pscustomobject]@{ Url = $url; DicomWebUri = "${url}dicom-web/"; Process = $process; Root = $root } }
        catch { Start-Sleep -Milliseconds 100 }
    }
    if (-not $process.HasExited) { $process.Kill() }
    throw "Orthanc did not answer on $url within 30 s."
}

function Stop-HcTestOrthanc {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Orthanc)
    process {
        if (-not $Orthanc.Process.HasExited) { $Orthanc.Process.Kill(); $Orthanc.Process.WaitForExit(10000) | Out-Null }
        Remove-Item $Orthanc.Root -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function New-HcTestDicomCorpus {
    # Writes $Count distinct, valid DICOM files made from pydicom's CT_small.dcm by rewriting the tail of its
    # SOP Instance UID (and, to spread them over $Studies studies, of its Study and Series UIDs) in place with
    # digits of the same length, so no length or offset changes.
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Destination, [int] $Count = 500, [int] $Studies = 5)
    $template = [IO.File]::ReadAllBytes((Join-Path $PSScriptRoot '../data/dicom-samples/pydicom/test_files/CT_small.dcm'))
    $ascii = [Text.Encoding]::ASCII
    function Find([byte[]] $bytes, [string] $text) {
        $needle = $ascii.GetBytes($text); $found = @()
        for ($i = 0; $i -le $bytes.Length - $needle.Length; $i++) {
            $match = $true
            for ($j = 0; $j -lt $needle.Length -and $match; $j++) { $match = $bytes[$i + $j] -eq $needle[$j] }
            if ($match) { $found += $i }
        }
        $found
    }
    $sop = Find $template '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322'
    $study = Find $template '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322'
    $series = Find $template '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322'
    if ($sop.Count -ne 2 -or $study.Count -ne 1 -or $series.Count -ne 1) { throw 'CT_small.dcm does not hold the expected UIDs.' }
    New-Item -ItemType Directory -Force $Destination | Out-Null
    for ($n = 0; $n -lt $Count; $n++) {
        $bytes = [byte[]]$template.Clone()
        $sopTail = $ascii.GetBytes('{0:00000}' -f (10000 + $n))
        foreach ($at in $sop) { [Array]::Copy($sopTail, 0, $bytes, $at + 42, 5) }
        $studyTail = $ascii.GetBytes('{0:00000}' -f (12320 + $n % $Studies))
        [Array]::Copy($studyTail, 0, $bytes, $study[0] + 38, 5)
        [Array]::Copy($studyTail, 0, $bytes, $series[0] + 40, 5)
        [IO.File]::WriteAllBytes((Join-Path $Destination ('ct{0:0000}.dcm' -f $n)), $bytes)
    }
    Get-ChildItem $Destination -File
}

function Invoke-HcSampledPwsh {
    # Runs a script in a fresh pwsh and samples its working set every ~50 ms until it exits (benchmarks). The
    # script writes its result as key=value pairs to the file passed as $args[0]; returns those pairs plus
    # SampledPeak and SampledMedian (bytes) and ProcessMs. A script with a warm-up phase creates the file
    # "$($args[0]).measure" when it ends: the samples restart from there (the peak before is WarmUpPeak).
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $WorkFolder)
    $pwsh = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    $file = Join-Path $WorkFolder "child-$([guid]::NewGuid().ToString('n')).ps1"
    $resultFile = "$file.result"
    Set-Content -Path $file -Value $Script
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
    foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $file, $resultFile) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($start)
    $peak = 0L
    $warmUpPeak = $null
    $samples = [Collections.Generic.List[long]]::new()
    while (-not $process.WaitForExit(50)) {
        if ($null -eq $warmUpPeak -and (Test-Path "$resultFile.measure")) { $warmUpPeak = $peak; $peak = 0L; $samples.Clear() }
        try { $process.Refresh(); $peak = [math]::Max($peak, $process.WorkingSet64); $samples.Add($process.WorkingSet64) } catch { }
    }
    $samples.Sort()
    $clock.Stop()
    if ($process.ExitCode -ne 0 -or -not (Test-Path $resultFile)) { throw "The child pwsh failed ($($process.ExitCode))." }
    $median = if ($samples.Count) { $samples[[int][math]::Floor(($samples.Count - 1) / 2)] } else { 0L }
    $result = @{ SampledPeak = $peak; SampledMedian = $median; WarmUpPeak = $warmUpPeak; ProcessMs = $clock.Elapsed.TotalMilliseconds }
    foreach ($pair in (Get-Content $resultFile -Raw).Trim().Split(' ')) { $k, $v = $pair.Split('=', 2); $result[$k] = $v }
    Remove-Item $file, $resultFile, "$resultFile.measure" -ErrorAction SilentlyContinue
    $result
}

function Get-HcLoadAverage {
    # The 1/5/15-minute load averages, printed beside benchmark figures ('n/a' where /proc is missing).
    if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ' } else { 'n/a' }
}

function Invoke-HcChildPwsh {
    # Runs a script in a fresh PowerShell process (for what must start from a clean session: import
    # cost, assembly isolation). Returns its output lines; throws when it fails.
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $pwsh = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    $file = Join-Path ([IO.Path]::GetTempPath()) "hc-child-$([guid]::NewGuid().ToString('n')).ps1"
    Set-Content -Path $file -Value $Script
    $saved = @{}
    try {
        foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
        $output = & $pwsh -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" }
        if ($LASTEXITCODE -ne 0) { throw "Child PowerShell failed ($LASTEXITCODE):`n$($output -join "`n")" }
        $output
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

function Initialize-HcTestSession {
    # Imports the module under test and points it at the given emulator with a clean context.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $Project = 'test-project', [string] $Location = 'us-central1')
    Import-Module $env:HC_TEST_MODULE -Global
    Set-HcDefault -Clear -Endpoint $Emulator.Url -Project $Project -Location $Location
}

Export-ModuleMember -Function Start-HcTestEmulator, Stop-HcTestEmulator, Start-HcTestOrthanc, Stop-HcTestOrthanc, Set-HcTestFault, Set-HcTestOperationDuration, Get-HcTestStat, New-HcTestDicomCorpus, Invoke-HcChildPwsh, Invoke-HcSampledPwsh, Get-HcLoadAverage, Initialize-HcTestSession
