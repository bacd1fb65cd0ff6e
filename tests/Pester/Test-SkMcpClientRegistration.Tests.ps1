BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $common = @{ Uri = $deployment.McpUrl; TrustedCaPath = $deployment.CaCertificatePemPath }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkMcpClientRegistration' {
    Context 'against the clean test deployment, opted in' {
        BeforeAll {
            $output = Test-SkMcpClientRegistration @common -AllowDynamicRegistrationProbe -AllowStateChange -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        }

        It 'returns one Passed CheckResult for SK-MCP-021' {
            @($result).Count | Should -Be 1
            $result.CheckId | Should -BeExactly 'SK-MCP-021'
            "$($result.Status)" | Should -BeExactly 'Passed' -Because ($result.Reasons -join '; ')
            "$($result.Severity)" | Should -BeExactly 'Medium'
            $result.Message | Should -BeLike "The authorization server offers open dynamic client registration at $($deployment.EnvironmentUrl)/api/v1/resources/$($deployment.ResourceId)/clients:register*"
        }

        It 'records each refused registration in the evidence' {
            ($result.Evidence | Where-Object Name -eq 'Registration with a non-https redirect URI').Value | Should -BeLike '*→ 400*error=invalid_redirect_uri'
            ($result.Evidence | Where-Object Name -eq 'Registration with a javascript: scheme redirect URI').Value | Should -BeLike '*→ 400*error=invalid_redirect_uri'
        }

        It 'shows no secret of the deployment on any stream' {
            $everything = Join-CommandOutput $output
            $everything | Should -Not -BeLike "*$($deployment.McpClientSecret)*"
            $everything | Should -Not -BeLike "*$($deployment.LimitedMcpClientSecret)*"
        }
    }

    Context 'against a registration endpoint that accepts foreign redirect URIs' {
        BeforeAll {
            $faulty = Start-TestDeployment -Fault 'dcr-accepts-foreign-redirect'
        }
        AfterAll { Stop-TestServer $faulty }

        It 'reports it as Failed and names the client it left behind' {
            $result = Test-SkMcpClientRegistration -Uri $faulty.McpUrl -TrustedCaPath $faulty.CaCertificatePemPath -AllowDynamicRegistrationProbe -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike '*registered a client with the redirect URI http://skr-probe.example/callback and javascript:*'
            ($result.Evidence | Where-Object Name -eq 'Registered client (non-https)').Value | Should -BeLike 'm2m_*'
        }
    }

    Context 'without the opt-in or the state change' {
        It 'is NotRun (NotConfigured) without -AllowDynamicRegistrationProbe' {
            $result = Test-SkMcpClientRegistration @common -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'NotRun'
            "$($result.NotRunReason)" | Should -BeExactly 'NotConfigured'
            $result.Message | Should -BeLike '*Mcp.AllowDynamicRegistrationProbe*'
        }

        It 'is NotRun (RequiresStateChange) without -AllowStateChange' {
            $result = Test-SkMcpClientRegistration @common -AllowDynamicRegistrationProbe
            "$($result.Status)" | Should -BeExactly 'NotRun'
            "$($result.NotRunReason)" | Should -BeExactly 'RequiresStateChange'
        }

        It 'registers nothing with -WhatIf' {
            $result = Test-SkMcpClientRegistration @common -AllowDynamicRegistrationProbe -AllowStateChange -WhatIf
            "$($result.Status)" | Should -BeExactly 'NotRun'
            "$($result.NotRunReason)" | Should -BeExactly 'RequiresStateChange'
        }
    }

    Context 'bad input' {
        It 'stops with InvalidUri for a value that is not a URL' {
            { Test-SkMcpClientRegistration -Uri 'not a url' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkMcpClientRegistrationCommand'
        }
    }
}
