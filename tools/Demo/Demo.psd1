# The demo's data (tools/Demo.ps1): which misconfigurations the test deployment starts with, and the audit
# configuration pointed at it. Add a fault by adding a row to Faults (the names: `dotnet TestDeployment.dll --list-faults`).
#
# Placeholders in Configuration and SourceTree, replaced when the demo runs:
#   {<Property>}  a property of the test deployment's ready file (EnvironmentUrl, ClientId, McpUrl, AppBaseUrl,
#                 CaCertificatePemPath, ... : see tests/TestDeployment/Program.cs ReadyJson). Secrets are never
#                 placeholders: every ready-file property whose name ends in "Secret" (ClientSecret, ...) is put in an
#                 environment variable SKR_DEMO_<NAME> (ClientSecret -> SKR_DEMO_CLIENT_SECRET), and the
#                 configuration names that variable, as a real configuration does.
#   {SourcePath}  the demo application's source tree (SourceTree below), written under the output folder.
#   {Today}, {NextMonth}  dates as YYYY-MM-DD, so attestations and exceptions stay valid.
#   {GeneratedSecret}  a random secret-shaped value made at run time (never stored in this repository).
@{
    # Each fault breaks exactly one rule; Expect is the check that must report it (the demo's test asserts it).
    Faults        = @(
        @{ Name = 'prm-resource-trailing-slash'; Expect = 'SK-MCP-010'; Story = 'The MCP server publishes its resource URL with a trailing slash, so SDK clients refuse it.' }
        @{ Name = 'cors-reflect-credentials'; Expect = 'SK-QC-020'; Story = 'The app reflects any Origin with credentials: any web site can call the API as the signed-in user.' }
        @{ Name = 'hsts-short'; Expect = 'SK-QC-010'; Story = 'Strict-Transport-Security lasts five minutes instead of six months.' }
        @{ Name = 'issuer-trailing-slash'; Expect = 'SK-QC-002'; Story = 'The environment''s issuer differs from the configured URL by a trailing slash (custom-domain drift).' }
    )

    # A committed credential, as SK-QC-030 finds them in real repositories.
    SourceFaults  = @(
        @{ Expect = 'SK-QC-030'; Story = 'A client secret committed in the application''s source code.' }
    )
    SourceTree    = @{
        'src/scalekit.ts'   = 'export const scalekit = new ScalekitClient(process.env.SCALEKIT_ENVIRONMENT_URL!, process.env.SCALEKIT_CLIENT_ID!, process.env.SCALEKIT_CLIENT_SECRET!);'
        'src/legacy.ts'     = 'export const legacyOptions = { clientSecret: "{GeneratedSecret}" };'
        '.gitignore'        = ".env`n.env.*`n!.env.example"
        'docs/runbook.md'   = "# Incident response: sign-in and MCP authorization`n`nLast reviewed: {Today}`n`n## Contacts`n`nOn-call: oncall@example.com, +1 555 0100 (PagerDuty service 'auth').`n`n## Scalekit escalation`n`nOpen a Scalekit support ticket (support@scalekit.com) with the environment id and the auth log request ids.`n`n## Rollback`n`nTurn off the feature flag MCP_AUTH_ENFORCED: existing sessions keep working, new MCP connections use the previous API keys.`n"
    }

    # The audit configuration: every key of module/ScalekitReadiness.schema.json the checks read, so checks added
    # to the catalog run in the demo as soon as the test deployment serves what they probe.
    Configuration = @{
        Name         = 'demo'
        Environment  = @{ Url = '{EnvironmentUrl}'; ClientId = '{ClientId}'; ClientSecretEnv = 'SKR_DEMO_CLIENT_SECRET' }
        App          = @{
            BaseUrl         = '{AppBaseUrl}'
            LoginUrl        = '{AppBaseUrl}/login'
            CallbackUrl     = '{AppBaseUrl}/auth/callback'
            LogoutUrl       = '{AppBaseUrl}/logout'
            ProtectedApiUrl = '{AppBaseUrl}/api/me'
            RedirectUris    = @('{AppBaseUrl}/auth/callback')
            AllowedOrigins  = @('{AppBaseUrl}')
        }
        Dashboard    = @{ AllowedCallbackUrls = @('{AppBaseUrl}/auth/callback'); PostLogoutUrls = @('{AppBaseUrl}/') }
        Mcp          = @{
            ServerUrl       = '{McpUrl}'
            ResourceId      = 'res_test123'
            ClientId        = '{McpClientId}'
            ClientSecretEnv = 'SKR_DEMO_MCP_CLIENT_SECRET'
            LimitedClient   = @{ ClientId = '{LimitedMcpClientId}'; ClientSecretEnv = 'SKR_DEMO_LIMITED_MCP_CLIENT_SECRET' }
            ToolScopes      = @{ 'todo.list' = @('todo:read'); 'todo.add' = @('todo:write'); 'todo.delete' = @('todo:write') }
            SafeToInvoke    = @{ 'todo.list' = @{}; 'todo.add' = @{ title = 'readiness probe (demo)' } }
        }
        Source       = @{ Path = '{SourcePath}' }
        Monitoring   = @{
            RunbookPath      = '{SourcePath}/docs/runbook.md'
            WebhookUrl       = '{AppBaseUrl}/webhooks/scalekit'
            WebhookSecretEnv = 'SKR_DEMO_WEBHOOK_SECRET'
        }
        Policy       = @{ MaxAccessTokenLifetimeSeconds = 3600; MinLogRetentionDays = 90 }
        Safety       = @{ AllowStateChange = $true }
        Network      = @{ TimeoutSeconds = 10; TrustedCaPath = '{CaCertificatePemPath}' }
        Attestations = @(
            @{ CheckId = 'SK-MON-030'; By = 'ops@example.com'; On = '{Today}'; Evidence = 'Dashboard > Auth Logs retention: 365 days (demo)'; RetentionDays = 365 }
        )
        Exceptions   = @(
            @{ CheckId = 'SK-QC-001'; Reason = 'The demo deployment runs on loopback, which is never production'; Owner = 'demo@example.com'; Expires = '{NextMonth}' }
            @{ CheckId = 'SK-AUTH-010'; Reason = 'The demo app''s redirect URI is on loopback (127.0.0.1), which production forbids and a demo needs'; Owner = 'demo@example.com'; Expires = '{NextMonth}' }
        )
    }
}
