BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkAuthorizationServerMetadata' {
    It 'passes the clean test deployment and reports which discovery forms answered' {
        $result = Test-SkAuthorizationServerMetadata -Uri $deployment.McpUrl -TrustedCaPath $deployment.CaCertificatePemPath
        $result.CheckId | Should -BeExactly 'SK-MCP-020'
        "$($result.Status)" | Should -BeExactly 'Passed'
        ($result.Evidence | Where-Object Name -like 'Answered for *').Value |
            Should -BeExactly 'oauth-authorization-server inserted, oauth-authorization-server appended (Scalekit)'
    }

    It 'fails metadata without S256 with its own reason' {
        $faulty = Start-TestDeployment -Fault 'as-metadata-no-s256'
        try {
            $result = Test-SkAuthorizationServerMetadata -Uri $faulty.McpUrl -TrustedCaPath $faulty.CaCertificatePemPath
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike 'code_challenge_methods_supported is absent: MCP clients refuse*'
        }
        finally {
            Stop-TestServer $faulty
        }
    }

    Context 'against the official MCP TypeScript SDK OAuth example (a real third-party server)' {
        BeforeAll { $sdk = Start-SdkExample }
        AfterAll { Stop-TestServer $sdk }

        It 'fails it on its plain-http endpoints and shows its trailing-slash issuer and the path-aware PRM it found' {
            $result = Test-SkAuthorizationServerMetadata -Uri $sdk.McpUrl
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Where-Object { $_ -like "'token_endpoint' is http://localhost:*/token, not https*" } | Should -HaveCount 1
            # Its tokens are opaque (introspected), so it publishes no keys.
            $result.Reasons | Should -Contain 'The metadata has no usable jwks_uri: resource servers cannot verify the tokens this authorization server signs.'
            $result.Reasons | Where-Object { $_ -notlike "'*' is http://*, not https*" -and $_ -notlike '*jwks_uri*' } | Should -BeNullOrEmpty
            ($result.Evidence | Where-Object Name -eq 'issuer').Value | Should -BeLike 'http://localhost:*/'
            ($result.Evidence | Where-Object Name -like 'PRM header URL = path-aware').Value | Should -BeLike '*→ 200*'
        }
    }

    Context 'against oidc-provider behind the C# MCP SDK reference server' {
        BeforeAll {
            $provider = Start-OidcProvider -IssuerPath '/resources/res_reference'
            $server = Start-ReferenceMcpServer -Provider $provider
        }
        AfterAll { Stop-TestServer $server; Stop-TestServer $provider }

        It 'passes it' {
            $result = Test-SkAuthorizationServerMetadata -Uri $server.McpUrl -TrustedCaPath $server.CaPath
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
        }
    }
}
