BeforeDiscovery {
    # Each row: a fault switch of the test deployment, the status and the reason the cmdlet must give for it.
    $faultCases = @(
        @{ Fault = 'tls10-accepted'; Status = 'Failed'; Reason = 'accepts TLS 1.0: it answered a TLS 1.0 ClientHello with a TLS 1.0 ServerHello' }
        @{ Fault = 'http-redirects-elsewhere'; Status = 'Failed'; Reason = 'on another host (127.0.0.2)' }
        @{ Fault = 'hsts-short'; Status = 'Failed'; Reason = 'max-age is 300 s, below the 15552000 s' }
        @{ Fault = 'cert-expired'; Status = 'Failed'; Reason = 'expired on' }
        @{ Fault = 'cert-expiring-soon'; Status = 'Warning'; Reason = 'expires in 20 days' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath }
    $mcpHttp = "$($deployment.HttpAppBaseUrl)/mcp"
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkHttpsEnforcement' {
    Context 'against the clean test deployment' {
        BeforeAll {
            $result = Test-SkHttpsEnforcement -Uri $deployment.McpUrl -HttpUri $mcpHttp @common
        }

        It 'returns one Passed CheckResult for SK-QC-010' {
            @($result).Count | Should -Be 1
            $result | Should -BeOfType 'ScalekitReadiness.CheckResult'
            $result.CheckId | Should -BeExactly 'SK-QC-010'
            "$($result.Status)" | Should -BeExactly 'Passed'
            "$($result.Severity)" | Should -BeExactly 'Critical'
            "$($result.Section)" | Should -BeExactly 'QuickChecks'
            $result.Target | Should -BeExactly $deployment.McpUrl
            $result.DocsUrl | Should -BeExactly 'docs/checks/SK-QC-010.md'
        }

        It 'prints the table view Status Severity CheckId Title Target' {
            $table = ($result | Out-String -Width 250) -split "`n" | Where-Object { $_.Trim() }
            $table[0] | Should -Match '^Status\s+Severity\s+CheckId\s+Title\s+Target'
            $table[2] | Should -Match "^Passed\s+Critical\s+SK-QC-010\s+HTTPS enforced on every auth endpoint\s+$([regex]::Escape($deployment.McpUrl))"
        }

        It 'shows the TLS versions offered and accepted, the certificate, HSTS and the plain-http answer in the evidence' {
            $evidence = @{}
            $result.Evidence | ForEach-Object { $evidence[$_.Name] = $_.Value }
            $evidence['TLS 1.0 ClientHello'] | Should -BeLike 'refused: alert protocol_version (70)'
            $evidence['TLS 1.1 ClientHello'] | Should -BeLike 'refused: alert protocol_version (70)'
            $evidence['TLS 1.2 ClientHello'] | Should -BeLike 'accepted: ServerHello TLS 1.2, cipher suite 0x*'
            $evidence['TLS handshake'] | Should -BeLike 'TLS 1.3, *'
            $evidence['Certificate SAN'] | Should -BeExactly 'DNS:localhost, IP:127.0.0.1, IP:127.0.0.2'
            $evidence['Certificate issuer'] | Should -BeExactly 'CN=ScalekitReadiness Test CA'
            $evidence['Certificate days left'] | Should -BeExactly '89'
            $evidence['Strict-Transport-Security'] | Should -BeExactly 'max-age=31536000; includeSubDomains'
            $evidence['Plain http'] | Should -BeLike "GET $mcpHttp → 301, *"
        }

        It 'serialises cleanly with ConvertTo-Json -Depth 5' {
            $json = $result | ConvertTo-Json -Depth 5 -EnumsAsStrings | ConvertFrom-Json
            $json.Status | Should -BeExactly 'Passed'
            ($json.Evidence | Where-Object Name -eq 'TLS 1.0 ClientHello').Value | Should -BeLike 'refused:*'
        }

        It 'gives one result per -Uri, in order, and accepts them from the pipeline' {
            $uris = $deployment.EnvironmentUrl, $deployment.AppBaseUrl, $deployment.McpUrl
            $results = Test-SkHttpsEnforcement -Uri $uris @common
            $piped = $uris | Test-SkHttpsEnforcement @common
            $results.Target | Should -Be $uris
            $piped.Target | Should -Be $uris
            $results | ForEach-Object { ($_.Evidence | Where-Object Name -eq 'TLS 1.0 ClientHello').Value | Should -BeLike 'refused:*' }
            ($results[0].Evidence | Where-Object Name -eq 'Plain http').Value | Should -BeLike 'http://localhost/ *'
        }

        It 'applies the expiry and HSTS thresholds given as parameters' {
            $strict = Test-SkHttpsEnforcement -Uri $deployment.McpUrl -HttpUri $mcpHttp @common -CertificateExpiryWarningDays 100 -MinHstsMaxAgeSeconds 63072000
            "$($strict.Status)" | Should -BeExactly 'Failed'
            $strict.Reasons | Should -HaveCount 2
            $strict.Reasons -like '*expires in 89 days*CertificateExpiryWarningDays*' | Should -HaveCount 1
            $strict.Reasons -like '*below the 63072000 s of Policy.MinHstsMaxAgeSeconds*' | Should -HaveCount 1
        }

        It 'fails a plain http URL and still judges the https URL it redirects to' {
            $plain = Test-SkHttpsEnforcement -Uri $mcpHttp @common
            "$($plain.Status)" | Should -BeExactly 'Failed'
            $plain.Reasons | Should -HaveCount 1
            $plain.Reasons[0] | Should -BeLike "$mcpHttp is plain http*"
            ($plain.Evidence | Where-Object Name -eq 'Strict-Transport-Security').Value | Should -BeExactly 'max-age=31536000; includeSubDomains'
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports <Fault> as <Status> with its own reason' -TestCases $faultCases {
            $faulty = Start-TestDeployment -Fault $Fault
            try {
                $result = Test-SkHttpsEnforcement -Uri $faulty.McpUrl -HttpUri "$($faulty.HttpAppBaseUrl)/mcp" -TrustedCaPath $faulty.CaCertificatePemPath
                "$($result.Status)" | Should -BeExactly $Status
                $result.Reasons | Should -HaveCount 1
                $result.Reasons[0] | Should -Match ([regex]::Escape($Reason))
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'never leaks a secret' {
        It 'redacts a token in the URL from the result, the evidence, Verbose and Debug' {
            $canary = 'sk-canary-' + [guid]::NewGuid().ToString('N')
            $output = Test-SkHttpsEnforcement -Uri "$($deployment.McpUrl)?access_token=$canary" -HttpUri "$($mcpHttp)?access_token=$canary" @common -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $results = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
            @($results).Count | Should -Be 1
            $everything = Join-CommandOutput $output
            $everything | Should -Not -BeLike "*$canary*"
            $everything | Should -BeLike '*«redacted:sha256:*'
            $results | Export-Csv -LiteralPath (Join-Path $TestDrive 'canary.csv')
            Get-Content -LiteralPath (Join-Path $TestDrive 'canary.csv') -Raw | Should -Not -BeLike "*$canary*"
        }
    }

    Context 'bad input and unreachable endpoints' {
        It 'stops with InvalidUri for a value that is not a URL' {
            { Test-SkHttpsEnforcement -Uri 'not a url' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkHttpsEnforcementCommand'
        }

        It 'stops with InvalidUri for a non-http scheme' {
            { Test-SkHttpsEnforcement -Uri 'ftp://auth.example.test/' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkHttpsEnforcementCommand'
        }

        It 'stops with InvalidUri for an -HttpUri that is not plain http' {
            { Test-SkHttpsEnforcement -Uri $deployment.McpUrl -HttpUri $deployment.McpUrl } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkHttpsEnforcementCommand'
        }

        It 'stops with HttpUriNeedsSingleUri for -HttpUri with several URLs' {
            { Test-SkHttpsEnforcement -Uri $deployment.McpUrl, $deployment.AppBaseUrl -HttpUri $mcpHttp } |
                Should -Throw -ErrorId 'HttpUriNeedsSingleUri,ScalekitReadiness.Commands.TestSkHttpsEnforcementCommand'
        }

        It 'stops with TrustedCaFileNotFound for a missing CA file' {
            { Test-SkHttpsEnforcement -Uri $deployment.McpUrl -TrustedCaPath (Join-Path $TestDrive 'none.pem') } |
                Should -Throw -ErrorId 'TrustedCaFileNotFound,ScalekitReadiness.Commands.TestSkHttpsEnforcementCommand'
        }

        It 'returns an Error result (not an exception) for an endpoint that cannot be reached, and still judges the others' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            $results = Test-SkHttpsEnforcement -Uri "https://127.0.0.1:$port/login", $deployment.McpUrl @common -TimeoutSeconds 5
            @($results).Count | Should -Be 2
            "$($results[0].Status)" | Should -BeExactly 'Error'
            $results[0].Message | Should -BeExactly "https://127.0.0.1:$port refused the connection. Check the URL and port, and that the service is running."
            ($results[1].Evidence | Where-Object Name -eq 'TLS 1.0 ClientHello').Value | Should -BeLike 'refused:*'
        }
    }
}
