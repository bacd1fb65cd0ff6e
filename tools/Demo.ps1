<#
.SYNOPSIS
    The demo behind `build.ps1 -Task Demo`: starts the test deployment with typical misconfigurations,
    audits it with the built module, prints the findings, and stops the deployment.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TestDeployment,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
# Typical production mistakes the implemented checks catch (see `Get-SkReadinessCheck`).
$faults = @('prm-resource-trailing-slash', 'prm-as-double-scheme', 'prm-bearer-query')

New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
Import-Module (Join-Path $PSScriptRoot 'TestServers.psm1') -Force
$urls = Start-TestDeployment -Path $TestDeployment -Fault $faults
try {
    $configPath = Join-Path $OutputPath 'demo.config.json'
    [ordered]@{
        Name        = 'demo'
        Environment = [ordered]@{ Url = $urls.EnvironmentUrl; ClientId = $urls.ClientId; ClientSecretEnv = 'SKR_DEMO_CLIENT_SECRET' }
        Mcp         = [ordered]@{ ServerUrl = $urls.McpUrl }
        Network     = [ordered]@{ TimeoutSeconds = 10; TrustedCaPath = $urls.CaCertificatePemPath }
        Safety      = [ordered]@{ AllowStateChange = $true }
    } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $configPath

    # The secret lives in an environment variable; the file only names it.
    $env:SKR_DEMO_CLIENT_SECRET = $urls.ClientSecret
    Import-Module $ModulePath
    Write-Host "`nAuditing the test deployment (faults: $($faults -join ', '))`n  environment $($urls.EnvironmentUrl)`n  MCP server  $($urls.McpUrl)" -ForegroundColor Cyan
    # The demo deployment runs on loopback, which SK-QC-001 rightly reports as "not production" (Critical) and
    # which would block the later sections; -IgnoreBlockers shows them anyway.
    $results = Invoke-SkReadinessAudit -ConfigurationPath $configPath -AllowStateChange -IgnoreBlockers -ProgressAction SilentlyContinue
    $results | Format-Table -AutoSize | Out-String -Width 200 | Out-Host
    foreach ($finding in $results | Where-Object { "$($_.Status)" -in 'Failed', 'Warning', 'Error' }) {
        Write-Host "$($finding.CheckId) $($finding.Status): $($finding.Target)" -ForegroundColor Yellow
        $finding.Reasons | ForEach-Object { Write-Host "  - $_" }
        Write-Host "  Fix: $($finding.DocsUrl)"
    }

    $json = Join-Path $OutputPath 'results.json'
    $results | ConvertTo-Json -Depth 5 -EnumsAsStrings | Set-Content -LiteralPath $json
    Write-Host "`nResults: $json" -ForegroundColor Green
    Write-Host @"

Point the audit at your own deployment:
  Import-Module ./output/ScalekitReadiness
  Test-SkProtectedResourceMetadata -Uri https://mcp.example.com/mcp -EnvironmentUrl https://auth.example.com
  Invoke-SkReadinessAudit -ConfigurationPath ./my-deployment.json     # same keys as $configPath
"@
}
finally {
    Stop-TestServer $urls
    Remove-Item Env:SKR_DEMO_CLIENT_SECRET -ErrorAction Ignore
}
