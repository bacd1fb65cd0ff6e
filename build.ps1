#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the ScalekitReadiness module.

.DESCRIPTION
    The one entry point (plain PowerShell: Invoke-Build and the PowerShell Gallery are not needed).
    On a machine with only the .NET SDK: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test

    Build    publishes per target framework into output/ScalekitReadiness/<version>/bin/<tfm> and copies module/.
    Test     Build, then the xunit tests and the Pester tests (in a child pwsh, against the BUILT module);
             the last line is "N passed, N failed" and the exit code is non-zero on any failure.
    Package  Build, then a PowerShell-Gallery-ready .nupkg and an Azure Automation import zip in output/package.
    Demo     Build, start the test deployment with typical misconfigurations (tools/Demo/Demo.psd1), audit it,
             print the table, write output/demo/report.html and report.json.
    Bench    Build, then the secret-scan benchmark against ripgrep and Select-String, and the token-exchange
             benchmark of Measure-SkTokenExchange against curl (docs/performance.md).

.PARAMETER Task
    What to do (default Build).

.PARAMETER Configuration
    The .NET build configuration (default Release).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$moduleName = 'ScalekitReadiness'
$version = (Import-PowerShellDataFile -LiteralPath (Join-Path $root "module/$moduleName.psd1")).ModuleVersion
$output = Join-Path $root 'output'
$releasePath = Join-Path $output "$moduleName/$version"
$frameworks = 'net472', 'net8.0'

# DLLs the module must ship for each framework, and what it must never ship (PowerShell provides it).
$requiredFiles = @(
    'ScalekitReadiness.dll', 'ScalekitReadiness.Core.dll', 'ScalekitReadiness.Loader.dll',
    'Newtonsoft.Json.dll', 'System.IdentityModel.Tokens.Jwt.dll', 'Microsoft.IdentityModel.Tokens.dll',
    'Microsoft.Extensions.Http.dll', 'Microsoft.Extensions.DependencyInjection.dll'
)
$forbiddenFiles = @('System.Management.Automation.dll', 'Microsoft.PowerShell.CoreCLR.Eventing.dll')

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [switch] $AllowFailure)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0 -and -not $AllowFailure) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    Write-Host "Building $moduleName $version ($Configuration)" -ForegroundColor Cyan
    if (Test-Path (Join-Path $output $moduleName)) {
        Remove-Item -LiteralPath (Join-Path $output $moduleName) -Recurse -Force
    }

    foreach ($framework in $frameworks) {
        $bin = Join-Path $releasePath "bin/$framework"
        foreach ($project in "src/$moduleName", "src/$moduleName.Loader") {
            Invoke-Native dotnet @('publish', (Join-Path $root $project), '--nologo', '-v', 'quiet',
                '-c', $Configuration, '-f', $framework, '-o', $bin, '-p:GenerateDocumentationFile=true')
        }

        # Only what the module loads belongs in bin: no symbols, XML docs or deps files of the build.
        Get-ChildItem -LiteralPath $bin -File | Where-Object Extension -in '.pdb', '.xml', '.json' | Remove-Item -Force
        foreach ($file in $requiredFiles) {
            if (-not (Test-Path (Join-Path $bin $file))) { throw "bin/$framework lacks ${file}: the module would not load." }
        }
        foreach ($file in $forbiddenFiles) {
            if (Test-Path (Join-Path $bin $file)) { throw "bin/$framework ships $file, which PowerShell itself provides." }
        }
    }

    Copy-Item -Path (Join-Path $root 'module/*') -Destination $releasePath -Recurse -Force
    # Cmdlet help (MAML) and the about topic, from docs/en-US (platyPS is not available everywhere; our converter is tested).
    $null = & (Join-Path $root 'tools/Help/ConvertTo-Maml.ps1') -Path (Join-Path $root 'docs/en-US') -OutputPath (Join-Path $releasePath 'en-US')
    Write-Host "Module: $releasePath" -ForegroundColor Green
}

function Invoke-TestDeploymentBuild {
    Invoke-Native dotnet @('build', (Join-Path $root 'tests/TestDeployment'), '--nologo', '-v', 'quiet',
        '-c', $Configuration, '-o', (Join-Path $output 'TestDeployment'), '-clp:NoSummary')
}

