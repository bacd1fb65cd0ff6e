BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function New-RefreshToken {
        param($Deployment)
        (Invoke-WebRequest -Uri "$($Deployment.LabBaseUrl)/lab/refresh-token" -SkipCertificateCheck).Content
    }

    $deployment = Start-TestDeployment
    $secret = ConvertTo-SecureString $deployment.ClientSecret -AsPlainText -Force
    $common = @{ EnvironmentUrl = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId; ClientSecret = $secret; TrustedCaPath = $deployment.CaCertificatePemPath }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkTokenRefresh' {
    It 'spends a refresh token given as a SecureString, proves rotation, and never shows a token' {
        $refresh = New-RefreshToken $deployment
        $output = Test-SkTokenRefresh @common -RefreshToken (ConvertTo-SecureString $refresh -AsPlainText -Force) -Verbose -Debug 4>&1 5>&1
        $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        $result.CheckId | Should -BeExactly 'SK-AUTH-060'
        "$($result.Status)" | Should -BeExactly 'Passed'
        ($result.Evidence | Where-Object Name -eq 'Refresh answer').Value | Should -BeLike 'access_token present, refresh_token new*'
        $text = Join-CommandOutput $output
        $text | Should -Not -Match ([regex]::Escape($refresh))
        $text | Should -Not -Match 'sk_rt_(?!«)'
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
    }

    It 'spends nothing under -WhatIf' {
        $refresh = New-RefreshToken $deployment
        $result = Test-SkTokenRefresh @common -RefreshToken $refresh -WhatIf
        "$($result.NotRunReason)" | Should -BeExactly 'RequiresStateChange'
        (Test-SkTokenRefresh @common -RefreshToken $refresh).Status | Should -Be 'Passed' -Because 'the token was not spent by -WhatIf'
    }

    It 'reports an old refresh token that still works as Failed' {
        $faulty = Start-TestDeployment -Fault 'refresh-token-reuse-allowed'
        try {
            $result = Test-SkTokenRefresh -EnvironmentUrl $faulty.EnvironmentUrl -ClientId $faulty.ClientId -ClientSecret (ConvertTo-SecureString $faulty.ClientSecret -AsPlainText -Force) -TrustedCaPath $faulty.CaCertificatePemPath -RefreshToken (New-RefreshToken $faulty)
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike 'The spent refresh token still works when replayed*'
        }
        finally { Stop-TestServer $faulty }
    }
}
