# Copyright (c) ScalekitReadiness contributors. MIT License.
@{
    RootModule             = 'ScalekitReadiness.psm1'
    # The one place the version is written; build.ps1 reads it and stamps the assemblies with it.
    ModuleVersion          = '0.1.0'
    GUID                   = '6f4f9d5e-2b43-4a5c-9b8e-5d7f0e3c1a21'
    Author                 = 'ScalekitReadiness contributors'
    CompanyName            = 'ScalekitReadiness contributors'
    Copyright              = 'Copyright (c) ScalekitReadiness contributors. MIT License.'
    Description            = 'Audits a Scalekit-based login and MCP server authorization deployment for production readiness: HTTPS, CORS, redirect URIs, tokens, protected-resource metadata, forged-token rejection and more, one result object per finding.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CompatiblePSEditions   = @('Desktop', 'Core')
    FormatsToProcess       = @('ScalekitReadiness.Format.ps1xml', 'ScalekitReadiness.Reports.Format.ps1xml', 'Metrics.Format.ps1xml')
    CmdletsToExport        = @(
        # The audit, its configuration and reports.
        'Assert-SkReadiness'
        'Compare-SkReadinessResult'
        'Export-SkReadinessReport'
        'Get-SkReadinessCheck'
        'Invoke-SkReadinessAudit'
        'New-SkReadinessConfiguration'
        'Test-SkReadinessConfiguration'

        # Quick checks (SK-QC).
        'Test-SkCorsPolicy'
        'Test-SkEnvironmentConfig'
        'Test-SkHttpsEnforcement'
        'Test-SkSecretExposure'

        # Core auth flows I (SK-AUTH-001 ... SK-AUTH-031).
        'Test-SkCallbackState'
        'Test-SkCodeExchange'
        'Test-SkLoginInitiation'
        'Test-SkRedirectUri'

        # Core auth flows II (SK-AUTH-040 ... SK-AUTH-090).
        'Test-SkInvalidTokenHandling'
        'Test-SkLogout'
        'Test-SkSessionCookie'
        'Test-SkTokenLifetime'
        'Test-SkTokenRefresh'
        'Test-SkTokenSignature'

        # MCP authentication (SK-MCP).
        'Test-SkProtectedResourceMetadata'
        'Test-SkMcpAuthChallenge'
        'Test-SkAuthorizationServerMetadata'
        'Test-SkMcpTokenExchange'
        'Test-SkMcpSession'
        'Test-SkMcpReconnect'
        'Test-SkMcpScope'
        'Test-SkMcpTokenValidation'
        'Test-SkMcpConsent'
        'Test-SkMcpCustomAuth'
        'Test-SkMcpClientRegistration'

        # Monitoring and metrics (SK-MON).
        'Find-SkSuspiciousAuthActivity'
        'Get-SkAuthLog'
        'Measure-SkAuthMetrics'
        'Measure-SkTokenExchange'
        'Test-SkRunbook'
        'Test-SkWebhookEndpoint'

    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Scalekit', 'MCP', 'OAuth', 'OIDC', 'Security', 'Audit', 'Readiness', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
