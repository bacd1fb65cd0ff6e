BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkMcpAuthChallenge' {
    It 'passes the clean test deployment and reports the challenge' {
        $result = Test-SkMcpAuthChallenge -Uri $deployment.McpUrl @common
        $result | Should -BeOfType 'ScalekitReadiness.CheckResult'
        $result.CheckId | Should -BeExactly 'SK-MCP-001'
        "$($result.Status)" | Should -BeExactly 'Passed'
        ($result.Evidence | Where-Object Name -eq 'initialize scope').Value | Should -BeExactly 'todo:read todo:write'
    }

    It 'fails an open server with its own reason' {
        $faulty = Start-TestDeployment -Fault 'mcp-open'
        try {
            $result = Test-SkMcpAuthChallenge -Uri $faulty.McpUrl -TrustedCaPath $faulty.CaCertificatePemPath
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -Contain 'initialize without a token was answered 200: the MCP server is open to anyone on the network.'
        }
        finally {
            Stop-TestServer $faulty
        }
    }

    It 'warns about a relative resource_metadata' {
        $faulty = Start-TestDeployment -Fault 'mcp-challenge-relative-resource-metadata'
        try {
            $result = Test-SkMcpAuthChallenge -Uri $faulty.McpUrl -TrustedCaPath $faulty.CaCertificatePemPath
            "$($result.Status)" | Should -BeExactly 'Warning'
            $result.Reasons[0] | Should -BeLike '*is not an absolute URL*'
        }
        finally {
            Stop-TestServer $faulty
        }
    }

    Context 'against the official MCP TypeScript SDK OAuth example (a real third-party server)' {
        BeforeAll { $sdk = Start-SdkExample }
        AfterAll { Stop-TestServer $sdk }

        It 'fails it: its challenge points at metadata over plain http' {
            $result = Test-SkMcpAuthChallenge -Uri $sdk.McpUrl
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 2
            $result.Reasons[0] | Should -BeLike 'resource_metadata="http://localhost:*/.well-known/oauth-protected-resource/mcp" is plain http*'
            ($result.Evidence | Where-Object Name -eq 'GET').Value | Should -BeLike '*→ 401*'
        }
    }

    Context 'against the C# MCP SDK reference server protected by oidc-provider' {
        BeforeAll {
            $provider = Start-OidcProvider -IssuerPath '/resources/res_reference'
            $server = Start-ReferenceMcpServer -Provider $provider
        }
        AfterAll { Stop-TestServer $server; Stop-TestServer $provider }

        It 'passes it' {
            $result = Test-SkMcpAuthChallenge -Uri $server.McpUrl -TrustedCaPath $server.CaPath
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
        }
    }

    It 'stops with InvalidUri for a value that is not a URL' {
        { Test-SkMcpAuthChallenge -Uri 'not a url' } | Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkMcpAuthChallengeCommand'
    }
}
