BeforeDiscovery {
    # Each row: a fault switch of the test deployment and the reason the cmdlet must give on the API and the MCP endpoint.
    # Every CORS fault is covered by the xunit tests of the check; these show the cmdlet surfaces them.
    $faultCases = @(
        @{ Fault = 'cors-reflect-credentials'; Reason = 'It reflects any origin with credentials*' }
        @{ Fault = 'cors-allow-null'; Reason = 'It allows the origin null*' }
        @{ Fault = 'cors-suffix-match'; Reason = 'It accepts https://sk-probe127.0.0.1:*(suffix match)*' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $api = "$($deployment.AppBaseUrl)/api/me"
    $prm = "$($deployment.AppBaseUrl)/.well-known/oauth-protected-resource/mcp"
    # Loopback only: no need to pace the probes.
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath; MaxRequestsPerSecond = 100 }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkCorsPolicy' {
    Context 'against the clean test deployment' {
        BeforeAll {
            $results = Test-SkCorsPolicy -Uri $api, $deployment.McpUrl, $prm -AllowedOrigin $deployment.AppBaseUrl @common
        }

        It 'returns one Passed CheckResult per endpoint, in order' {
            @($results).Count | Should -Be 3
            $results | Should -BeOfType 'ScalekitReadiness.CheckResult'
            $results.Target | Should -Be @($api, $deployment.McpUrl, $prm)
            $results | ForEach-Object {
                $_.CheckId | Should -BeExactly 'SK-QC-020'
                "$($_.Status)" | Should -BeExactly 'Passed'
                "$($_.Severity)" | Should -BeExactly 'High'
                "$($_.Safety)" | Should -BeExactly 'Active'
            }
            ($results.RunId | Select-Object -Unique).Count | Should -Be 1
        }

        It 'judges each URL by what it is' {
            ($results[0].Evidence | Where-Object Name -eq 'Judged as').Value | Should -BeLike 'web endpoint called with the user''s cookies*'
            ($results[1].Evidence | Where-Object Name -eq 'Judged as').Value | Should -BeLike 'OAuth protected resource (MCP endpoint)*(its 401 challenge names resource_metadata)'
            ($results[2].Evidence | Where-Object Name -eq 'Judged as').Value | Should -BeLike 'public metadata*'
            $results[2].Message | Should -BeExactly 'Public metadata readable by any origin without credentials, as it should be.'
        }

        It 'prints the table view Status Severity CheckId Title Target' {
            $table = ($results | Out-String -Width 250) -split "`n" | Where-Object { $_.Trim() }
            $table[0] | Should -Match '^Status\s+Severity\s+CheckId\s+Title\s+Target'
            $table[2] | Should -Match "^Passed\s+High\s+SK-QC-020\s+CORS restricted to your domains\s+$([regex]::Escape($api))"
            $table[4] | Should -Match "^Passed\s+High\s+SK-QC-020\s+CORS restricted to your domains\s+$([regex]::Escape($prm))"
        }

        It 'serialises cleanly with ConvertTo-Json -Depth 5' {
            $json = $results[1] | ConvertTo-Json -Depth 5 -EnumsAsStrings | ConvertFrom-Json
            $json.Status | Should -BeExactly 'Passed'
            ($json.Evidence | Where-Object Name -eq 'GET, arbitrary origin').Value |
                Should -BeLike "Origin https://sk-probe.invalid; GET $($deployment.McpUrl) → 401 *; Access-Control-Allow-Origin: (none)"
            ($json.Evidence | Where-Object Name -eq 'GET, allowed origin').Value |
                Should -BeLike "*Access-Control-Allow-Origin: $($deployment.AppBaseUrl); Access-Control-Expose-Headers: WWW-Authenticate, Mcp-Session-Id"
        }

        It 'writes each probe to the Verbose stream' {
            $verbose = Test-SkCorsPolicy -Uri $api -AllowedOrigin $deployment.AppBaseUrl @common -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            # Two requests for each origin: the allowed one, the arbitrary one, null and two look-alikes.
            @($verbose.Message -like "OPTIONS $api → 204*").Count | Should -Be 5
            @($verbose.Message -like "GET $api → 401*").Count | Should -Be 5
        }

        It 'accepts URLs from the pipeline, by value and by property name' {
            $byValue = $api, $deployment.McpUrl | Test-SkCorsPolicy -AllowedOrigin $deployment.AppBaseUrl @common
            @($byValue).Count | Should -Be 2
            $byName = [pscustomobject]@{ Url = $api } | Test-SkCorsPolicy -AllowedOrigin $deployment.AppBaseUrl @common
            $byName.Target | Should -BeExactly $api
            "$($byName.Status)" | Should -BeExactly 'Passed'
        }

        It 'accepts an origin written with upper case and a trailing slash, as browsers serialise it' {
            $result = Test-SkCorsPolicy -Uri $api -AllowedOrigin ($deployment.AppBaseUrl.ToUpperInvariant() + '/') @common
            "$($result.Status)" | Should -BeExactly 'Passed'
            ($result.Evidence | Where-Object Name -eq "Allowed origin $($deployment.AppBaseUrl)").Value | Should -BeExactly 'allowed, with credentials'
        }

        It 'warns about an allowed origin the API refuses' {
            $result = Test-SkCorsPolicy -Uri $api -AllowedOrigin $deployment.AppBaseUrl, 'https://partner.example.com' @common
            "$($result.Status)" | Should -BeExactly 'Warning'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike 'It does not allow your origin https://partner.example.com (preflight: no Access-Control-Allow-Origin; GET: no Access-Control-Allow-Origin)*'
        }

        It 'needs -AllowedOrigin for a web endpoint, not for the MCP endpoint' {
            $noOrigin = Test-SkCorsPolicy -Uri $api, $deployment.McpUrl @common
            "$($noOrigin[0].Status)" | Should -BeExactly 'NotRun'
            "$($noOrigin[0].NotRunReason)" | Should -BeExactly 'NotConfigured'
            $noOrigin[0].Message | Should -BeLike '*-AllowedOrigin*'
            "$($noOrigin[1].Status)" | Should -BeExactly 'Passed'
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports <Fault> as Failed on the API and the MCP endpoint with its own reason, and the PRM as Passed' -TestCases $faultCases {
            $faulty = Start-TestDeployment -Fault $Fault
            try {
                $results = Test-SkCorsPolicy -Uri "$($faulty.AppBaseUrl)/api/me", $faulty.McpUrl, "$($faulty.AppBaseUrl)/.well-known/oauth-protected-resource/mcp" `
                    -AllowedOrigin $faulty.AppBaseUrl -TrustedCaPath $faulty.CaCertificatePemPath -MaxRequestsPerSecond 100
                foreach ($result in $results[0..1]) {
                    "$($result.Status)" | Should -BeExactly 'Failed'
                    $result.Reasons | Should -HaveCount 1
                    $result.Reasons[0] | Should -BeLike $Reason
                }
                "$($results[2].Status)" | Should -BeExactly 'Passed'
            }
            finally {
                Stop-TestServer $faulty
            }
        }

        It 'warns when the MCP endpoint does not expose WWW-Authenticate (cors-mcp-no-expose)' {
            $faulty = Start-TestDeployment -Fault 'cors-mcp-no-expose'
            try {
                $results = Test-SkCorsPolicy -Uri "$($faulty.AppBaseUrl)/api/me", $faulty.McpUrl -AllowedOrigin $faulty.AppBaseUrl -TrustedCaPath $faulty.CaCertificatePemPath -MaxRequestsPerSecond 100
                "$($results[0].Status)" | Should -BeExactly 'Passed'
                "$($results[1].Status)" | Should -BeExactly 'Warning'
                $results[1].Reasons | Should -HaveCount 1
                $results[1].Reasons[0] | Should -BeLike "Access-Control-Expose-Headers does not list WWW-Authenticate (it is 'Mcp-Session-Id' on the GET answer for $($faulty.AppBaseUrl))*"
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'against the official MCP TypeScript SDK OAuth example (a real third-party server)' {
        BeforeAll {
            $sdk = Start-SdkExample
            $sdkPrm = $sdk.McpUrl -replace '/mcp$', '/.well-known/oauth-protected-resource/mcp'
            $sdkAs = "$($sdk.AuthorizationServerUrl.TrimEnd('/'))/.well-known/oauth-authorization-server"
            $sdkResults = Test-SkCorsPolicy -Uri $sdk.McpUrl, $sdkPrm, $sdkAs -MaxRequestsPerSecond 100
        }

        AfterAll {
            Stop-TestServer $sdk
        }

        It 'passes its MCP endpoint, which allows no origin, and says why the exposed headers were not judged' {
            "$($sdkResults[0].Status)" | Should -BeExactly 'Passed'
            ($sdkResults[0].Evidence | Where-Object Name -eq 'Judged as').Value | Should -BeLike 'OAuth protected resource*'
            ($sdkResults[0].Evidence | Where-Object Name -eq 'Exposed headers').Value | Should -BeLike 'not judged: no allowed origin may read the answers*'
        }

        It 'passes its metadata, which answers * without credentials (the cors package default)' {
            foreach ($result in $sdkResults[1..2]) {
                "$($result.Status)" | Should -BeExactly 'Passed'
                ($result.Evidence | Where-Object Name -eq 'GET, null origin').Value | Should -BeLike '*Access-Control-Allow-Origin: `*'
                $result.Message | Should -BeExactly 'Public metadata readable by any origin without credentials, as it should be.'
            }
        }
    }

    Context 'never leaks a secret' {
        It 'redacts a token in the URL from the result, the evidence, Verbose and Debug' {
            $canary = 'sk-canary-' + [guid]::NewGuid().ToString('N')
            $output = Test-SkCorsPolicy -Uri "$($deployment.McpUrl)?access_token=$canary" @common -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
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
            { Test-SkCorsPolicy -Uri 'not a url' -AllowedOrigin 'https://app.example.com' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkCorsPolicyCommand'
        }

        It 'stops with InvalidUri before probing anything when one of several URLs is bad' {
            $seen = [System.Collections.Generic.List[object]]::new()
            $record = $null
            try { Test-SkCorsPolicy -Uri $api, 'ftp://app.example.test/api' -AllowedOrigin $deployment.AppBaseUrl @common -Verbose 4>&1 | ForEach-Object { $seen.Add($_) } }
            catch { $record = $_ }
            $record.FullyQualifiedErrorId | Should -BeExactly 'InvalidUri,ScalekitReadiness.Commands.TestSkCorsPolicyCommand'
            $seen.Count | Should -Be 0 -Because 'no request is sent when one of the URLs is invalid'
        }

        It 'stops with InvalidOrigin for <Value>' -TestCases @(
            @{ Value = 'https://app.example.com/login'; Why = '*without user, path, query or fragment (did you mean https://app.example.com?)*' }
            @{ Value = 'null'; Why = '*opaque origin*' }
            @{ Value = 'app.example.com'; Why = '*not an http or https origin*' }
        ) {
            $record = $null
            try { Test-SkCorsPolicy -Uri $api -AllowedOrigin $Value @common } catch { $record = $_ }
            $record | Should -Not -BeNullOrEmpty
            $record.FullyQualifiedErrorId | Should -BeExactly 'InvalidOrigin,ScalekitReadiness.Commands.TestSkCorsPolicyCommand'
            "$($record.CategoryInfo.Category)" | Should -BeExactly 'InvalidArgument'
            $record.Exception.Message | Should -BeLike $Why
        }

        It 'returns an Error result (not an exception) for an endpoint that cannot be reached, and still judges the others' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $results = Test-SkCorsPolicy -Uri "https://127.0.0.1:$port/api/me", $deployment.McpUrl -AllowedOrigin $deployment.AppBaseUrl @common -TimeoutSeconds 5
            @($results).Count | Should -Be 2
            "$($results[0].Status)" | Should -BeExactly 'Error'
            $results[0].Message | Should -BeLike '*refused the connection*'
            "$($results[1].Status)" | Should -BeExactly 'Passed'
        }
    }
}
