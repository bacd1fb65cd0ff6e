<#
.SYNOPSIS
    Runs the Pester tests in this (child) process and writes a small summary file for build.ps1.
    A binary module cannot be unloaded, so the tests always run in a fresh pwsh, never in the build's.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    # One path, or several joined by commas (a child process gets its arguments as strings).
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath -split ','
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath

$run = Invoke-Pester -Configuration $configuration
# A container that fails to load (a BeforeAll error) counts as a failure, never as zero tests.
$failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
[pscustomobject]@{ Passed = $run.PassedCount; Failed = $failed; Skipped = $run.SkippedCount } |
    ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
exit ([int]($failed -gt 0))
