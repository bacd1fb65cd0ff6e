BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    function Get-McpClientParameters($Deployment) {
        @{
            EnvironmentUrl = $Deployment.EnvironmentUrl; ResourceId = $Deployment.ResourceId; TrustedCaPath = $Deployment.CaCertificatePemPath
            ClientId = $Deployment.McpClientId; ClientSecret = (ConvertTo-SecureString -String $Deployment.McpClientSecret -AsPlainText -Force)
        }
    }
    $deployment = Start-TestDeployment
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkMcpSession' {
    It 'passes the clean session-era deployment' {
        $parameters = Get-McpClientParameters $deployment
        $result = Test-SkMcpSession -Uri $deployment.McpUrl @parameters -AllowStateChange
        $result.CheckId | Should -BeExactly 'SK-MCP-060'
        "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
        ($result.Evidence | Where-Object Name -eq 'Protocol era').Value | Should -BeLike 'Session:*'
    }

    It 'fails a session that stands in for the token with its own reason' {
        $faulty = Start-TestDeployment -Fault 'mcp-session-without-token'
        try {
            $parameters = Get-McpClientParameters $faulty
            $result = Test-SkMcpSession -Uri $faulty.McpUrl @parameters -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike 'A valid session id WITHOUT a bearer token was served*'
        }
        finally {
            Stop-TestServer $faulty
        }
    }

    It 'passes a modern (2026-07-28) deployment and fails one that mints sessions' {
        $modern = Start-TestDeployment -Fault 'mcp-modern-era'
        $minting = Start-TestDeployment -Fault 'mcp-modern-era', 'mcp-modern-mints-session'
        try {
            $parameters = Get-McpClientParameters $modern
            $clean = Test-SkMcpSession -Uri $modern.McpUrl @parameters -AllowStateChange
            $parameters = Get-McpClientParameters $minting
            $faulty = Test-SkMcpSession -Uri $minting.McpUrl @parameters -AllowStateChange
            "$($clean.Status)" | Should -BeExactly 'Passed' -Because ($clean.Reasons -join '; ')
            "$($faulty.Status)" | Should -BeExactly 'Failed'
            $faulty.Reasons[0] | Should -BeLike 'The 2026-07-28 server minted a session id*'
        }
        finally {
            Stop-TestServer $modern
            Stop-TestServer $minting
        }
    }

    Context 'against the official MCP TypeScript SDK OAuth example, with a token from its own authorization flow' {
        BeforeAll {
            $sdk = Start-SdkExample
            $token = ConvertTo-SecureString -String (Get-SdkExampleToken -Server $sdk).AccessToken -AsPlainText -Force
        }
        AfterAll { Stop-TestServer $sdk }

        It 'warns about it: its session ids are version 4 UUIDs (122 random bits); sessions need the token' {
            $result = Test-SkMcpSession -Uri $sdk.McpUrl -EnvironmentUrl $sdk.AuthorizationServerUrl -AccessToken $token -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Warning' -Because ($result.Reasons -join '; ')
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike 'Session ids are version 4 UUIDs: 122 random bits*'
            ($result.Evidence | Where-Object Name -eq 'Session id without token').Value | Should -BeLike '*→ 401*'
        }
    }

    Context 'against the C# MCP SDK reference server protected by oidc-provider' {
        BeforeAll {
            $provider = Start-OidcProvider -IssuerPath '/resources/res_reference'
            $server = Start-ReferenceMcpServer -Provider $provider
        }
        AfterAll { Stop-TestServer $server; Stop-TestServer $provider }

        It 'passes it' {
            $secret = ConvertTo-SecureString -String $provider.M2mClientSecret -AsPlainText -Force
            $result = Test-SkMcpSession -Uri $server.McpUrl -EnvironmentUrl "https://localhost:$($provider.Port)" -ClientId $provider.M2mClientId -ClientSecret $secret -TrustedCaPath $server.CaPath -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
        }
    }
}
