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

Describe 'Test-SkMcpReconnect' {
    It 'passes the clean deployment, and no token appears on any stream' {
        $parameters = Get-McpClientParameters $deployment
        $output = Test-SkMcpReconnect -Uri $deployment.McpUrl @parameters -AllowStateChange -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
        $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        $result.CheckId | Should -BeExactly 'SK-MCP-080'
        "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
        (Join-CommandOutput $output) | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.eyJ'
        (Join-CommandOutput $output) | Should -Not -Match ([regex]::Escape($deployment.McpClientSecret))
    }

    It 'fails a 401 without error="invalid_token" with its own reason' {
        $faulty = Start-TestDeployment -Fault 'mcp-invalid-token-no-error'
        try {
            $parameters = Get-McpClientParameters $faulty
            $result = Test-SkMcpReconnect -Uri $faulty.McpUrl @parameters -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike '*not error="invalid_token"*'
        }
        finally {
            Stop-TestServer $faulty
        }
    }

    Context 'against the official MCP TypeScript SDK OAuth example, with a token from its own authorization flow' {
        BeforeAll {
            $sdk = Start-SdkExample
            $token = ConvertTo-SecureString -String (Get-SdkExampleToken -Server $sdk).AccessToken -AsPlainText -Force
        }
        AfterAll { Stop-TestServer $sdk }

        It 'fails it: a token it does not know is answered 500 (its real bug)' {
            $result = Test-SkMcpReconnect -Uri $sdk.McpUrl -EnvironmentUrl $sdk.AuthorizationServerUrl -AccessToken $token -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons[0] | Should -BeLike 'An expired token was answered 500*'
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
            $result = Test-SkMcpReconnect -Uri $server.McpUrl -EnvironmentUrl "https://localhost:$($provider.Port)" -ClientId $provider.M2mClientId -ClientSecret $secret -TrustedCaPath $server.CaPath -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
        }
    }
}