function Invoke-ReferenceMcpServerBuild {
    # The clean reference MCP server (official C# MCP SDK) the peer tests audit; see tests/ReferenceMcpServer.
    Invoke-Native dotnet @('build', (Join-Path $root 'tests/ReferenceMcpServer'), '--nologo', '-v', 'quiet',
        '-c', $Configuration, '-o', (Join-Path $output 'ReferenceMcpServer'), '-clp:NoSummary')
}

function Install-PeerServers {
    $peers = Join-Path $root 'tests/peers'
    if (-not (Get-Command node -ErrorAction Ignore)) {
        throw 'Node.js is needed for the third-party peer servers (tests/peers). Install Node.js 20 or newer (Debian: apt-get install nodejs npm).'
    }
    $stamp = Join-Path $peers 'node_modules/.package-lock.json'
    $lock = Join-Path $peers 'package-lock.json'
    if (-not (Test-Path $stamp) -or (Get-Item -LiteralPath $lock).LastWriteTimeUtc -gt (Get-Item -LiteralPath $stamp -Force).LastWriteTimeUtc) {
        Push-Location $peers
        try { Invoke-Native npm @('ci', '--no-audit', '--no-fund', '--loglevel=error') } finally { Pop-Location }
    }
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Get-PesterModulePath {
    # Pester and the conflict test's older assemblies come from NuGet (tools/TestDependencies).
    Invoke-Native dotnet @('restore', (Join-Path $root 'tools/TestDependencies/TestDependencies.csproj'), '--nologo', '-v', 'quiet')
    $manifest = Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester was restored but $manifest is missing." }
    $manifest
}

function Invoke-PesterWorkers {
    <#
    Runs tests/Pester in child pwsh processes (a binary module cannot be unloaded, so never in the build's own
    process), the files shared out over $Workers processes: most of the suite waits on servers starting and on the
    probe's per-host rate limit, not on the CPU, so two workers halve the wall time on a 2-core machine. Each
    worker's output is printed whole when it ends, so the log stays readable. A worker without a summary counts
    as a failure, never as zero tests.
    #>
    param([Parameter(Mandatory)] [string] $ResultsPath, [int] $Workers = 2)

    Write-Host "Pester: tests/Pester (child pwsh, built module, $Workers workers)" -ForegroundColor Cyan
    # Longest files first, each to the worker with the least so far (file size stands in for duration).
    $buckets = @(for ($i = 0; $i -lt $Workers; $i++) { [pscustomobject]@{ Files = [System.Collections.Generic.List[string]]::new(); Size = 0L } })
    foreach ($file in Get-ChildItem -LiteralPath (Join-Path $root 'tests/Pester') -Filter '*.Tests.ps1' | Sort-Object Length -Descending) {
        $bucket = $buckets | Sort-Object Size | Select-Object -First 1
        $bucket.Files.Add($file.FullName)
        $bucket.Size += $file.Length
    }

    $running = for ($i = 0; $i -lt $Workers; $i++) {
        if ($buckets[$i].Files.Count -eq 0) { continue }
        $log = Join-Path $ResultsPath "pester-$i.log"
        $arguments = @('pwsh', '-NoLogo', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tools/PesterTest.ps1'),
            '-PesterPath', (Get-PesterModulePath), '-TestPath', ($buckets[$i].Files -join ','),
            '-ResultPath', (Join-Path $ResultsPath "pester-$i.xml"), '-SummaryPath', (Join-Path $ResultsPath "pester-summary-$i.json"))
        # A job is a child pwsh that inherits this environment (SKR_*); it passes the arguments to dotnet as a list.
        $job = Start-Job -WorkingDirectory $root -ArgumentList $arguments, $log -ScriptBlock {
            param([string[]] $Arguments, [string] $Log)
            & dotnet @Arguments *> $Log
            $LASTEXITCODE
        }
        [pscustomobject]@{ Index = $i; Job = $job; Log = $log }
    }

    $passed = 0; $failed = 0
    foreach ($worker in $running) {
        $exitCode = Receive-Job -Job $worker.Job -Wait -AutoRemoveJob
        Write-Host "--- Pester worker $($worker.Index) ---" -ForegroundColor Cyan
        Get-Content -LiteralPath $worker.Log -ErrorAction Ignore | Write-Host
        $summary = Join-Path $ResultsPath "pester-summary-$($worker.Index).json"
        if (Test-Path $summary) {
            $counts = Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json
            $passed += [int]$counts.Passed
            $failed += [int]$counts.Failed
        }
        else {
            $failed += 1
            Write-Host "Pester worker $($worker.Index) produced no summary (exit code $exitCode)." -ForegroundColor Red
        }
    }

    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-TestTask {
    Invoke-BuildTask
    Invoke-TestDeploymentBuild
    Invoke-ReferenceMcpServerBuild
    Install-PeerServers
    # Read by the xunit peer helpers (tests/ScalekitReadiness.Core.Tests/Peers) and by tests/Pester/common.ps1.
    $env:SKR_REFERENCE_MCP_SERVER = Join-Path $output 'ReferenceMcpServer/ReferenceMcpServer.dll'
    $results = Join-Path $output 'TestResults'
    if (Test-Path $results) { Remove-Item -LiteralPath $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results | Out-Null

    Write-Host 'xunit: ScalekitReadiness.Core.Tests' -ForegroundColor Cyan
    Invoke-Native -AllowFailure dotnet @('test', (Join-Path $root 'tests/ScalekitReadiness.Core.Tests'), '--nologo',
        '-c', $Configuration, '--logger', 'trx;LogFileName=xunit.trx', '--logger', 'console;verbosity=minimal',
        '--results-directory', $results)
    $xunitExit = $LASTEXITCODE
    $trx = Join-Path $results 'xunit.trx'
    $xunitPassed = 0; $xunitFailed = 0
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content -LiteralPath $trx -Raw)).TestRun.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    if ($xunitExit -ne 0 -and $xunitFailed -eq 0) { $xunitFailed = 1; Write-Host "xunit exited with $xunitExit without a result file." -ForegroundColor Red }

    $env:SKR_MODULE_PATH = Join-Path $output $moduleName
    $env:SKR_TESTDEPLOYMENT = Join-Path $output 'TestDeployment/TestDeployment.dll'
    $env:SKR_PEERS = Join-Path $root 'tests/peers'
    $env:SKR_NUGET_PACKAGES = Get-NuGetPackageRoot
    $pester = Invoke-PesterWorkers -ResultsPath $results -Workers 2
    $pesterPassed = $pester.Passed
    $pesterFailed = $pester.Failed

    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    Write-Host "xunit: $xunitPassed passed, $xunitFailed failed; Pester: $pesterPassed passed, $pesterFailed failed"
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-PackageTask {
    Invoke-BuildTask
    $package = Join-Path $output 'package'
    if (Test-Path $package) { Remove-Item -LiteralPath $package -Recurse -Force }
    New-Item -ItemType Directory -Path $package | Out-Null

    # A throw-away local repository: Publish-PSResource writes the Gallery-ready .nupkg into it.
    $repositoryName = "SkReadinessLocal$PID"
    Register-PSResourceRepository -Name $repositoryName -Uri $package -Trusted
    try {
        Publish-PSResource -Path $releasePath -Repository $repositoryName -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName
    }

    # Azure Automation imports a zip whose root folder is the module name.
    $staging = Join-Path ([IO.Path]::GetTempPath()) "skr-zip-$PID"
    if (Test-Path $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
    Copy-Item -LiteralPath $releasePath -Destination (Join-Path $staging $moduleName) -Recurse
    Compress-Archive -Path (Join-Path $staging $moduleName) -DestinationPath (Join-Path $package "$moduleName-$version-AzureAutomation.zip")
    Remove-Item -LiteralPath $staging -Recurse -Force
    Get-ChildItem -LiteralPath $package | ForEach-Object { Write-Host "Package: $($_.FullName)" -ForegroundColor Green }
}

function Invoke-DemoTask {
    Invoke-BuildTask
    Invoke-TestDeploymentBuild
    & (Join-Path $root 'tools/Demo.ps1') -ModulePath (Join-Path $output $moduleName) -TestDeployment (Join-Path $output 'TestDeployment/TestDeployment.dll') -OutputPath (Join-Path $output 'demo')
}

switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Test' { Invoke-TestTask }
    'Package' { Invoke-PackageTask }
    'Demo' { Invoke-DemoTask }
    'Bench' {
        Invoke-BuildTask
        & (Join-Path $root 'tools/Bench/SecretScanBench.ps1') -ModulePath (Join-Path $output $moduleName) -OutputPath (Join-Path $output 'bench')
        Invoke-TestDeploymentBuild
        & (Join-Path $root 'tools/Bench/TokenExchangeBench.ps1') -ModulePath (Join-Path $output $moduleName) -TestDeploymentPath (Join-Path $output 'TestDeployment/TestDeployment.dll') -OutputPath (Join-Path $output 'bench')
    }
}
