BeforeDiscovery {
    # Each row: a fault switch of the test deployment and the reason the cmdlet must give for it.
    $faultCases = @(
        @{ Fault = 'prm-resource-trailing-slash'; Reason = 'differ only by a trailing slash' }
        @{ Fault = 'prm-as-double-scheme'; Reason = 'doubled scheme' }
        @{ Fault = 'prm-empty-scopes'; Reason = "'scopes_supported' is []" }
        @{ Fault = 'prm-missing'; Reason = 'No protected resource metadata found' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath; EnvironmentUrl = $deployment.EnvironmentUrl }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkProtectedResourceMetadata' {
    Context 'against the clean test deployment' {
        BeforeAll {
            $result = Test-SkProtectedResourceMetadata -Uri $deployment.McpUrl @common
        }

        It 'returns one Passed CheckResult for SK-MCP-010' {
            @($result).Count | Should -Be 1
            $result | Should -BeOfType 'ScalekitReadiness.CheckResult'
            $result.CheckId | Should -BeExactly 'SK-MCP-010'
            "$($result.Status)" | Should -BeExactly 'Passed'
            "$($result.Severity)" | Should -BeExactly 'Critical'
            $result.Target | Should -BeExactly $deployment.McpUrl
            $result.RunId | Should -Not -Be ([guid]::Empty)
        }

        It 'prints the table view Status Severity CheckId Title Target' {
            $table = ($result | Out-String -Width 250) -split "`n" | Where-Object { $_.Trim() }
            $table[0] | Should -Match '^Status\s+Severity\s+CheckId\s+Title\s+Target'
            $table[2] | Should -Match "^Passed\s+Critical\s+SK-MCP-010\s+Protected resource metadata is published\s+$([regex]::Escape($deployment.McpUrl))"
        }

        It 'serialises cleanly with ConvertTo-Json -Depth 5' {
            $json = $result | ConvertTo-Json -Depth 5 -EnumsAsStrings | ConvertFrom-Json
            $json.CheckId | Should -BeExactly 'SK-MCP-010'
            $json.Status | Should -BeExactly 'Passed'
            ($json.Evidence | Where-Object Name -eq 'Answered').Value | Should -BeExactly 'header URL = path-aware, root'
            $json.References.Count | Should -BeGreaterThan 0
        }

        It 'exports cleanly with Export-Csv: reasons joined, evidence as JSON' {
            $csv = Join-Path $TestDrive 'results.csv'
            $failed = Test-SkProtectedResourceMetadata -Uri $deployment.McpUrl @common -SkipCertificateCheck -WarningAction SilentlyContinue
            $result, $failed | Export-Csv -LiteralPath $csv
            $rows = Import-Csv -LiteralPath $csv
            $rows.Count | Should -Be 2
            Get-Content -LiteralPath $csv -Raw | Should -Not -Match 'System\.(String\[\]|Collections)'
            $rows[1].Reasons | Should -BeLike 'TLS certificate validation was switched off*'
            $evidence = $rows[0].Evidence | ConvertFrom-Json
            ($evidence | Where-Object Name -eq 'resource').Value | Should -BeExactly $deployment.McpUrl
        }

        It 'writes each probe to the Verbose stream' {
            $verbose = Test-SkProtectedResourceMetadata -Uri $deployment.McpUrl @common -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message -like "GET $($deployment.AppBaseUrl)/.well-known/oauth-protected-resource/mcp → 200 application/json*" |
                Should -HaveCount 1
            @($verbose).Count | Should -BeGreaterOrEqual 3
        }

        It 'accepts several URLs from the pipeline' {
            $results = $deployment.McpUrl, $deployment.McpUrl | Test-SkProtectedResourceMetadata @common
            @($results).Count | Should -Be 2
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports <Fault> as Failed with its own reason' -TestCases $faultCases {
            $faulty = Start-TestDeployment -Fault $Fault
            try {
                $result = Test-SkProtectedResourceMetadata -Uri $faulty.McpUrl -TrustedCaPath $faulty.CaCertificatePemPath -EnvironmentUrl $faulty.EnvironmentUrl
                "$($result.Status)" | Should -BeExactly 'Failed'
                $result.Reasons | Should -HaveCount 1
                $result.Reasons[0] | Should -Match ([regex]::Escape($Reason))
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'against the official MCP TypeScript SDK OAuth example (a real third-party server)' {
        BeforeAll {
            $sdk = Start-SdkExample
            $sdkResult = Test-SkProtectedResourceMetadata -Uri $sdk.McpUrl
        }

        AfterAll {
            Stop-TestServer $sdk
        }

        It 'fails it for plain http, on both the server and its authorization server' {
            "$($sdkResult.Status)" | Should -BeExactly 'Failed'
            $sdkResult.Reasons | Should -HaveCount 2
            $sdkResult.Reasons[0] | Should -BeLike "The MCP server URL $($sdk.McpUrl) is plain http*"
            $sdkResult.Reasons[1] | Should -BeLike "The authorization server '$($sdk.AuthorizationServerUrl)' is plain http*"
        }

        It 'finds its metadata only at the path-aware URL the challenge names' {
            ($sdkResult.Evidence | Where-Object Name -eq 'Answered').Value | Should -BeExactly 'header URL = path-aware'
            ($sdkResult.Evidence | Where-Object Name -eq 'PRM root').Value | Should -BeLike '* → 404 *'
            ($sdkResult.Evidence | Where-Object Name -eq 'resource').Value | Should -BeExactly $sdk.McpUrl
        }
    }

    Context 'never leaks a secret' {
        It 'redacts a token in the URL from the result, the evidence, Verbose and Debug' {
            $canary = 'sk-canary-' + [guid]::NewGuid().ToString('N')
            $output = Test-SkProtectedResourceMetadata -Uri "$($deployment.McpUrl)?access_token=$canary" @common -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $results = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
            @($results).Count | Should -Be 1
            $everything = Join-CommandOutput $output
            $everything | Should -Not -BeLike "*$canary*"
            $everything | Should -BeLike '*«redacted:sha256:*'
            $results | Export-Csv -LiteralPath (Join-Path $TestDrive 'canary.csv')
            Get-Content -LiteralPath (Join-Path $TestDrive 'canary.csv') -Raw | Should -Not -BeLike "*$canary*"
        }
    }

    Context 'bad input' {
        It 'stops with InvalidUri for a value that is not a URL' {
            { Test-SkProtectedResourceMetadata -Uri 'not a url' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkProtectedResourceMetadataCommand'
        }

        It 'stops with InvalidUri for a non-http scheme' {
            { Test-SkProtectedResourceMetadata -Uri 'ftp://mcp.example.test/mcp' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkProtectedResourceMetadataCommand'
        }

        It 'stops with TrustedCaFileNotFound for a missing CA file' {
            { Test-SkProtectedResourceMetadata -Uri $deployment.McpUrl -TrustedCaPath (Join-Path $TestDrive 'none.pem') } |
                Should -Throw -ErrorId 'TrustedCaFileNotFound,ScalekitReadiness.Commands.TestSkProtectedResourceMetadataCommand'
        }

        It 'stops with TrustedCaFileInvalid for a file that holds no certificate' {
            $notPem = Join-Path $TestDrive 'not.pem'
            Set-Content -LiteralPath $notPem -Value 'hello'
            { Test-SkProtectedResourceMetadata -Uri $deployment.McpUrl -TrustedCaPath $notPem } |
                Should -Throw -ErrorId 'TrustedCaFileInvalid,ScalekitReadiness.Commands.TestSkProtectedResourceMetadataCommand'
        }

        It 'returns an Error result (not an exception) when the server cannot be reached' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $result = Test-SkProtectedResourceMetadata -Uri "https://127.0.0.1:$port/mcp" -TimeoutSeconds 5
            "$($result.Status)" | Should -BeExactly 'Error'
            $result.Message | Should -BeLike '*refused the connection*'
        }
    }
}
