# Starts the servers the tests and the demo audit, on loopback, each tied to the caller's lifetime
# (--parent-pid): the test deployment (tests/TestDeployment) and the third-party peers (tests/peers).

function Start-ServerProcess {
    param([string] $FilePath, [string[]] $ArgumentList, [string] $WorkingDirectory)
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $WorkingDirectory
    $info.UseShellExecute = $false
    # Only stdout is read (one JSON line); stderr goes where ours goes, so a chatty server never blocks on a full pipe.
    $info.RedirectStandardOutput = $true
    [System.Diagnostics.Process]::Start($info)
}

function Start-TestDeployment {
    <# Starts the built test deployment with the given fault switches; returns its URLs and the process. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string[]] $Fault = @(),
        [int] $TokenLatencyMs = 0
    )
    $ready = Join-Path ([System.IO.Path]::GetTempPath()) "skr-deployment-$([guid]::NewGuid()).json"
    $arguments = @($Path, '--ready-file', $ready, '--parent-pid', "$PID")
    foreach ($name in $Fault) { $arguments += '--fault', $name }
    if ($TokenLatencyMs -gt 0) { $arguments += '--token-latency-ms', "$TokenLatencyMs" }
    $process = Start-ServerProcess -FilePath 'dotnet' -ArgumentList $arguments -WorkingDirectory (Split-Path $Path)
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
    Get-Content -LiteralPath $ready -Raw | ConvertFrom-Json |
        Add-Member -NotePropertyName Process -NotePropertyValue $process -PassThru
}

function Start-SdkExample {
    <# Starts the official MCP TypeScript SDK OAuth example server (tests/peers) on loopback. #>
    param(
        [Parameter(Mandatory)] [string] $PeersPath,
        [switch] $Strict
    )
    # --ignore-stdin: CI runs with no standard input, which the script would otherwise take as "stop".
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "skr-sdk-example-$PID.log"
    $arguments = @((Join-Path $PeersPath 'start-sdk-example.mjs'), '--parent-pid', "$PID", '--ignore-stdin', '--log', $log)
    if ($Strict) { $arguments += '--strict' }
    $process = Start-ServerProcess -FilePath 'node' -ArgumentList $arguments -WorkingDirectory $PeersPath
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds(60)) -or -not $line.Result) {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The SDK example did not start; see $log."
    }
    $line.Result | ConvertFrom-Json |
        Add-Member -NotePropertyName Process -NotePropertyValue $process -PassThru |
        Add-Member -NotePropertyName LogPath -NotePropertyValue $log -PassThru
}

function Stop-TestServer {
    <# Asks a server to stop (SIGTERM, so it cleans up its temporary files), and kills it if it does not. #>
    param($Server)
    if (-not $Server -or -not $Server.Process) { return }
    if (-not $Server.Process.HasExited) {
        if (-not $IsWindows) {
            & kill -TERM $Server.Process.Id 2>$null
            $null = $Server.Process.WaitForExit(5000)
        }
        if (-not $Server.Process.HasExited) {
            $Server.Process.Kill($true)
            $null = $Server.Process.WaitForExit(10000)
        }
    }
    if ($Server.PSObject.Properties['LogPath']) { Remove-Item -LiteralPath $Server.LogPath -ErrorAction Ignore }
}

Export-ModuleMember -Function Start-TestDeployment, Start-SdkExample, Stop-TestServer
