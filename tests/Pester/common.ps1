# Dot-sourced by every Pester file: imports the BUILT module and offers helpers that start real servers
# on loopback (the test deployment and the third-party peers), each tied to this process's lifetime.
$ErrorActionPreference = 'Stop'

$repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$modulePath = if ($env:SKR_MODULE_PATH) { $env:SKR_MODULE_PATH } else { Join-Path $repositoryRoot 'output/ScalekitReadiness' }
$testDeploymentDll = if ($env:SKR_TESTDEPLOYMENT) { $env:SKR_TESTDEPLOYMENT } else { Join-Path $repositoryRoot 'output/TestDeployment/TestDeployment.dll' }
$referenceMcpServerDll = if ($env:SKR_REFERENCE_MCP_SERVER) { $env:SKR_REFERENCE_MCP_SERVER } else { Join-Path $repositoryRoot 'output/ReferenceMcpServer/ReferenceMcpServer.dll' }
$peersPath = if ($env:SKR_PEERS) { $env:SKR_PEERS } else { Join-Path $repositoryRoot 'tests/peers' }

if (-not (Get-Module ScalekitReadiness)) {
    Import-Module $modulePath
}

Import-Module (Join-Path $repositoryRoot 'tools/TestServers.psm1') -Force
$PSDefaultParameterValues['Start-TestDeployment:Path'] = $testDeploymentDll
$PSDefaultParameterValues['Start-SdkExample:PeersPath'] = $peersPath
$PSDefaultParameterValues['Start-OidcProvider:PeersPath'] = $peersPath
$PSDefaultParameterValues['Start-OidcProvider:TestDeploymentPath'] = $testDeploymentDll
$PSDefaultParameterValues['Invoke-OidcDevLogin:PeersPath'] = $peersPath
$PSDefaultParameterValues['Get-SdkExampleToken:PeersPath'] = $peersPath
$PSDefaultParameterValues['Get-PeerTlsFiles:TestDeploymentPath'] = $testDeploymentDll
$PSDefaultParameterValues['Start-ReferenceMcpServer:Path'] = $referenceMcpServerDll
$PSDefaultParameterValues['Start-ReferenceMcpServer:TestDeploymentPath'] = $testDeploymentDll

function Invoke-ChildPwsh {
    <# Runs a command in a fresh pwsh (as `pwsh -File` would) and returns its output lines and exit code. #>
    param([Parameter(Mandatory)] [string] $Script)
    $file = Join-Path ([System.IO.Path]::GetTempPath()) "skr-child-$([guid]::NewGuid()).ps1"
    Set-Content -LiteralPath $file -Value $Script
    try {
        $pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $arguments = if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { @('pwsh', '-NoProfile', '-NonInteractive', '-File', $file) } else { @('-NoProfile', '-NonInteractive', '-File', $file) }
        $output = & $pwsh @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
    }
    finally {
        Remove-Item -LiteralPath $file -ErrorAction Ignore
    }
}

function Join-CommandOutput {
    <# Flattens everything a command wrote (results as JSON and CSV, every other stream as text) into one string,
       so canary tests can assert that a secret appears nowhere. #>
    param([object[]] $Output)
    ($Output | ForEach-Object {
        if ($_ -is [ScalekitReadiness.CheckResult]) { $_ | ConvertTo-Json -Depth 5; $_ | ConvertTo-Csv } else { "$_" }
    }) -join "`n"
}
