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
        $result = Test-SkMcpSession -Uri $deployment.McpUrl @(Get-McpClientParameters $deployment) -AllowStateChange
        $result.CheckId | Should -BeExactly 'SK-MCP-060'
        "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
        ($result.Evidence | Where-Object Name -eq 'Protocol era').Value | Should -BeLike 'Session:*'
    }

    It 'fails a session that stands in for the token with its own reason' {
        $faulty = Start-TestDeployment -Fault 'mcp-session-without-token'
        try {
            $result = Test-SkMcpSession -Uri $faulty.McpUrl @(Get-McpClientParameters $faulty) -AllowStateChange
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
            $clean = Test-SkMcpSession -Uri $modern.McpUrl @(Get-McpClientParameters $modern) -AllowStateChange
            $faulty = Test-SkMcpSession -Uri $minting.McpUrl @(Get-McpClientParameters $minting) -AllowStateChange
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

        It 'fails it: a made-up session id gets 400, not 404, and its ids are UUIDs' {
            $result = Test-SkMcpSession -Uri $sdk.McpUrl -EnvironmentUrl $sdk.AuthorizationServerUrl -AccessToken $token -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -Contain 'A made-up session id was answered 400, not 404: clients start a new session only on 404.'
            $result.Reasons | Where-Object { $_ -like 'Session ids are version 4 UUIDs*' } | Should -HaveCount 1
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
