BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.TestSkEnvironmentConfigCommand" }
    $secret = ConvertTo-SecureString -String $deployment.ClientSecret -AsPlainText -Force
    $saved = @{}
    foreach ($name in 'SCALEKIT_ENVIRONMENT_URL', 'SCALEKIT_ENV_URL', 'SCALEKIT_CLIENT_ID', 'SCALEKIT_CLIENT_SECRET') {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
}

AfterAll {
    Stop-TestServer $deployment
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
}

Describe 'Test-SkEnvironmentConfig' {
    It 'passes SK-QC-001 for production values and leaves SK-QC-002 NotRun without -AllowStateChange' {
        $results = Test-SkEnvironmentConfig -EnvironmentUrl https://auth.example.com -ClientId skc_58327482062864390 -ClientSecret $secret
        $results.CheckId | Should -Be @('SK-QC-001', 'SK-QC-002')
        "$($results[0].Status)" | Should -BeExactly 'Passed'
        "$($results[1].Status)" | Should -BeExactly 'NotRun'
        "$($results[1].NotRunReason)" | Should -BeExactly 'RequiresStateChange'
    }

    It 'reads SCALEKIT_* environment variables and names them as the source' {
        $env:SCALEKIT_ENV_URL = 'https://auth.example.com'
        $env:SCALEKIT_CLIENT_ID = 'skc_1'
        $env:SCALEKIT_CLIENT_SECRET = 'env-secret-value-123'
        try {
            $result = Test-SkEnvironmentConfig | Where-Object CheckId -eq 'SK-QC-001'
            "$($result.Status)" | Should -BeExactly 'Passed'
            ($result.Evidence | Where-Object Name -eq 'Environment URL').Value | Should -BeExactly 'https://auth.example.com (from environment variable SCALEKIT_ENV_URL)'
            ($result.Evidence | Where-Object Name -eq 'Client secret').Value | Should -BeExactly 'present (from environment variable SCALEKIT_CLIENT_SECRET)'
        }
        finally {
            Remove-Item Env:SCALEKIT_ENV_URL, Env:SCALEKIT_CLIENT_ID, Env:SCALEKIT_CLIENT_SECRET
        }
    }

    It 'fails SK-QC-001 for a development environment with its reason' {
        $result = Test-SkEnvironmentConfig -EnvironmentUrl https://acme.scalekit.dev -ClientId skc_1 -ClientSecret $secret | Select-Object -First 1
        "$($result.Status)" | Should -BeExactly 'Failed'
        $result.Reasons | Should -HaveCount 1
        $result.Reasons[0] | Should -BeLike '*a Scalekit development environment (*.scalekit.dev)*'
    }

    It 'mints a token with -AllowStateChange and passes SK-QC-002 against the test deployment' {
        $results = Test-SkEnvironmentConfig -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $secret -TrustedCaPath $deployment.CaCertificatePemPath -AllowStateChange
        $qc002 = $results | Where-Object CheckId -eq 'SK-QC-002'
        "$($qc002.Status)" | Should -BeExactly 'Passed'
        # The test deployment is on loopback: SK-QC-001 must say it is not production.
        ($results | Where-Object CheckId -eq 'SK-QC-001').Reasons | Should -BeLike '*a loopback host*'
    }

    It 'takes the id and secret from a PSCredential' {
        $credential = [pscredential]::new($deployment.ClientId, $secret)
        $qc002 = Test-SkEnvironmentConfig -EnvironmentUrl $deployment.EnvironmentUrl -Credential $credential -TrustedCaPath $deployment.CaCertificatePemPath -AllowStateChange |
            Where-Object CheckId -eq 'SK-QC-002'
        "$($qc002.Status)" | Should -BeExactly 'Passed'
        ($qc002 | Select-Object -ExpandProperty Evidence | Where-Object Name -eq 'Token response').Value | Should -BeLike 'token_type=Bearer*'
    }

    It 'fails SK-QC-002 for the secret of another environment' {
        $wrong = ConvertTo-SecureString -String 'secret-of-the-dev-environment' -AsPlainText -Force
        $qc002 = Test-SkEnvironmentConfig -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $wrong -TrustedCaPath $deployment.CaCertificatePemPath -AllowStateChange |
            Where-Object CheckId -eq 'SK-QC-002'
        "$($qc002.Status)" | Should -BeExactly 'Failed'
        $qc002.Reasons[0] | Should -BeLike '*invalid_client*'
    }

    It 'sends nothing under -WhatIf' {
        $qc002 = Test-SkEnvironmentConfig -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $secret -TrustedCaPath $deployment.CaCertificatePemPath -AllowStateChange -WhatIf |
            Where-Object CheckId -eq 'SK-QC-002'
        "$($qc002.NotRunReason)" | Should -BeExactly 'RequiresStateChange'
    }

    It 'never shows the secret or the minted token in any stream or export' {
        $output = Test-SkEnvironmentConfig -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $secret -TrustedCaPath $deployment.CaCertificatePemPath -AllowStateChange -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
        $results = @($output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] })
        $results | Should -HaveCount 2
        $text = ($output | ForEach-Object { if ($_ -is [ScalekitReadiness.CheckResult]) { $_ | ConvertTo-Json -Depth 5; $_ | ConvertTo-Csv } else { "$_" } }) -join "`n"
        $text | Should -Not -BeLike "*$($deployment.ClientSecret)*"
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.eyJ'
    }

    It 'stops with TrustedCaFileNotFound for a missing CA file' {
        { Test-SkEnvironmentConfig -EnvironmentUrl $deployment.EnvironmentUrl -TrustedCaPath (Join-Path $TestDrive 'none.pem') } |
            Should -Throw -ErrorId (& $fqid 'TrustedCaFileNotFound')
    }
}
