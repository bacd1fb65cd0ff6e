BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    function Get-McpClientParameters($Deployment) {
        @{
            EnvironmentUrl = $Deployment.EnvironmentUrl; ResourceId = $Deployment.ResourceId; TrustedCaPath = $Deployment.CaCertificatePemPath
            ClientId = $Deployment.McpClientId; ClientSecret = (ConvertTo-SecureString -String $Deployment.McpClientSecret -AsPlainText -Force)
        }
    }
    $deployment = Start-TestDeployment
    $client = Get-McpClientParameters $deployment
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkMcpTokenExchange' {
    It 'passes the clean test deployment, and neither the secret nor the token appears on any stream' {
        $output = Test-SkMcpTokenExchange -Uri $deployment.McpUrl @client -AllowStateChange -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
        $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
        ($result.Evidence | Where-Object Name -eq 'Scope claim').Value | Should -BeExactly 'scope string: todo:read todo:write'
        (Join-CommandOutput $output) | Should -Not -Match ([regex]::Escape($deployment.McpClientSecret))
        (Join-CommandOutput $output) | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.eyJ'
    }

    It 'does not run without -AllowStateChange, nor under -WhatIf' {
        (Test-SkMcpTokenExchange -Uri $deployment.McpUrl @client).NotRunReason | Should -Be 'RequiresStateChange'
        (Test-SkMcpTokenExchange -Uri $deployment.McpUrl @client -AllowStateChange -WhatIf).NotRunReason | Should -Be 'RequiresStateChange'
    }

    It 'fails a token that ignores the resource with its own reason' {
        $faulty = Start-TestDeployment -Fault 'mcp-token-ignores-resource'
        try {
            $parameters = Get-McpClientParameters $faulty
            $result = Test-SkMcpTokenExchange -Uri $faulty.McpUrl @parameters -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons[0] | Should -BeLike "The token's aud (m2m_*) names neither the resource id res_test123 nor the server URL*"
        }
        finally {
            Stop-TestServer $faulty
        }
    }

    It 'never sends the secret to a token endpoint on another host' {
        $faulty = Start-TestDeployment -Fault 'prm-as-foreign-host'
        try {
            $parameters = Get-McpClientParameters $faulty
            $output = Test-SkMcpTokenExchange -Uri $faulty.McpUrl @parameters -AllowStateChange -Verbose 4>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons[0] | Should -BeLike 'The token endpoint https://127.0.0.2:*/oauth/token is not on the configured environment*'
            @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'POST https://127.0.0.2*' }) | Should -HaveCount 0
        }
        finally {
            Stop-TestServer $faulty
        }
    }

    Context 'against the C# MCP SDK reference server protected by oidc-provider' {
        BeforeAll {
            $provider = Start-OidcProvider -IssuerPath '/resources/res_reference'
            $server = Start-ReferenceMcpServer -Provider $provider
            $secret = ConvertTo-SecureString -String $provider.M2mClientSecret -AsPlainText -Force
        }
        AfterAll { Stop-TestServer $server; Stop-TestServer $provider }

        It 'passes it (oidc-provider issues a resource-issuer, scope-string token)' {
            $result = Test-SkMcpTokenExchange -Uri $server.McpUrl -EnvironmentUrl "https://localhost:$($provider.Port)" -ResourceId 'res_reference' `
                -ClientId $provider.M2mClientId -ClientSecret $secret -TrustedCaPath $server.CaPath -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
            ($result.Evidence | Where-Object Name -eq 'iss').Value | Should -BeLike '*/resources/res_reference (resource issuer)'
        }
    }

    Context 'against the official MCP TypeScript SDK OAuth example (a real third-party server)' {
        BeforeAll { $sdk = Start-SdkExample }
        AfterAll { Stop-TestServer $sdk }

        It 'fails it: its authorization server has no client_credentials grant' {
            $secret = ConvertTo-SecureString -String 'not-a-registered-secret' -AsPlainText -Force
            $result = Test-SkMcpTokenExchange -Uri $sdk.McpUrl -EnvironmentUrl $sdk.AuthorizationServerUrl -ClientId 'm2m' -ClientSecret $secret -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons[0] | Should -BeLike 'client_credentials with resource=* failed: The token endpoint answered *'
        }
    }
}
