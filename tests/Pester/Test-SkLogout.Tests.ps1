BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function Get-LogoutArgs {
        param($Deployment)
        @{
            LogoutUrl = "$($Deployment.AppBaseUrl)/logout"; LoginUrl = "$($Deployment.AppBaseUrl)/login"; ProtectedApiUrl = "$($Deployment.AppBaseUrl)/api/me"
            EnvironmentUrl = $Deployment.EnvironmentUrl; PostLogoutUrl = "$($Deployment.AppBaseUrl)/"; TrustedCaPath = $Deployment.CaCertificatePemPath
        }
    }

    $deployment = Start-TestDeployment
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkLogout' {
    It 'passes on the clean deployment and shows no cookie or token value' {
        $arguments = Get-LogoutArgs $deployment
        $output = Test-SkLogout @arguments -Verbose -Debug 4>&1 5>&1
        $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        $result.CheckId | Should -BeExactly 'SK-AUTH-070'
        "$($result.Status)" | Should -BeExactly 'Passed'
        ($result.Evidence | Where-Object Name -eq 'End-session parameters').Value | Should -BeExactly 'id_token_hint, post_logout_redirect_uri, state'
        $text = Join-CommandOutput $output
        $text | Should -Not -Match 'sk_session=(?!«)[A-Za-z0-9_-]'
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
    }

    It 'logs nothing out under -WhatIf' {
        $arguments = Get-LogoutArgs $deployment
        "$((Test-SkLogout @arguments -WhatIf).NotRunReason)" | Should -BeExactly 'RequiresStateChange'
    }

    It 'reports <Fault> as Failed with its own reason' -TestCases @(
        @{ Fault = 'logout-keeps-cookie'; Reason = "Logout did not clear the session cookie 'sk_session'*" }
        @{ Fault = 'session-valid-after-logout'; Reason = 'The session cookie from before logout still opens*' }
    ) {
        $faulty = Start-TestDeployment -Fault $Fault
        try {
            $arguments = Get-LogoutArgs $faulty
            $result = Test-SkLogout @arguments
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike $Reason
        }
        finally { Stop-TestServer $faulty }
    }
}
