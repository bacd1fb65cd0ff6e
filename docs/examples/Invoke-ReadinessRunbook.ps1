<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7.2+ or 5.1 runtime): audits the production deployment every night,
    stores the reports, and fails the job when a check at or above -FailOn fails.

.DESCRIPTION
    Import the module into the Automation account from the release zip (ScalekitReadiness-<version>-AzureAutomation.zip).
    Create, in the Automation account:
      - a Credential asset 'ScalekitProduction': user name = client id (skc_...), password = client secret;
      - a Variable asset 'ScalekitReadinessConfiguration': the JSON configuration (see about_ScalekitReadiness),
        with absolute paths only (the runbook's working folder is a throwaway sandbox).
    The secret never touches a file: it is handed to the audit through a process environment variable that
    the configuration names (Environment.ClientSecretEnv), and removed again when the audit ends.

    Reports go to -ReportPath: a mounted Azure Files share on a Hybrid Runbook Worker, or the sandbox's temp folder
    from which a later step uploads them (Set-AzStorageBlobContent). The job output lists the files written.
#>
param(
    # Where the reports go.
    [string] $ReportPath = (Join-Path ([System.IO.Path]::GetTempPath()) 'scalekit-readiness'),

    # The gate: fail the job at or above this severity.
    [ValidateSet('Critical', 'High', 'Medium', 'Low', 'Info')]
    [string] $FailOn = 'High',

    # The Automation assets to read.
    [string] $CredentialName = 'ScalekitProduction',
    [string] $ConfigurationVariableName = 'ScalekitReadinessConfiguration'
)

$ErrorActionPreference = 'Stop'
Import-Module ScalekitReadiness

$credential = Get-AutomationPSCredential -Name $CredentialName
$configuration = Get-AutomationVariable -Name $ConfigurationVariableName | ConvertFrom-Json
if (-not $configuration.PSObject.Properties['Environment'] -or $null -eq $configuration.Environment) {
    $configuration | Add-Member -NotePropertyName Environment -NotePropertyValue ([pscustomobject]@{}) -Force
}
if (-not $configuration.PSObject.Properties['Name'] -or -not $configuration.Name) {
    # Otherwise the deployment would be named after the temporary file below.
    $configuration | Add-Member -NotePropertyName Name -NotePropertyValue $ConfigurationVariableName -Force
}
$configuration.Environment | Add-Member -NotePropertyName ClientId -NotePropertyValue $credential.UserName -Force
$configuration.Environment | Add-Member -NotePropertyName ClientSecretEnv -NotePropertyValue 'SCALEKIT_READINESS_SECRET' -Force

New-Item -ItemType Directory -Path $ReportPath -Force | Out-Null
# The configuration file holds no secret (only the variable's NAME), and lives only while the audit runs.
$configurationFile = Join-Path ([System.IO.Path]::GetTempPath()) ('scalekit-readiness-' + [guid]::NewGuid().ToString('N') + '.json')
$env:SCALEKIT_READINESS_SECRET = $credential.GetNetworkCredential().Password
try {
    $configuration | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $configurationFile -Encoding UTF8
    $results = @(Invoke-SkReadinessAudit -ConfigurationPath $configurationFile -AllowStateChange)
}
finally {
    Remove-Item Env:SCALEKIT_READINESS_SECRET -ErrorAction Ignore
    Remove-Item -LiteralPath $configurationFile -ErrorAction Ignore
}

$stamp = [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss')
foreach ($format in 'Html', 'Json') {
    $file = Join-Path $ReportPath "readiness-$stamp.$($format.ToLowerInvariant())"
    $results | Export-SkReadinessReport -Format $format -Path $file
    Write-Output "Report: $file"
}
$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Output

# Throws a terminating error naming the failures: the job ends as Failed, and alerts on failed jobs fire.
$results | Assert-SkReadiness -FailOn $FailOn
