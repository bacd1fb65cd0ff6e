BeforeDiscovery {
    # Each row: a fault switch of the test deployment (on top of mcp-custom-auth) and the reason the cmdlet must give.
    $faultCases = @(
        @{ Fault = 'custom-login-accepts-made-up'; Reason = 'A made-up login_request_id and state were accepted' }
        @{ Fault = 'custom-login-drops-state'; Reason = 'with a different state than it was given' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment -Fault 'mcp-custom-auth'
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkMcpCustomAuth' {
    Context 'against the test deployment with bring-your-own-auth' {
        BeforeAll {
            $output = Test-SkMcpCustomAuth -Uri $deployment.CustomLoginUrl -McpUrl $deployment.McpUrl -ClientId $deployment.McpClientId -TrustedCaPath $deployment.CaCertificatePemPath -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        }

        It 'returns one Passed CheckResult for SK-MCP-070' {
            @($result).Count | Should -Be 1
            $result.CheckId | Should -BeExactly 'SK-MCP-070'
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
            "$($result.Severity)" | Should -BeExactly 'High'
            $result.Target | Should -BeExactly $deployment.CustomLoginUrl
        }

        It 'records the refusal and the hand-back in the evidence' {
            ($result.Evidence | Where-Object Name -eq 'Made-up login request').Value | Should -BeLike '*→ 400*'
            ($result.Evidence | Where-Object Name -eq 'Hand-back').Value | Should -BeLike '*/partner:callback'
        }

        It 'shows no secret of the deployment on any stream' {
            $everything = Join-CommandOutput $output
            $everything | Should -Not -BeLike "*$($deployment.McpClientSecret)*"
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports <Fault> as Failed with its own reason' -TestCases $faultCases {
            $faulty = Start-TestDeployment -Fault 'mcp-custom-auth', $Fault
            try {
                $result = Test-SkMcpCustomAuth -Uri $faulty.CustomLoginUrl -McpUrl $faulty.McpUrl -ClientId $faulty.McpClientId -TrustedCaPath $faulty.CaCertificatePemPath
                "$($result.Status)" | Should -BeExactly 'Failed'
                $result.Reasons | Should -HaveCount 1
                $result.Reasons[0] | Should -Match ([regex]::Escape($Reason))
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'without an MCP client' {
        It 'tests the refusal only and says the hand-back was not tested' {
            $result = Test-SkMcpCustomAuth -Uri $deployment.CustomLoginUrl -TrustedCaPath $deployment.CaCertificatePemPath
            "$($result.Status)" | Should -BeExactly 'Warning'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike 'The hand-back of a legitimate login was not tested*'
        }
    }
}
