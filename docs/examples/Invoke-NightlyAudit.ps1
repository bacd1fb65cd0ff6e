<#
.SYNOPSIS
    A scheduled audit for Windows Task Scheduler or cron: audit, keep the reports, exit non-zero on failure.

.EXAMPLE
    # Windows: register a daily task that runs as a service account (no prompts; the secret comes from the
    # machine's environment or a secret store, never from this script).
    $action = New-ScheduledTaskAction -Execute 'pwsh.exe' -Argument '-NoProfile -NonInteractive -File C:\ScalekitReadiness\Invoke-NightlyAudit.ps1 -ConfigurationPath C:\ScalekitReadiness\prod.json -ReportPath C:\ScalekitReadiness\reports'
    $trigger = New-ScheduledTaskTrigger -Daily -At 03:00
    Register-ScheduledTask -TaskName 'Scalekit readiness audit' -Action $action -Trigger $trigger -User 'CONTOSO\svc-readiness' -Password (Read-Secret)

.EXAMPLE
    # Linux cron (crontab -e): every day at 03:00, the secret in a root-only environment file.
    # 0 3 * * * . /etc/scalekit-readiness.env && pwsh -NoProfile -NonInteractive -File /opt/scalekit-readiness/Invoke-NightlyAudit.ps1 -ConfigurationPath /etc/scalekit-readiness/prod.json -ReportPath /var/lib/scalekit-readiness >> /var/log/scalekit-readiness.log 2>&1
#>
param(
    [Parameter(Mandatory)] [string] $ConfigurationPath,
    [Parameter(Mandatory)] [string] $ReportPath,
    [string] $FailOn = 'High',
    [switch] $IgnoreBlockers
)

$ErrorActionPreference = 'Stop'
Import-Module ScalekitReadiness

New-Item -ItemType Directory -Path $ReportPath -Force | Out-Null
$results = Invoke-SkReadinessAudit -ConfigurationPath $ConfigurationPath -AllowStateChange -IgnoreBlockers:$IgnoreBlockers
$results | Export-SkReadinessReport -Format Html -Path (Join-Path $ReportPath 'latest.html') -Force
$results | Export-SkReadinessReport -Format Json -Path (Join-Path $ReportPath 'latest.json') -Force

# Compare with the previous run, so the log says what changed overnight.
$previous = Join-Path $ReportPath 'previous.json'
if (Test-Path -LiteralPath $previous) {
    Compare-SkReadinessResult -Reference $previous -Difference (Join-Path $ReportPath 'latest.json') | Format-Table -AutoSize | Out-String -Width 200 | Write-Output
}
Copy-Item -LiteralPath (Join-Path $ReportPath 'latest.json') -Destination $previous -Force

# pwsh -File exits with 1 when this throws; Task Scheduler and cron see the failure.
$results | Assert-SkReadiness -FailOn $FailOn
