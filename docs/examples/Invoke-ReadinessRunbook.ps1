<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7.2+ or 5.1 runtime): audits the production deployment every night,
    stores the reports, and fails the job when a High or Critical check fails.

.DESCRIPTION
    Import the module into the Automation account from the release zip (ScalekitReadiness-<version>-AzureAutomation.zip).
    Create, in the Automation account:
      - a Credential asset 'ScalekitProduction': user name = client id (skc_...), password = client secret;
      - a Variable asset 'ScalekitReadinessConfiguration': the JSON configuration (see about_ScalekitReadiness).
    The secret never touches a file: it is handed to the audit through a process environment variable that
    the configuration names (Environment.ClientSecretEnv).
#>
param(
    # Where the reports go: a mounted share, or a local folder a later step uploads to a storage account.
    [string] $ReportPath = (Join-Path ([System.IO.Path]::GetTempPath()) 'scalekit-readiness'),

    # The gate: fail the job at or above this severity.
    [ValidateSet('Critical', 'High', 'Medium', 'Low', 'Info')]
    [string] $FailOn = 'High'
)

$ErrorActionPreference = 'Stop'
Import-Module ScalekitReadiness

$credential = Get-AutomationPSCredential -Name 'ScalekitProduction'
$configurationJson = Get-AutomationVariable -Name 'ScalekitReadinessConfiguration'

New-Item -ItemType Directory -Path $ReportPath -Force | Out-Null
$configurationFile = Join-Path $ReportPath 'configuration.json'
Set-Content -LiteralPath $configurationFile -Value $configurationJson

$env:SCALEKIT_READINESS_SECRET = $credential.GetNetworkCredential().Password
try {
    $configuration = $configurationJson | ConvertFrom-Json
    $configuration.Environment | Add-Member -NotePropertyName ClientId -NotePropertyValue $credential.UserName -Force
    $configuration.Environment | Add-Member -NotePropertyName ClientSecretEnv -NotePropertyValue 'SCALEKIT_READINESS_SECRET' -Force
    $configuration | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $configurationFile

    $results = Invoke-SkReadinessAudit -ConfigurationPath $configurationFile -AllowStateChange
}
finally {
    Remove-Item Env:SCALEKIT_READINESS_SECRET -ErrorAction Ignore
}

$stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
$results | Export-SkReadinessReport -Format Html -Path (Join-Path $ReportPath "readiness-$stamp.html")
$results | Export-SkReadinessReport -Format Json -Path (Join-Path $ReportPath "readiness-$stamp.json")
$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Output

# Throws a terminating error naming the failures: the job ends as Failed, and alerts on failed jobs fire.
$results | Assert-SkReadiness -FailOn $FailOn
