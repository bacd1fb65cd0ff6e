BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $secret = ConvertTo-SecureString $deployment.ClientSecret -AsPlainText -Force
    $common = @{ EnvironmentUrl = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId; ClientSecret = $secret; TrustedCaPath = $deployment.CaCertificatePemPath }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkTokenLifetime' {
    It 'mints one token with -AllowStateChange and passes it on the clean deployment, without showing it' {
        $output = Test-SkTokenLifetime @common -AllowStateChange -SessionIdleTimeoutSeconds 1800 -SessionAbsoluteTimeoutSeconds 86400 -Verbose -Debug 4>&1 5>&1
        $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        $result.CheckId | Should -BeExactly 'SK-AUTH-050'
        "$($result.Status)" | Should -BeExactly 'Passed'
        ($result.Evidence | Where-Object Name -eq 'Lifetime (exp - iat)').Value | Should -BeExactly '300 s; policy 3600 s'
        $text = Join-CommandOutput $output
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
        $text | Should -Not -Match ([regex]::Escape($deployment.ClientSecret))
    }

    It 'takes a token as a plain string and as a SecureString from the pipeline' {
        $token = (Invoke-WebRequest -Uri "$($deployment.LabBaseUrl)/lab/resource-token" -SkipCertificateCheck).Content
        $results = $token, (ConvertTo-SecureString $token -AsPlainText -Force) | Test-SkTokenLifetime
        @($results).Count | Should -Be 1 -Because 'the same token given twice is judged once'
        $results.Target | Should -BeExactly 'access token from -AccessToken #1'
        ($results.Evidence | Where-Object Name -eq 'Scope claim').Value | Should -BeExactly 'scopes (array): todo:read, todo:write'
    }

    It 'reports an access-token lifetime above the policy as Failed' {
        $faulty = Start-TestDeployment -Fault 'access-token-lifetime-above-policy'
        try {
            $result = Test-SkTokenLifetime -EnvironmentUrl $faulty.EnvironmentUrl -ClientId $faulty.ClientId -ClientSecret (ConvertTo-SecureString $faulty.ClientSecret -AsPlainText -Force) -TrustedCaPath $faulty.CaCertificatePemPath -AllowStateChange
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike '*lives 7200 s (exp − iat), above the policy''s 3600 s*'
        }
        finally { Stop-TestServer $faulty }
    }

    It 'mints nothing under -WhatIf and says what it needs' {
        $result = Test-SkTokenLifetime @common -AllowStateChange -WhatIf
        "$($result.Status)" | Should -BeExactly 'NotRun'
        "$($result.NotRunReason)" | Should -BeExactly 'NotConfigured'
    }

    It 'stops with SecretParameterInvalid for a token that is neither a string nor a SecureString' {
        { Test-SkTokenLifetime -AccessToken 42 } | Should -Throw -ErrorId 'SecretParameterInvalid,ScalekitReadiness.Commands.TestSkTokenLifetimeCommand'
    }
}
