# Dot-sourced by every Pester file: imports the BUILT module and offers helpers that start real servers
# on loopback (the test deployment and the third-party peers), each tied to this process's lifetime.
$ErrorActionPreference = 'Stop'

$repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$modulePath = if ($env:SKR_MODULE_PATH) { $env:SKR_MODULE_PATH } else { Join-Path $repositoryRoot 'output/ScalekitReadiness' }
$testDeploymentDll = if ($env:SKR_TESTDEPLOYMENT) { $env:SKR_TESTDEPLOYMENT } else { Join-Path $repositoryRoot 'output/TestDeployment/TestDeployment.dll' }
$peersPath = if ($env:SKR_PEERS) { $env:SKR_PEERS } else { Join-Path $repositoryRoot 'tests/peers' }

if (-not (Get-Module ScalekitReadiness)) {
    Import-Module $modulePath
}

function Start-ProcessWithArguments {
    param([string] $FilePath, [string[]] $ArgumentList, [string] $WorkingDirectory = $repositoryRoot)
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $WorkingDirectory
    $info.UseShellExecute = $false
    # Only stdout is read (one JSON line); stderr goes where ours goes, so a chatty server never blocks on a full pipe.
    $info.RedirectStandardOutput = $true
    [System.Diagnostics.Process]::Start($info)
}

function Start-TestDeployment {
    <# Starts tests/TestDeployment with the given fault switches; returns its URLs and the process. #>
    param([string[]] $Fault = @())
    $ready = Join-Path ([System.IO.Path]::GetTempPath()) "skr-deployment-$([guid]::NewGuid()).json"
    $arguments = @($testDeploymentDll, '--ready-file', $ready, '--parent-pid', "$PID")
    foreach ($name in $Fault) { $arguments += '--fault', $name }
    $process = Start-ProcessWithArguments -FilePath 'dotnet' -ArgumentList $arguments
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path -LiteralPath $ready)) {
        if ($process.HasExited) {
            throw "The test deployment exited with code $($process.ExitCode) (its messages are above)."
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            $process.Kill($true)
            throw 'The test deployment did not become ready within 60 s.'
        }
        Start-Sleep -Milliseconds 50
    }
    $urls = Get-Content -LiteralPath $ready -Raw | ConvertFrom-Json
    Remove-Item -LiteralPath $ready -Force
    $urls | Add-Member -NotePropertyName Process -NotePropertyValue $process -PassThru
}

function Start-SdkExample {
    <# Starts the official MCP TypeScript SDK OAuth example server (tests/peers) on loopback. #>
    param([switch] $Strict)
    # --ignore-stdin: CI runs with no standard input, which the script would otherwise take as "stop".
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "skr-sdk-example-$PID.log"
    $arguments = @((Join-Path $peersPath 'start-sdk-example.mjs'), '--parent-pid', "$PID", '--ignore-stdin', '--log', $log)
    if ($Strict) { $arguments += '--strict' }
    $process = Start-ProcessWithArguments -FilePath 'node' -ArgumentList $arguments -WorkingDirectory $peersPath
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds(60)) -or -not $line.Result) {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The SDK example did not start; see $log."
    }
    $line.Result | ConvertFrom-Json | Add-Member -NotePropertyName Process -NotePropertyValue $process -PassThru
}

function Stop-TestServer {
    param($Server)
    if ($Server -and $Server.Process -and -not $Server.Process.HasExited) {
        $Server.Process.Kill($true)
        $Server.Process.WaitForExit(10000) | Out-Null
    }
}
