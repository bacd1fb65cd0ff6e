<#
.SYNOPSIS
    A scheduled audit for Windows Task Scheduler or cron: audit, keep the reports, exit non-zero on failure.

.DESCRIPTION
    Run it as the scheduler does:
        pwsh -NoProfile -NonInteractive -File Invoke-NightlyAudit.ps1 -ConfigurationPath prod.json -ReportPath reports
    It writes latest.html and latest.json to -ReportPath, prints what changed since the previous run, and exits
    with 1 when a check at or above -FailOn fails (Task Scheduler's "Last Run Result" and cron's mail show it).

    The secret is never in this script or its command line: the configuration names the environment variable
    that holds it (Environment.ClientSecretEnv), set for the scheduled account (Windows: a user or machine
    environment variable, or a secret store; Linux: a root-only file the cron line sources).

    -Schedule prints how to schedule the script with the given parameters instead of auditing:
    the Task Scheduler XML (on Windows also registered with Register-ScheduledTask, unless -WhatIf) and the cron line.

.EXAMPLE
    # Windows: register a daily 03:00 task for a service account (S4U logon: no password is stored).
    ./Invoke-NightlyAudit.ps1 -ConfigurationPath C:\ScalekitReadiness\prod.json -ReportPath C:\ScalekitReadiness\reports -Schedule -At 03:00 -User 'CONTOSO\svc-readiness'

.EXAMPLE
    # Linux: print the cron line, then add it with crontab -e (the secret in a root-only environment file).
    ./Invoke-NightlyAudit.ps1 -ConfigurationPath /etc/scalekit-readiness/prod.json -ReportPath /var/lib/scalekit-readiness -Schedule -EnvironmentFile /etc/scalekit-readiness.env
    # 0 3 * * * . /etc/scalekit-readiness.env && '/usr/bin/pwsh' -NoProfile -NonInteractive -File '/opt/.../Invoke-NightlyAudit.ps1' ... >> /var/lib/scalekit-readiness/audit.log 2>&1
#>
[CmdletBinding(DefaultParameterSetName = 'Audit', SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $ConfigurationPath,
    [Parameter(Mandatory)] [string] $ReportPath,
    [ValidateSet('Critical', 'High', 'Medium', 'Low', 'Info')]
    [string] $FailOn = 'High',
    [switch] $IgnoreBlockers,

    [Parameter(Mandatory, ParameterSetName = 'Schedule')] [switch] $Schedule,
    [Parameter(ParameterSetName = 'Schedule')] [ValidatePattern('^([01][0-9]|2[0-3]):[0-5][0-9]$')] [string] $At = '03:00',
    [Parameter(ParameterSetName = 'Schedule')] [string] $TaskName = 'Scalekit readiness audit',
    [Parameter(ParameterSetName = 'Schedule')] [string] $User = 'SYSTEM',
    [Parameter(ParameterSetName = 'Schedule')] [string] $EnvironmentFile
)

$ErrorActionPreference = 'Stop'

if ($Schedule) {
    # Absolute paths: the scheduler starts in another folder.
    $configurationFull = (Resolve-Path -LiteralPath $ConfigurationPath).Path
    $reportFull = [System.IO.Path]::GetFullPath($ReportPath)
    $pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { $pwsh = 'pwsh' }
    $scriptArguments = @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-ConfigurationPath', $configurationFull, '-ReportPath', $reportFull, '-FailOn', $FailOn)
    if ($IgnoreBlockers) { $scriptArguments += '-IgnoreBlockers' }
    $hour, $minute = $At -split ':'

    $quote = { param([string] $Value) "'" + $Value.Replace("'", "'\''") + "'" }
    $cron = "$([int]$minute) $([int]$hour) * * * "
    if ($EnvironmentFile) { $cron += ". $(& $quote $EnvironmentFile) && " }
    $cron += (& $quote $pwsh) + ' ' + (($scriptArguments | ForEach-Object { if ($_ -like '-*') { $_ } else { & $quote $_ } }) -join ' ')
    $cron += " >> $(& $quote (Join-Path $reportFull 'audit.log')) 2>&1"

    $escape = { param([string] $Value) [System.Security.SecurityElement]::Escape($Value) }
    $windowsArguments = ($scriptArguments | ForEach-Object { if ($_ -like '-*') { $_ } else { '"' + $_ + '"' } }) -join ' '
    $start = '2026-01-01T{0}:00' -f $At
    $taskXml = @"
<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><Description>Scalekit production-readiness audit (ScalekitReadiness)</Description></RegistrationInfo>
  <Triggers>
    <CalendarTrigger><StartBoundary>$start</StartBoundary><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author"><UserId>$(& $escape $User)</UserId><LogonType>S4U</LogonType><RunLevel>LeastPrivilege</RunLevel></Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>
    <StartWhenAvailable>true</StartWhenAvailable>
  </Settings>
  <Actions Context="Author">
    <Exec><Command>pwsh.exe</Command><Arguments>$(& $escape $windowsArguments)</Arguments></Exec>
  </Actions>
</Task>
"@

    if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
        if ($PSCmdlet.ShouldProcess($TaskName, "Register a daily $At task that runs as $User")) {
            Register-ScheduledTask -TaskName $TaskName -Xml $taskXml -User $User -Force | Out-Null
        }
    }
    else {
        Write-Verbose 'Task Scheduler exists only on Windows: add the cron line with crontab -e.'
    }
    return [pscustomobject]@{ TaskName = $TaskName; TaskXml = $taskXml; CronLine = $cron }
}

Import-Module ScalekitReadiness
New-Item -ItemType Directory -Path $ReportPath -Force | Out-Null
$results = @(Invoke-SkReadinessAudit -ConfigurationPath $ConfigurationPath -AllowStateChange -IgnoreBlockers:$IgnoreBlockers)
$latest = Join-Path $ReportPath 'latest.json'
$previous = Join-Path $ReportPath 'previous.json'
if (Test-Path -LiteralPath $latest) {
    Move-Item -LiteralPath $latest -Destination $previous -Force
}
$results | Export-SkReadinessReport -Format Html -Path (Join-Path $ReportPath 'latest.html') -Force
$results | Export-SkReadinessReport -Format Json -Path $latest -Force
$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Output

# Compare with the previous run, so the log says what changed overnight.
if (Test-Path -LiteralPath $previous) {
    $changes = @(Compare-SkReadinessResult -Reference $previous -Difference $latest)
    Write-Output "Changes since the previous run: $($changes.Count)"
    $changes | Format-Table -AutoSize | Out-String -Width 200 | Write-Output
}

# pwsh -File exits with 1 when this throws; Task Scheduler and cron see the failure.
$results | Assert-SkReadiness -FailOn $FailOn
