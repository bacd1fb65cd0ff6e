BeforeDiscovery {
    $faultCases = @(
        @{ Fault = 'callback-state-without-cookie'; CheckId = 'SK-AUTH-030'; Reason = "(c) state without its cookie: the callback set the cookie(s) 'sk_session'*" }
        @{ Fault = 'callback-error-unescaped'; CheckId = 'SK-AUTH-031'; Reason = 'error=access_denied: the page writes error_description back without HTML escaping*' }
        @{ Fault = 'callback-error-stack-trace'; CheckId = 'SK-AUTH-031'; Reason = 'error=access_denied: the page shows a .NET stack trace*' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkCallbackState' {
    Context 'against the clean test deployment' {
        BeforeAll {
            $output = Test-SkCallbackState -CallbackUrl $deployment.CallbackUrl -LoginUrl $deployment.LoginUrl @common -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $results = @($output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] })
        }

        It 'returns Passed results for SK-AUTH-030 and SK-AUTH-031' {
            $results.CheckId | Should -Be @('SK-AUTH-030', 'SK-AUTH-031')
            $results.Status | ForEach-Object { "$_" | Should -BeExactly 'Passed' }
            "$($results[0].Severity)" | Should -BeExactly 'Critical'
            $results.Target | ForEach-Object { $_ | Should -BeExactly $deployment.CallbackUrl }
        }

        It 'sends seven requests for the state cases and two for the error pages' {
            @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'GET *' }) | Should -HaveCount 9
        }

        It 'never shows a cookie value or a code' {
            $everything = Join-CommandOutput $output
            $everything | Should -Not -Match 'sk_(login|session)=[A-Za-z0-9_-]{20}'
            $everything | Should -Not -Match 'sk_code_[A-Za-z0-9_-]{10}'
        }

        It 'warns that case (c) needs a login URL when none is given' {
            $result = Test-SkCallbackState -CallbackUrl $deployment.CallbackUrl @common | Where-Object CheckId -eq 'SK-AUTH-030'
            "$($result.Status)" | Should -BeExactly 'Warning'
            $result.Reasons[0] | Should -BeLike '*configure App.LoginUrl (-LoginUrl)*'
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports <Fault> as Failed on <CheckId> with its own reason' -TestCases $faultCases {
            $faulty = Start-TestDeployment -Fault $Fault
            try {
                $results = Test-SkCallbackState -CallbackUrl $faulty.CallbackUrl -LoginUrl $faulty.LoginUrl -TrustedCaPath $faulty.CaCertificatePemPath
                $failed = @($results | Where-Object { "$($_.Status)" -ne 'Passed' })
                $failed | Should -HaveCount 1
                $failed[0].CheckId | Should -BeExactly $CheckId
                "$($failed[0].Status)" | Should -BeExactly 'Failed'
                $failed[0].Reasons[0] | Should -BeLike $Reason
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'bad input' {
        It 'stops with InvalidUri for a callback that is not a URL' {
            { Test-SkCallbackState -CallbackUrl 'callback' } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkCallbackStateCommand'
        }
    }
}
