# The third-party peers the other Pester files audit (tools/TestServers.psm1): they start on loopback, answer
# as documented, and stop with the test process. Not a cmdlet's tests: these prove the harness itself.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function Invoke-McpInitialize {
        param([string] $Uri, [string] $BearerToken, [string] $CaPath)
        $body = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pester","version":"1.0.0"}}}'
        Invoke-PeerRequest -Method POST -Uri $Uri -JsonBody $body -BearerToken $BearerToken -CaPath $CaPath -Headers @{ Accept = 'application/json, text/event-stream' }
    }
}

Describe 'Start-OidcProvider (oidc-provider 9.13.3, HTTPS with a test-CA certificate)' {
    BeforeAll {
        $resource = 'https://localhost:1/mcp'
        $provider = Start-OidcProvider -IssuerPath '/resources/res_pester' -Resource $resource -RedirectUri 'https://127.0.0.1:5999/auth/callback'
    }

    AfterAll {
        Stop-TestServer $provider
    }

    It 'serves discovery for its Scalekit-shaped issuer, also at the RFC 8414 insertion URL' {
        $provider.Issuer | Should -BeLike 'https://localhost:*/resources/res_pester'
        foreach ($url in $provider.DiscoveryUrl, $provider.AuthorizationServerMetadataUrl) {
            $answer = Invoke-PeerRequest -Uri $url -CaPath $provider.CaPath
            $answer.Status | Should -Be 200
            $answer.Json.issuer | Should -BeExactly $provider.Issuer
            $answer.Json.token_endpoint | Should -BeExactly $provider.TokenEndpoint
        }
        $provider.AuthorizationServerMetadataUrl | Should -BeExactly "https://localhost:$($provider.Port)/.well-known/oauth-authorization-server/resources/res_pester"
    }

    It 'is not trusted without the test CA' {
        { Invoke-PeerRequest -Uri $provider.DiscoveryUrl } | Should -Throw '*SSL*'
    }

    It 'issues an RS256 at+jwt to m2m-client by client_credentials' {
        $answer = Invoke-PeerRequest -Method POST -Uri $provider.TokenEndpoint -CaPath $provider.CaPath `
            -BasicAuth $provider.M2mClientId, $provider.M2mClientSecret -Form @{ grant_type = 'client_credentials'; scope = 'mcp:tools'; resource = $resource }
        $answer.Status | Should -Be 200
        $answer.Json.token_type | Should -BeExactly 'Bearer'
        $header = $answer.Json.access_token.Split('.')[0].Replace('-', '+').Replace('_', '/')
        $header = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($header.PadRight($header.Length + (4 - $header.Length % 4) % 4, '='))) | ConvertFrom-Json
        $header.typ | Should -BeExactly 'at+jwt'
        $header.alg | Should -BeExactly 'RS256'
    }

    It 'grants each m2m client its own scopes when it asks for none; m2m-limited may not ask for mcp:admin' {
        $form = @{ grant_type = 'client_credentials'; resource = $resource }
        $full = Invoke-PeerRequest -Method POST -Uri $provider.TokenEndpoint -CaPath $provider.CaPath -BasicAuth $provider.M2mClientId, $provider.M2mClientSecret -Form $form
        $limited = Invoke-PeerRequest -Method POST -Uri $provider.TokenEndpoint -CaPath $provider.CaPath -BasicAuth $provider.LimitedClientId, $provider.LimitedClientSecret -Form $form
        $admin = Invoke-PeerRequest -Method POST -Uri $provider.TokenEndpoint -CaPath $provider.CaPath -BasicAuth $provider.LimitedClientId, $provider.LimitedClientSecret `
            -Form @{ grant_type = 'client_credentials'; scope = 'mcp:admin'; resource = $resource }
        $full.Json.scope | Should -BeExactly 'mcp:tools mcp:admin'
        $limited.Status | Should -Be 200
        $limited.Json.scope | Should -BeExactly 'mcp:tools'
        $admin.Status | Should -Be 400
        $admin.Json.error | Should -BeExactly 'invalid_scope'
    }

    It 'dev login gives a code that exchanges once with PKCE; the second use is invalid_grant' {
        $login = Invoke-OidcDevLogin -Provider $provider -RedirectUri 'https://127.0.0.1:5999/auth/callback' -Resource $resource
        $login.code | Should -Not -BeNullOrEmpty
        $login.iss | Should -BeExactly $provider.Issuer
        $form = @{ grant_type = 'authorization_code'; code = $login.code; code_verifier = $login.codeVerifier
            redirect_uri = $login.redirectUri; client_id = $provider.PublicClientId }
        $first = Invoke-PeerRequest -Method POST -Uri $provider.TokenEndpoint -CaPath $provider.CaPath -Form $form
        $second = Invoke-PeerRequest -Method POST -Uri $provider.TokenEndpoint -CaPath $provider.CaPath -Form $form
        $first.Status | Should -Be 200
        $first.Json.access_token | Should -Not -BeNullOrEmpty
        $second.Status | Should -Be 400
        $second.Json.error | Should -BeExactly 'invalid_grant'
    }

    It 'rotates refresh tokens: the used one is then invalid_grant' {
        $login = Invoke-OidcDevLogin -Provider $provider -RedirectUri 'https://127.0.0.1:5999/auth/callback' -Resource $resource `
            -ClientId $provider.WebClientId -ClientSecret $provider.WebClientSecret -Scope 'openid offline_access mcp:tools' -Prompt consent -Exchange
        $login.tokenStatus | Should -Be 200
        $refresh = $login.tokenResponse.refresh_token
        $refresh | Should -Not -BeNullOrEmpty
        $request = @{ Method = 'POST'; Uri = $provider.TokenEndpoint; CaPath = $provider.CaPath
            BasicAuth = $provider.WebClientId, $provider.WebClientSecret; Form = @{ grant_type = 'refresh_token'; refresh_token = $refresh } }
        $rotated = Invoke-PeerRequest @request
        $reused = Invoke-PeerRequest @request
        $rotated.Status | Should -Be 200
        $rotated.Json.refresh_token | Should -Not -BeExactly $refresh
        $reused.Status | Should -Be 400
        $reused.Json.error | Should -BeExactly 'invalid_grant'
    }

    It 'refuses the public client without PKCE' {
        $login = Invoke-OidcDevLogin -Provider $provider -RedirectUri 'https://127.0.0.1:5999/auth/callback' -NoPkce
        $login.error | Should -BeExactly 'invalid_request'
        $login.code | Should -BeNullOrEmpty
    }

    It 'stops when asked' {
        $other = Start-OidcProvider -Http
        $other.Issuer | Should -BeLike 'http://localhost:*'
        Stop-TestServer $other
        $other.Process.HasExited | Should -BeTrue
        { Invoke-PeerRequest -Uri $other.DiscoveryUrl } | Should -Throw
    }
}

Describe 'Get-SdkExampleToken (the official MCP TypeScript SDK example, --oauth and --oauth-strict)' {
    It 'gets a token through the example''s own endpoints that initializes its MCP endpoint' {
        $sdk = Start-SdkExample
        try {
            $token = Get-SdkExampleToken -Server $sdk
            $token.tokenStatus | Should -Be 200
            $token.AccessToken | Should -Not -BeNullOrEmpty
            $answer = Invoke-McpInitialize -Uri $sdk.McpUrl -BearerToken $token.AccessToken
            $answer.Status | Should -Be 200
            $answer.Headers['Content-Type'] | Should -BeLike 'text/event-stream*'
            $answer.Headers['mcp-session-id'] | Should -Not -BeNullOrEmpty
            (Invoke-McpInitialize -Uri $sdk.McpUrl).Status | Should -Be 401
        }
        finally { Stop-TestServer $sdk }
    }

    It 'in strict mode mints only for its resource (a refusal is the SDK''s 500)' {
        $sdk = Start-SdkExample -Strict
        try {
            $token = Get-SdkExampleToken -Server $sdk
            (Invoke-McpInitialize -Uri $sdk.McpUrl -BearerToken $token.AccessToken).Status | Should -Be 200
            $refused = Get-SdkExampleToken -Server $sdk -NoResource
            $refused.tokenStatus | Should -Be 500
            $refused.AccessToken | Should -BeNullOrEmpty
        }
        finally { Stop-TestServer $sdk }
    }
}

Describe 'Start-ReferenceMcpServer (official C# MCP SDK, protected by oidc-provider)' {
    BeforeAll {
        $provider = Start-OidcProvider -IssuerPath '/resources/res_reference'
        $server = Start-ReferenceMcpServer -Provider $provider
        function Get-Token([string] $Scope) {
            $answer = Invoke-PeerRequest -Method POST -Uri $provider.TokenEndpoint -CaPath $provider.CaPath `
                -BasicAuth $provider.M2mClientId, $provider.M2mClientSecret -Form @{ grant_type = 'client_credentials'; scope = $Scope; resource = $server.McpUrl }
            $answer.Json.access_token
        }
    }

    AfterAll {
        Stop-TestServer $server
        Stop-TestServer $provider
    }

    It 'challenges an unauthenticated initialize with resource_metadata and scope' {
        $answer = Invoke-McpInitialize -Uri $server.McpUrl -CaPath $server.CaPath
        $answer.Status | Should -Be 401
        $answer.Headers['WWW-Authenticate'] | Should -BeExactly "Bearer resource_metadata=`"$($server.ResourceMetadataUrl)`", scope=`"mcp:tools`""
        $metadata = Invoke-PeerRequest -Uri $server.ResourceMetadataUrl -CaPath $server.CaPath
        $metadata.Json.resource | Should -BeExactly $server.McpUrl
        $metadata.Json.authorization_servers | Should -Be @($provider.Issuer)
    }

    It 'passes the module''s own protected resource metadata check (SK-MCP-010)' {
        $result = Test-SkProtectedResourceMetadata -Uri $server.McpUrl -TrustedCaPath $server.CaPath -EnvironmentUrl "https://localhost:$($provider.Port)"
        "$($result.Status)" | Should -BeExactly 'Passed'
        ($result.Evidence | Where-Object Name -eq 'Answered').Value | Should -BeExactly 'header URL = path-aware, root'
    }

    It 'initializes and lists its tools with a client_credentials token for its URL' {
        $token = Get-Token 'mcp:tools'
        $initialize = Invoke-McpInitialize -Uri $server.McpUrl -BearerToken $token -CaPath $server.CaPath
        $initialize.Status | Should -Be 200
        $session = $initialize.Headers['Mcp-Session-Id']
        $session | Should -Not -BeNullOrEmpty
        $list = Invoke-PeerRequest -Method POST -Uri $server.McpUrl -CaPath $server.CaPath -BearerToken $token -JsonBody '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' `
            -Headers @{ Accept = 'application/json, text/event-stream'; 'Mcp-Session-Id' = $session; 'MCP-Protocol-Version' = '2025-06-18' }
        $list.Status | Should -Be 200
        $list.Body | Should -Match '"name":"whoami"'
        $list.Body | Should -Match '"name":"admin_reset"'
    }

    It 'refuses admin_reset with 403 insufficient_scope to a token without mcp:admin' {
        $token = Get-Token 'mcp:tools'
        $session = (Invoke-McpInitialize -Uri $server.McpUrl -BearerToken $token -CaPath $server.CaPath).Headers['Mcp-Session-Id']
        $call = Invoke-PeerRequest -Method POST -Uri $server.McpUrl -CaPath $server.CaPath -BearerToken $token `
            -JsonBody '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"admin_reset","arguments":{}}}' `
            -Headers @{ Accept = 'application/json, text/event-stream'; 'Mcp-Session-Id' = $session; 'MCP-Protocol-Version' = '2025-06-18' }
        $call.Status | Should -Be 403
        $call.Headers['WWW-Authenticate'] | Should -BeLike 'Bearer error="insufficient_scope"*scope="mcp:tools mcp:admin"*'
    }
}
