<#
.SYNOPSIS
    The demo behind `build.ps1 -Task Demo`: starts the test deployment with typical misconfigurations, audits it
    with the built module (StateChanging checks allowed: the deployment is ours), prints the findings, writes
    report.html and report.json, and stops the deployment.

.DESCRIPTION
    What the deployment gets wrong and how the audit is configured is data: tools/Demo/Demo.psd1.
    The configuration written to <OutputPath>/demo.config.json is a complete example to copy for your deployment.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TestDeployment,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $DataPath = (Join-Path $PSScriptRoot 'Demo/Demo.psd1')
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$TestDeployment = (Resolve-Path -LiteralPath $TestDeployment).Path
$demo = Import-PowerShellDataFile -LiteralPath $DataPath
$faults = @($demo.Faults | ForEach-Object Name)

New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).Path
Import-Module (Join-Path $PSScriptRoot 'TestServers.psm1') -Force
Import-Module $ModulePath

function Expand-Placeholder {
    <# Replaces {Name} in every string of a hashtable/array tree; an unknown placeholder is an error, not a silent gap. #>
    param($Value, [hashtable] $Values)
    if ($Value -is [string]) {
        return [regex]::Replace($Value, '\{(\w+)\}', {
                param($match)
                $name = $match.Groups[1].Value
                if (-not $Values.ContainsKey($name)) { throw "tools/Demo/Demo.psd1 uses {$name}, which the demo does not know. Known: $(($Values.Keys | Sort-Object) -join ', ')." }
                $Values[$name]
            })
    }
    if ($Value -is [System.Collections.IDictionary]) {
        $copy = [ordered]@{}
        foreach ($key in $Value.Keys) { $copy[$key] = Expand-Placeholder $Value[$key] $Values }
        return $copy
    }
    if ($Value -is [array]) { return , @($Value | ForEach-Object { Expand-Placeholder $_ $Values }) }
    $Value
}

$secretVariables = [System.Collections.Generic.List[string]]::new()
$urls = Start-TestDeployment -Path $TestDeployment -Fault $faults
try {
    # Placeholder values: the deployment's ready file (secrets excluded: they go to environment variables).
    $values = @{
        SourcePath      = Join-Path $OutputPath 'source'
        Today           = [DateTime]::UtcNow.ToString('yyyy-MM-dd')
        NextMonth       = [DateTime]::UtcNow.AddDays(30).ToString('yyyy-MM-dd')
        GeneratedSecret = 'test_' + [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(20)).ToLowerInvariant()
    }
    foreach ($property in $urls.PSObject.Properties) {
        if ($property.Name -eq 'Process') { continue }
        if ($property.Name -like '*Secret') {
            $variable = 'SKR_DEMO_' + ($property.Name -creplace '(?<=[a-z0-9])([A-Z])', '_$1').ToUpperInvariant()
            [Environment]::SetEnvironmentVariable($variable, [string]$property.Value)
            $secretVariables.Add($variable)
        }
        elseif ($property.Value -is [string]) {
            $values[$property.Name] = $property.Value
        }
    }

    # The demo application's source tree, written fresh each run (its secret is made up now, never committed).
    if (Test-Path -LiteralPath $values.SourcePath) { Remove-Item -LiteralPath $values.SourcePath -Recurse -Force }
    foreach ($file in $demo.SourceTree.GetEnumerator()) {
        $path = Join-Path $values.SourcePath $file.Key
        New-Item -ItemType Directory -Path (Split-Path $path) -Force | Out-Null
        Set-Content -LiteralPath $path -Value (Expand-Placeholder $file.Value $values)
    }

    # Its own git repository, as an application's is: the scan then reads git's view of it, not this repository's
    # (which ignores output/). Without git the scan reads every file, which suits the demo as well.
    if (Get-Command git -ErrorAction Ignore) { $null = & git -C $values.SourcePath init -q 2>&1 }

    $configPath = Join-Path $OutputPath 'demo.config.json'
    Expand-Placeholder $demo.Configuration $values | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $configPath
    $problems = @(Test-SkReadinessConfiguration -Path $configPath -ErrorAction SilentlyContinue)
    if ($problems.Count -gt 0) { throw "tools/Demo/Demo.psd1 makes an invalid configuration: $($problems -join '; ')" }

    Write-Host "`nAuditing the test deployment, which has these misconfigurations:" -ForegroundColor Cyan
    foreach ($fault in @($demo.Faults) + @($demo.SourceFaults)) { Write-Host "  - $($fault.Story) ($($fault.Expect))" }
    Write-Host "  environment $($urls.EnvironmentUrl)`n  MCP server  $($urls.McpUrl)`n  app         $($urls.AppBaseUrl)`n"

    # -IgnoreBlockers: a High or Critical failure in one section would otherwise leave the later sections NotRun
    # (Blocked), which is right for production and hides too much for a demo.
    $results = @(Invoke-SkReadinessAudit -ConfigurationPath $configPath -AllowStateChange -IgnoreBlockers -ProgressAction SilentlyContinue)
    $results | Format-Table | Out-String -Width 200 | Out-Host

    foreach ($finding in $results | Where-Object { "$($_.Status)" -in 'Failed', 'Warning', 'Error' }) {
        Write-Host "$($finding.CheckId) $($finding.Status) ($($finding.Severity)): $($finding.Target)" -ForegroundColor Yellow
        $finding.Reasons | ForEach-Object { Write-Host "  - $_" }
        Write-Host "  Fix: $($finding.DocsUrl)"
    }

    $html = Join-Path $OutputPath 'report.html'
    $json = Join-Path $OutputPath 'report.json'
    $results | Export-SkReadinessReport -Format Html -Path $html -Force
    $results | Export-SkReadinessReport -Format Json -Path $json -Force
    $counts = ($results | Group-Object { "$($_.Status)" } | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '
    Write-Host "`n$($results.Count) results: $counts" -ForegroundColor Green
    Write-Host "Report: $html`nJSON:   $json`nConfiguration used: $configPath" -ForegroundColor Green
}
finally {
    Stop-TestServer $urls
    foreach ($variable in $secretVariables) { [Environment]::SetEnvironmentVariable($variable, $null) }
}

Write-Host @"

Point the audit at your own deployment:
  Import-Module $ModulePath
  New-SkReadinessConfiguration -Path ./prod.json -EnvironmentUrl https://auth.example.com ``
      -McpServerUrl https://mcp.example.com/mcp -AppBaseUrl https://app.example.com
  # fill in the rest (every key is described in the file and in Get-Help about_ScalekitReadiness;
  # $configPath is a complete example), then:
  Test-SkReadinessConfiguration -Path ./prod.json
  `$env:SCALEKIT_CLIENT_SECRET = '...'    # from your vault: the file only names the variable
  Invoke-SkReadinessAudit -ConfigurationPath ./prod.json | Export-SkReadinessReport -Format Html -Path ./report.html
  # add -AllowStateChange for the checks that mint tokens or open MCP sessions (see Get-SkReadinessCheck).
"@
