BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Test-SkRedirectUri' {
    Context 'offline (nothing is sent)' {
        It 'passes a registered production URI and names a near miss, from the pipeline' {
            $allowed = 'https://app.example.com/auth/callback'
            $results = 'https://app.example.com/auth/callback', 'https://app.example.com/auth/callback/' |
                Test-SkRedirectUri -AllowedRedirectUri $allowed
            @($results).Count | Should -Be 2
            "$($results[0].Status)" | Should -BeExactly 'Passed'
            "$($results[0].Severity)" | Should -BeExactly 'Critical'
            "$($results[1].Status)" | Should -BeExactly 'Failed'
            $results[1].Reasons[0] | Should -BeLike "*near miss of '$allowed' (trailing slash)*"
        }

        It 'applies the production rules without an allowed list' {
            $result = Test-SkRedirectUri -RedirectUri 'http://localhost:3000/callback?x=1'
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 3
            $result.Reasons -join "`n" | Should -Match 'must be https'
            $result.Reasons -join "`n" | Should -Match 'belong in development'
            $result.Reasons -join "`n" | Should -Match 'query string'
        }

        It 'works with no network at all: a proxy that does not exist is never asked' {
            $result = Test-SkRedirectUri -RedirectUri 'https://app.example.com/cb' -AllowedRedirectUri 'https://app.example.com/cb' -Proxy 'http://127.0.0.1:1' -Verbose 4>&1
            @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -HaveCount 0
            "$(($result | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }).Status)" | Should -BeExactly 'Passed'
        }
    }

    Context 'live, against the test deployment' {
        BeforeAll {
            $deployment = Start-TestDeployment
            $live = @{ TrustedCaPath = $deployment.CaCertificatePemPath; EnvironmentUrl = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId }
        }

        AfterAll {
            Stop-TestServer $deployment
        }

        It 'shows the authorization server refuses every variant and accepts the registered URI, one request each after discovery' {
            $output = Test-SkRedirectUri -RedirectUri $deployment.RegisteredRedirectUris[1] @live -Verbose 4>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
            "$($result.Status)" | Should -BeExactly 'Passed'
            ($result.Evidence | Where-Object Name -eq 'Refused').Value | Should -BeExactly '8 of 8 variants'
            ($result.Evidence | Where-Object Name -eq 'Variant: upper-cased host').Value | Should -BeLike '*LOCALHOST*HTTP 400: refused'
            @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -HaveCount 10
        }

        It 'is an Error, not a pass, when the URI is not registered' {
            $result = Test-SkRedirectUri -RedirectUri "$($deployment.AppBaseUrl)/elsewhere" @live
            "$($result.Status)" | Should -BeExactly 'Error'
            $result.Message | Should -BeLike '*did not accept the registered redirect URI*'
        }

        It 'fails a prefix-matching authorization server and never visits the variants' {
            $faulty = Start-TestDeployment -Fault 'redirect-prefix-match'
            try {
                $result = Test-SkRedirectUri -RedirectUri $faulty.CallbackUrl -TrustedCaPath $faulty.CaCertificatePemPath -EnvironmentUrl $faulty.EnvironmentUrl -ClientId $faulty.ClientId -Verbose 4>&1
                $check = $result | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
                "$($check.Status)" | Should -BeExactly 'Failed'
                $check.Reasons | Should -HaveCount 3
                $check.Reasons[0] | Should -BeLike '*(trailing slash added)*'
                # Every request went to the authorization server; none to a variant's host.
                $result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -notlike '*/.well-known/openid-configuration*' } |
                    ForEach-Object { $_.Message | Should -BeLike "GET $($faulty.EnvironmentUrl)/oauth/authorize?*" }
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'live, against oidc-provider (a real, OpenID-certified authorization server)' {
        BeforeAll {
            $registered = 'https://localhost:9443/auth/callback'
            $provider = Start-OidcProvider -IssuerPath '/resources/res_redirect' -RedirectUri $registered
        }

        AfterAll {
            Stop-TestServer $provider
        }

        It 'shows it refuses every variant and accepts the registered URI' {
            $result = $registered | Test-SkRedirectUri -EnvironmentUrl $provider.Issuer -ClientId $provider.WebClientId -TrustedCaPath $provider.CaPath
            "$($result.Status)" | Should -BeExactly 'Passed'
            ($result.Evidence | Where-Object Name -eq 'Registered URI').Value | Should -BeLike '*(login page; not visited)'
            ($result.Evidence | Where-Object Name -eq 'Refused').Value | Should -BeExactly '8 of 8 variants'
        }
    }
}
