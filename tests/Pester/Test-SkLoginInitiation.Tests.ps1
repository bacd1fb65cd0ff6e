BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath; EnvironmentUrl = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkLoginInitiation' {
    Context 'against the clean test deployment' {
        BeforeAll {
            $result = Test-SkLoginInitiation -LoginUrl $deployment.LoginUrl -AllowedRedirectUri $deployment.CallbackUrl @common
        }

        It 'returns one Passed CheckResult for SK-AUTH-001' {
            @($result).Count | Should -Be 1
            $result | Should -BeOfType 'ScalekitReadiness.CheckResult'
            $result.CheckId | Should -BeExactly 'SK-AUTH-001'
            "$($result.Status)" | Should -BeExactly 'Passed'
            "$($result.Severity)" | Should -BeExactly 'High'
            $result.Target | Should -BeExactly $deployment.LoginUrl
        }

        It 'shows the authorization request it judged' {
            ($result.Evidence | Where-Object Name -eq 'Authorization URL').Value | Should -BeExactly $deployment.AuthorizeUrl
            ($result.Evidence | Where-Object Name -eq 'redirect_uri').Value | Should -BeExactly $deployment.CallbackUrl
            ($result.Evidence | Where-Object Name -eq 'Cookie').Value | Should -BeExactly 'sk_login: Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax'
        }

        It 'accepts login URLs from the pipeline' {
            $results = [pscustomobject]@{ LoginUrl = $deployment.LoginUrl }, [pscustomobject]@{ LoginUrl = $deployment.LoginUrl } | Test-SkLoginInitiation @common
            @($results).Count | Should -Be 2
        }

        It 'never shows the login cookie value' {
            $output = Test-SkLoginInitiation -LoginUrl $deployment.LoginUrl @common -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $everything = Join-CommandOutput $output
            $everything | Should -Match 'sk_login'
            $everything | Should -Not -Match 'sk_login=[A-Za-z0-9_-]{20}'
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports a constant state as Failed' {
            $faulty = Start-TestDeployment -Fault 'login-state-constant'
            try {
                $result = Test-SkLoginInitiation -LoginUrl $faulty.LoginUrl -TrustedCaPath $faulty.CaCertificatePemPath -EnvironmentUrl $faulty.EnvironmentUrl -ClientId $faulty.ClientId
                "$($result.Status)" | Should -BeExactly 'Failed'
                $result.Reasons | Should -HaveCount 1
                $result.Reasons[0] | Should -BeLike 'state is the same on two logins*'
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'bad input' {
        It 'stops with InvalidUri for a login URL that is not a URL' {
            { Test-SkLoginInitiation -LoginUrl 'not a url' -EnvironmentUrl https://auth.example.test } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkLoginInitiationCommand'
        }
    }
}
