BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath; EnvironmentUrl = $deployment.EnvironmentUrl }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkInvalidTokenHandling' {
    It 'passes for the clean protected API and MCP endpoint, one result each' {
        $results = Test-SkInvalidTokenHandling -Uri "$($deployment.AppBaseUrl)/api/me" -McpServerUrl $deployment.McpUrl @common
        @($results).Count | Should -Be 2
        $results.CheckId | Select-Object -Unique | Should -BeExactly 'SK-AUTH-080'
        $results | ForEach-Object { "$($_.Status)" } | Should -Be @('Passed', 'Passed')
        $results[1].Target | Should -BeExactly $deployment.McpUrl
    }

    It 'reports <Fault> as Failed with its own reason' -TestCases @(
        @{ Fault = 'unknown-key-token-accepted'; Reason = 'The JWT signed by an unknown key was ACCEPTED (HTTP 200)*' }
        @{ Fault = 'malformed-token-500'; Reason = 'The malformed token got HTTP 500, a server error, instead of 401*' }
    ) {
        $faulty = Start-TestDeployment -Fault $Fault
        try {
            $result = Test-SkInvalidTokenHandling -Uri "$($faulty.AppBaseUrl)/api/me" -TrustedCaPath $faulty.CaCertificatePemPath -EnvironmentUrl $faulty.EnvironmentUrl
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons[0] | Should -BeLike $Reason
        }
        finally { Stop-TestServer $faulty }
    }

    It 'proves an accepted expired token with a real one given as a SecureString, and never shows it' {
        $faulty = Start-TestDeployment -Fault 'expired-token-accepted'
        try {
            $expired = (Invoke-WebRequest -Uri "$($faulty.LabBaseUrl)/lab/expired-token" -SkipCertificateCheck).Content
            $secure = ConvertTo-SecureString $expired -AsPlainText -Force
            $output = Test-SkInvalidTokenHandling -Uri "$($faulty.AppBaseUrl)/api/me" -ExpiredToken $secure -TrustedCaPath $faulty.CaCertificatePemPath -Verbose -Debug 4>&1 5>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
            "$($result.Status)" | Should -BeExactly 'Failed'
            "$($result.Severity)" | Should -BeExactly 'Critical'
            $result.Reasons | Should -Contain ($result.Reasons | Where-Object { $_ -like 'The expired token (supplied with -ExpiredToken) was ACCEPTED (HTTP 200)*' })
            Join-CommandOutput $output | Should -Not -Match ([regex]::Escape($expired))
        }
        finally { Stop-TestServer $faulty }
    }

    It 'stops with NoTargetGiven without -Uri or -McpServerUrl' {
        { Test-SkInvalidTokenHandling @common } | Should -Throw -ErrorId 'NoTargetGiven,ScalekitReadiness.Commands.TestSkInvalidTokenHandlingCommand'
    }

    Context 'against the official MCP TypeScript SDK OAuth example (a real third-party server)' {
        BeforeAll {
            $sdk = Start-SdkExample
        }

        AfterAll {
            Stop-TestServer $sdk
        }

        It 'reports Failed because the example answers an unknown bearer token with 500' {
            $result = Test-SkInvalidTokenHandling -McpServerUrl $sdk.McpUrl
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Target | Should -BeExactly $sdk.McpUrl
            $result.Reasons | Where-Object { $_ -like 'The JWT signed by an unknown key got HTTP 500, a server error, instead of 401*' } | Should -HaveCount 1
            ($result.Evidence | Where-Object Name -eq 'JWT signed by an unknown key').Value | Should -BeLike "POST $($sdk.McpUrl) → 500 application/json*"
        }
    }
}
