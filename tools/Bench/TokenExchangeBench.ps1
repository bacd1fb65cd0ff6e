#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmarks Measure-SkTokenExchange against curl on the same token endpoint and the same count.

.DESCRIPTION
    Measure-SkTokenExchange should add almost nothing to what it measures: its median (p50) round trip should be
    within 10% of curl's on the same endpoint.
    1. Starts the built test deployment (tests/TestDeployment) on loopback, once per -LatencyMs value (its token
       endpoint waits that long before answering: 0 is the bare loopback round trip, 20 a fast real endpoint).
    2. For each run (-Runs, the first a warm-up that is dropped):
       - Measure-SkTokenExchange -Count N -Concurrency 1 (the BUILT module, imported once): its P50Ms.
       - curl: ONE curl process making the same N client_credentials POSTs one after the other on a reused
         connection (a -K config file listing the URL N times), -w '%{time_total}' per transfer; the nearest-rank
         median of those times. The config file holds the client secret: it is created readable by its owner
         only and deleted at once.
       Both keep one TLS connection open and pay the handshake once, and both start at most -RequestsPerSecond
       requests per second (curl's --rate), so both measure the same round trip under the same pacing.
    3. Reports the median over the kept runs of each tool's p50, and the ratio ours / curl (target <= 1.10).
    Writes the numbers to <OutputPath>/token-exchange-bench.json.

.PARAMETER ModulePath
    The built module folder (output/ScalekitReadiness).

.PARAMETER TestDeploymentPath
    The built test deployment (output/TestDeployment/TestDeployment.dll).

.PARAMETER OutputPath
    Where the results go (output/bench).

.PARAMETER Count
    Round trips per run and tool (default 200).

.PARAMETER Runs
    Runs per tool, the first of which is a warm-up (default 4).

.PARAMETER RequestsPerSecond
    The pacing of both tools (default 100, Measure-SkTokenExchange's highest -MaxRequestsPerSecond).

.PARAMETER LatencyMs
    The token endpoint's added latency, one benchmark per value (default 0 and 20).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TestDeploymentPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [ValidateRange(10, 10000)] [int] $Count = 200,
    [ValidateRange(2, 20)] [int] $Runs = 4,
    [int[]] $LatencyMs = @(0, 20),
    [ValidateRange(1, 100)] [int] $RequestsPerSecond = 100
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)
$ModulePath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)
$TestDeploymentPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($TestDeploymentPath)
$null = New-Item -ItemType Directory -Path $OutputPath -Force
if (-not (Get-Command curl -CommandType Application -ErrorAction Ignore)) {
    throw 'curl is not installed (apt-get install -y curl).'
}

Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../TestServers.psm1') -Force

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[math]::Ceiling($sorted.Count / 2) - 1]
}

function Invoke-Curl {
    param($Deployment, [int] $Count)
    $config = Join-Path ([System.IO.Path]::GetTempPath()) "skr-curl-$([guid]::NewGuid()).conf"
    $null = New-Item -ItemType File -Path $config
    if (-not $IsWindows) { chmod 600 $config }
    try {
        $body = "grant_type=client_credentials&client_id=$([uri]::EscapeDataString($Deployment.ClientId))&client_secret=$([uri]::EscapeDataString($Deployment.ClientSecret))"
        $lines = @("data = `"$body`"", 'header = "Accept: application/json"', "cacert = `"$($Deployment.CaCertificatePemPath)`"", 'silent', "rate = `"$RequestsPerSecond/s`"", 'write-out = "%{time_total} %{http_code}\n"')
        # output is per URL in curl: each transfer gets its own, so no token reaches the console.
        $lines += 1..$Count | ForEach-Object { "url = `"$($Deployment.EnvironmentUrl)/oauth/token`"", 'output = "/dev/null"' }
        Set-Content -LiteralPath $config -Value $lines
        $answers = @(& curl -K $config)
    }
    finally {
        Remove-Item -LiteralPath $config -Force
    }
    $failed = @($answers | Where-Object { ($_ -split ' ')[1] -ne '200' })
    if ($failed.Count -gt 0) { throw "curl got $($failed.Count) answers other than 200." }
    $times = [double[]]@($answers | ForEach-Object { [double]::Parse(($_ -split ' ')[0], [cultureinfo]::InvariantCulture) * 1000 })
    Get-Median $times
}

$results = foreach ($latency in $LatencyMs) {
    $deployment = Start-TestDeployment -Path $TestDeploymentPath -TokenLatencyMs $latency
    try {
        $secret = ConvertTo-SecureString -String $deployment.ClientSecret -AsPlainText -Force
        $ours = [System.Collections.Generic.List[double]]::new()
        $curl = [System.Collections.Generic.List[double]]::new()
        for ($run = 1; $run -le $Runs; $run++) {
            $m = Measure-SkTokenExchange -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $secret `
                -TrustedCaPath $deployment.CaCertificatePemPath -Count $Count -Concurrency 1 -MaxRequestsPerSecond $RequestsPerSecond
            if ($m.Failed -gt 0) { throw "Measure-SkTokenExchange had $($m.Failed) failures: $($m.FailuresByError)" }
            $c = Invoke-Curl -Deployment $deployment -Count $Count
            Write-Host ("latency {0,3} ms, run {1}: Measure-SkTokenExchange p50 {2:N3} ms, curl p50 {3:N3} ms{4}" -f $latency, $run, $m.P50Ms, $c, $(if ($run -eq 1) { ' (warm-up, dropped)' }))
            if ($run -gt 1) { $ours.Add($m.P50Ms); $curl.Add($c) }
        }
        $oursMedian = Get-Median $ours.ToArray()
        $curlMedian = Get-Median $curl.ToArray()
        [pscustomobject]@{
            LatencyMs = $latency
            Count = $Count
            KeptRuns = $Runs - 1
            MeasureSkTokenExchangeP50Ms = [math]::Round($oursMedian, 3)
            CurlP50Ms = [math]::Round($curlMedian, 3)
            Ratio = [math]::Round($oursMedian / $curlMedian, 3)
            WithinTarget = ($oursMedian / $curlMedian) -le 1.10
        }
    }
    finally {
        Stop-TestServer $deployment
    }
}

$curlVersion = ((& curl --version) | Select-Object -First 1) -replace ' \(.*', ''
$report = [pscustomobject]@{
    Date = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
    Machine = "$([Environment]::ProcessorCount) processors, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), .NET $([Environment]::Version), PowerShell $($PSVersionTable.PSVersion), $curlVersion"
    LoadAverage = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg -Raw).Trim() } else { $null }
    Results = @($results)
}
$report | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $OutputPath 'token-exchange-bench.json')
$results | Format-Table -AutoSize | Out-String | Write-Host
