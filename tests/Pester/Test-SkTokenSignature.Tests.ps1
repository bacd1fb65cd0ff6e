BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $secret = ConvertTo-SecureString $deployment.ClientSecret -AsPlainText -Force
    $common = @{ EnvironmentUrl = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId; ClientSecret = $secret; TrustedCaPath = $deployment.CaCertificatePemPath }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkTokenSignature' {
    It 'judges the JWKS and a minted token of the clean deployment: both Passed, the issuer form reported' {
        $output = Test-SkTokenSignature @common -AllowStateChange -Verbose 4>&1
        $results = @($output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] })
        $results.Count | Should -Be 2
        $results.CheckId | Select-Object -Unique | Should -BeExactly 'SK-AUTH-051'
        $results | ForEach-Object { "$($_.Status)" } | Should -Be @('Passed', 'Passed')
        ($results[1].Evidence | Where-Object Name -eq 'Issuer form').Value | Should -BeExactly "environment URL form: $($deployment.EnvironmentUrl)"
        Join-CommandOutput $output | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
    }

    It 'accepts the resource issuer form and reports it' {
        $token = (Invoke-WebRequest -Uri "$($deployment.LabBaseUrl)/lab/resource-token" -SkipCertificateCheck).Content
        $results = Test-SkTokenSignature -EnvironmentUrl $deployment.EnvironmentUrl -AccessToken $token -TrustedCaPath $deployment.CaCertificatePemPath
        "$($results[1].Status)" | Should -BeExactly 'Passed'
        ($results[1].Evidence | Where-Object Name -eq 'Issuer form').Value | Should -BeLike 'resource form (<env>/resources/<res_id>): *'
    }

    It 'reports a JWKS with a 1024-bit key as Failed' {
        $faulty = Start-TestDeployment -Fault 'jwks-small-key'
        try {
            $result = Test-SkTokenSignature -EnvironmentUrl $faulty.EnvironmentUrl -TrustedCaPath $faulty.CaCertificatePemPath
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike "The key 'snk_legacy1024' has 1024 bits*"
        }
        finally { Stop-TestServer $faulty }
    }
}
