BeforeDiscovery {
    # Each row: a fault switch of the test deployment and the reason the cmdlet must give for it.
    $faultCases = @(
        @{ Fault = 'consent-frameable'; Reason = 'The consent page can be framed by any site' }
        @{ Fault = 'consent-authorize-rejects'; Reason = 'it redirected back with error=invalid_target' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkMcpConsent' {
    Context 'against the clean test deployment' {
        BeforeAll {
            $output = Test-SkMcpConsent -Uri $deployment.McpUrl -ClientId $deployment.McpClientId -EnvironmentUrl $deployment.EnvironmentUrl -TrustedCaPath $deployment.CaCertificatePemPath -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        }

        It 'returns one Passed CheckResult for SK-MCP-030' {
            @($result).Count | Should -Be 1
            $result.CheckId | Should -BeExactly 'SK-MCP-030'
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
            "$($result.Severity)" | Should -BeExactly 'High'
            $result.Target | Should -BeExactly $deployment.McpUrl
            $result.Message | Should -BeLike "*reaches the consent page $($deployment.EnvironmentUrl)/oauth/consent over https*"
        }

        It 'records the consent page''s framing headers in the evidence' {
            ($result.Evidence | Where-Object Name -eq 'Framing').Value | Should -BeExactly "X-Frame-Options: DENY; CSP frame-ancestors 'none'"
        }

        It 'shows no secret of the deployment on any stream' {
            $everything = Join-CommandOutput $output
            $everything | Should -Not -BeLike "*$($deployment.McpClientSecret)*"
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports <Fault> as Failed with its own reason' -TestCases $faultCases {
            $faulty = Start-TestDeployment -Fault $Fault
            try {
                $result = Test-SkMcpConsent -Uri $faulty.McpUrl -ClientId $faulty.McpClientId -EnvironmentUrl $faulty.EnvironmentUrl -TrustedCaPath $faulty.CaCertificatePemPath
                "$($result.Status)" | Should -BeExactly 'Failed'
                $result.Reasons | Should -HaveCount 1
                $result.Reasons[0] | Should -Match ([regex]::Escape($Reason))
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'bad input' {
        It 'stops with InvalidUri for a value that is not a URL' {
            { Test-SkMcpConsent -Uri 'not a url' -ClientId 'skc_1' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkMcpConsentCommand'
        }
    }
}
