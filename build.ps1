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
    Bench    Build, then the secret-scan benchmark against ripgrep and Select-String (docs/performance.md).

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

    Write-Host 'Pester: tests/Pester (child pwsh, built module)' -ForegroundColor Cyan
    $summary = Join-Path $results 'pester-summary.json'
    $env:SKR_MODULE_PATH = Join-Path $output $moduleName
    $env:SKR_TESTDEPLOYMENT = Join-Path $output 'TestDeployment/TestDeployment.dll'
    $env:SKR_PEERS = Join-Path $root 'tests/peers'
    $env:SKR_NUGET_PACKAGES = Get-NuGetPackageRoot
    Push-Location $root
    try {
        Invoke-Native -AllowFailure dotnet @('pwsh', '-NoLogo', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tools/PesterTest.ps1'),
            '-PesterPath', (Get-PesterModulePath), '-TestPath', (Join-Path $root 'tests/Pester'),
            '-ResultPath', (Join-Path $results 'pester.xml'), '-SummaryPath', $summary)
    }
    finally { Pop-Location }
    $pesterPassed = 0; $pesterFailed = 1
    if (Test-Path $summary) {
        $counts = Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json
        $pesterPassed = [int]$counts.Passed
        $pesterFailed = [int]$counts.Failed
    }
    else { Write-Host 'Pester produced no summary.' -ForegroundColor Red }

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
    'Bench' { Invoke-BuildTask; & (Join-Path $root 'tools/Bench/SecretScanBench.ps1') -ModulePath (Join-Path $output $moduleName) -OutputPath (Join-Path $output 'bench') }
}
