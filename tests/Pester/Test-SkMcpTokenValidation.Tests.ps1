BeforeDiscovery {
    # Each row: a fault switch of the test deployment and the reason the cmdlet must give for it.
    $faultCases = @(
        @{ Fault = 'mcp-accepts-alg-none'; Reason = 'An unsigned token (alg: none) was accepted (HTTP 200)' }
        @{ Fault = 'mcp-accepts-hs256-public-key'; Reason = '(algorithm confusion) was accepted (HTTP 200)' }
        @{ Fault = 'mcp-expired-500'; Reason = 'An expired token was answered 500, not 401' }
        @{ Fault = 'mcp-accepts-wrong-audience'; Reason = 'A token issued for another resource (Mcp.ForeignAudienceTokenEnv) was accepted' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function Get-ForeignAudienceToken($Deployment) {
        # A real token of the deployment's other MCP server: valid signature and issuer, wrong audience.
        $body = @{ grant_type = 'client_credentials'; client_id = $Deployment.McpClientId; client_secret = $Deployment.McpClientSecret; resource = $Deployment.OtherMcpUrl }
        $answer = Invoke-RestMethod -Method Post -Uri "$($Deployment.EnvironmentUrl)/oauth/token" -Body $body -SkipCertificateCheck
        ConvertTo-SecureString -String $answer.access_token -AsPlainText -Force
    }

    $deployment = Start-TestDeployment
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath; EnvironmentUrl = $deployment.EnvironmentUrl; ResourceId = $deployment.ResourceId }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkMcpTokenValidation' {
    Context 'against the clean test deployment' {
        BeforeAll {
            $foreign = Get-ForeignAudienceToken $deployment
            $output = Test-SkMcpTokenValidation -Uri $deployment.McpUrl @common -ForeignAudienceToken $foreign -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        }

        It 'returns one Passed CheckResult for SK-MCP-050' {
            @($result).Count | Should -Be 1
            $result.CheckId | Should -BeExactly 'SK-MCP-050'
            "$($result.Status)" | Should -BeExactly 'Passed'
            "$($result.Severity)" | Should -BeExactly 'Critical'
            $result.Target | Should -BeExactly $deployment.McpUrl
            $result.Message | Should -BeLike 'The MCP server refused every forged and misdirected token with 401 (6 tokens*'
        }

        It 'records each token''s answer in the evidence' {
            ($result.Evidence | Where-Object Name -eq 'alg: none').Value | Should -BeLike '*→ 401*error=invalid_token*'
            ($result.Evidence | Where-Object Name -eq 'Environment key').Value | Should -BeLike 'kid snk_test1 from *'
        }

        It 'never shows the foreign-audience token on any stream' {
            $plain = [System.Net.NetworkCredential]::new('', $foreign).Password
            $everything = Join-CommandOutput $output
            $everything | Should -Not -BeLike "*$plain*"
            $everything | Should -BeLike '*«redacted:sha256:*'
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports <Fault> as Failed with its own reason' -TestCases $faultCases {
            $faulty = Start-TestDeployment -Fault $Fault
            try {
                $result = Test-SkMcpTokenValidation -Uri $faulty.McpUrl -TrustedCaPath $faulty.CaCertificatePemPath -EnvironmentUrl $faulty.EnvironmentUrl -ResourceId $faulty.ResourceId -ForeignAudienceToken (Get-ForeignAudienceToken $faulty)
                "$($result.Status)" | Should -BeExactly 'Failed'
                $result.Reasons | Should -HaveCount 1
                $result.Reasons[0] | Should -Match ([regex]::Escape($Reason))
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'against the C# MCP SDK reference server protected by oidc-provider (the clean reference)' {
        BeforeAll {
            $provider = Start-OidcProvider -IssuerPath '/resources/res_reference'
            $server = Start-ReferenceMcpServer -Provider $provider
        }
        AfterAll { Stop-TestServer $server; Stop-TestServer $provider }

        It 'passes it: every forged token gets 401, including the key-confusion token built from its JWKS' {
            $result = Test-SkMcpTokenValidation -Uri $server.McpUrl -EnvironmentUrl $provider.Issuer -ResourceId 'res_reference' -TrustedCaPath $server.CaPath
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
            ($result.Evidence | Where-Object Name -eq 'HS256 with the public key').Value | Should -BeLike '*→ 401*'
        }
    }

    Context 'against the official MCP TypeScript SDK OAuth example (a real third-party server)' {
        BeforeAll {
            $sdk = Start-SdkExample
            $sdkResult = Test-SkMcpTokenValidation -Uri $sdk.McpUrl
        }

        AfterAll {
            Stop-TestServer $sdk
        }

        It 'fails it: every token it cannot validate is answered 500 instead of 401 (its real bug)' {
            "$($sdkResult.Status)" | Should -BeExactly 'Failed'
            $sdkResult.Reasons | Should -HaveCount 3
            $sdkResult.Reasons[0] | Should -BeLike 'An unsigned token (alg: none) was answered 500, not 401*'
            $sdkResult.Reasons[2] | Should -BeLike 'An expired token was answered 500, not 401*'
        }

        It 'finds that it ignores a token in the query string' {
            ($sdkResult.Evidence | Where-Object Name -eq 'query string').Value | Should -BeLike '*→ 401*Missing Authorization header*'
        }
    }

    Context 'bad input' {
        It 'stops with InvalidUri for a value that is not a URL' {
            { Test-SkMcpTokenValidation -Uri 'not a url' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkMcpTokenValidationCommand'
        }

        It 'returns an Error result (not an exception) when the server cannot be reached' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $result = Test-SkMcpTokenValidation -Uri "https://127.0.0.1:$port/mcp" -TimeoutSeconds 5
            "$($result.Status)" | Should -BeExactly 'Error'
        }
    }
}
