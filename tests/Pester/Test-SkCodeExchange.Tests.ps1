BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'AuthFlows.ps1')
    $deployment = Start-TestDeployment
    $secret = ConvertTo-SecureString $deployment.ClientSecret -AsPlainText -Force
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath; EnvironmentUrl = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId; ClientSecret = $secret }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkCodeExchange' {
    Context 'against the clean test deployment' {
        It 'passes with a fake code and a wrong secret, three requests (discovery first)' {
            $output = Test-SkCodeExchange @common -Verbose 4>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
            $result.CheckId | Should -BeExactly 'SK-AUTH-020'
            "$($result.Status)" | Should -BeExactly 'Passed'
            $result.Target | Should -BeExactly $deployment.EnvironmentUrl
            @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -HaveCount 3
        }

        It 'exchanges a real code, validates the ID token and sees the second use fail, without leaking anything' {
            $login = Invoke-TestLogin $deployment
            $output = Test-SkCodeExchange @common -AuthorizationCode $login.Code -CodeVerifier $login.Verifier -RedirectUri $deployment.CallbackUrl -Nonce $login.Nonce -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
            "$($result.Status)" | Should -BeExactly 'Passed'
            ($result.Evidence | Where-Object Name -eq 'ID token').Value | Should -BeLike "valid: RS256 kid=snk_test1, iss=$($deployment.EnvironmentUrl), aud=$($deployment.ClientId),*"
            ($result.Evidence | Where-Object Name -eq 'Second use').Value | Should -BeExactly 'refused: HTTP 400 invalid_grant'
            $everything = Join-CommandOutput $output
            $everything | Should -Not -BeLike "*$($login.Code)*"
            $everything | Should -Not -BeLike "*$($login.Verifier)*"
            $everything | Should -Not -BeLike "*$($deployment.ClientSecret)*"
            $everything | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.'
        }

        It 'leaves the code unspent under -WhatIf' {
            $login = Invoke-TestLogin $deployment
            $result = Test-SkCodeExchange @common -AuthorizationCode $login.Code -CodeVerifier $login.Verifier -RedirectUri $deployment.CallbackUrl -WhatIf
            "$($result.Status)" | Should -BeExactly 'Warning'
            $result.Reasons[0] | Should -BeLike '*state changes are not allowed*'
            $again = Test-SkCodeExchange @common -AuthorizationCode $login.Code -CodeVerifier $login.Verifier -RedirectUri $deployment.CallbackUrl
            "$($again.Status)" | Should -BeExactly 'Passed'
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'fails a reusable code' {
            $faulty = Start-TestDeployment -Fault 'code-reusable'
            try {
                $login = Invoke-TestLogin $faulty
                $result = Test-SkCodeExchange -EnvironmentUrl $faulty.EnvironmentUrl -TrustedCaPath $faulty.CaCertificatePemPath -Credential ([pscredential]::new($faulty.ClientId, (ConvertTo-SecureString $faulty.ClientSecret -AsPlainText -Force))) -AuthorizationCode $login.Code -CodeVerifier $login.Verifier -RedirectUri $faulty.CallbackUrl
                "$($result.Status)" | Should -BeExactly 'Failed'
                $result.Reasons | Should -HaveCount 1
                $result.Reasons[0] | Should -BeLike 'The same authorization code was exchanged a second time*'
            }
            finally {
                Stop-TestServer $faulty
            }
        }

        It 'fails a token endpoint without no-store' {
            $faulty = Start-TestDeployment -Fault 'token-no-store-missing'
            try {
                $result = Test-SkCodeExchange -EnvironmentUrl $faulty.EnvironmentUrl -TrustedCaPath $faulty.CaCertificatePemPath -ClientId $faulty.ClientId -ClientSecret (ConvertTo-SecureString $faulty.ClientSecret -AsPlainText -Force)
                "$($result.Status)" | Should -BeExactly 'Failed'
                $result.Reasons | ForEach-Object { $_ | Should -BeLike '*lacks Cache-Control: no-store*' }
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'against oidc-provider (a real, OpenID-certified authorization server)' {
        BeforeAll {
            $redirect = 'https://localhost:9443/auth/callback'
            $provider = Start-OidcProvider -IssuerPath '/resources/res_code' -RedirectUri $redirect
            $webCredential = [pscredential]::new($provider.WebClientId, (ConvertTo-SecureString $provider.WebClientSecret -AsPlainText -Force))
            $peer = @{ EnvironmentUrl = $provider.Issuer; Credential = $webCredential; TrustedCaPath = $provider.CaPath }
        }

        AfterAll {
            Stop-TestServer $provider
        }

        It 'sees invalid_grant for a fake code and invalid_client for a wrong secret' {
            $result = Test-SkCodeExchange @peer
            "$($result.Status)" | Should -BeExactly 'Passed'
            ($result.Evidence | Where-Object Name -eq 'Fake code').Value | Should -BeLike '* → 400 application/json*'
            ($result.Evidence | Where-Object Name -eq 'Wrong secret').Value | Should -BeLike '* → 401 application/json*'
        }

        It 'exchanges a code from its dev login with PKCE, and the second use fails' {
            $login = Invoke-OidcDevLogin -Provider $provider -ClientId $provider.WebClientId -ClientSecret $provider.WebClientSecret -RedirectUri $redirect -Scope 'openid email'
            $result = Test-SkCodeExchange @peer -AuthorizationCode $login.code -CodeVerifier $login.codeVerifier -RedirectUri $redirect -Nonce $login.nonce
            "$($result.Status)" | Should -BeExactly 'Passed'
            ($result.Evidence | Where-Object Name -eq 'ID token').Value | Should -BeLike "valid: RS256 kid=k1, iss=$($provider.Issuer), aud=web-client,*"
            ($result.Evidence | Where-Object Name -eq 'Second use').Value | Should -BeExactly 'refused: HTTP 400 invalid_grant'
        }
    }

    Context 'bad input' {
        It 'stops with AuthorizationCodeIncomplete for a code without its verifier' {
            { Test-SkCodeExchange -EnvironmentUrl https://auth.example.test -ClientId skc_1 -AuthorizationCode abc123 } |
                Should -Throw -ErrorId 'AuthorizationCodeIncomplete,ScalekitReadiness.Commands.TestSkCodeExchangeCommand'
        }
    }
}
