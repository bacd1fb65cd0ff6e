BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.TestSkWebhookEndpointCommand" }
    $env:SKR_PESTER_WEBHOOK_SECRET = $deployment.WebhookSecret
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath; SecretEnv = 'SKR_PESTER_WEBHOOK_SECRET' }
    $today = [DateTime]::UtcNow.Date
}

AfterAll {
    Stop-TestServer $deployment
    Remove-Item Env:SKR_PESTER_WEBHOOK_SECRET -ErrorAction Ignore
}

Describe 'Test-SkWebhookEndpoint' {
    It 'is Manual when the receiver rejects every forgery' {
        $result = Test-SkWebhookEndpoint -Uri $deployment.WebhookUrl @common
        $result.CheckId | Should -BeExactly 'SK-MON-020'
        "$($result.Status)" | Should -BeExactly 'Manual'
        $result.Message | Should -BeLike 'The receiver rejected 3 forged events (unsigned, wrong signature, stale timestamp)*'
        ($result.Evidence | Where-Object Name -eq 'Stale timestamp').Value | Should -Match ' 401 '
    }

    It 'is Attested with an -Attestation and a Warning with an old one' {
        $fresh = @{ CheckId = 'SK-MON-020'; By = 'dev@acme.test'; On = $today.AddDays(-2); Evidence = 'user.login failures reach Sentry' }
        $attested = Test-SkWebhookEndpoint -Uri $deployment.WebhookUrl @common -Attestation $fresh
        "$($attested.Status)" | Should -BeExactly 'Attested'
        $attested.Message | Should -BeLike "Attested by dev@acme.test on $($today.AddDays(-2).ToString('yyyy-MM-dd')): user.login failures reach Sentry*"

        $old = [pscustomobject]@{ CheckId = 'SK-MON-020'; By = 'dev@acme.test'; On = $today.AddDays(-40).ToString('yyyy-MM-dd'); Evidence = 'Sentry' }
        $warning = Test-SkWebhookEndpoint -Uri $deployment.WebhookUrl @common -Attestation $old -MaxAgeDays 30
        "$($warning.Status)" | Should -BeExactly 'Warning'
        $warning.Message | Should -BeLike '*is 40 days old, older than Policy.AttestationMaxAgeDays (30 days)*'
    }

    It 'fails critically on a receiver that accepts <Fault>' -ForEach @(
        @{ Fault = 'webhook-accepts-unsigned'; Reason = '*accepted an unsigned event*' }
        @{ Fault = 'webhook-accepts-bad-signature'; Reason = '*accepted an event signed with a wrong secret*' }
        @{ Fault = 'webhook-ignores-timestamp'; Reason = '*accepted a correctly signed event whose webhook-timestamp is 10 minutes old*' }
    ) {
        $faulty = Start-TestDeployment -Fault $Fault
        try {
            $env:SKR_PESTER_WEBHOOK_SECRET = $faulty.WebhookSecret
            $result = Test-SkWebhookEndpoint -Uri $faulty.WebhookUrl -TrustedCaPath $faulty.CaCertificatePemPath -SecretEnv SKR_PESTER_WEBHOOK_SECRET
            "$($result.Status)" | Should -BeExactly 'Failed'
            "$($result.Severity)" | Should -BeExactly 'Critical'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike $Reason
        }
        finally {
            $env:SKR_PESTER_WEBHOOK_SECRET = $deployment.WebhookSecret
            Stop-TestServer $faulty
        }
    }

    It 'warns that the replay probe needs the secret' {
        $result = Test-SkWebhookEndpoint -Uri $deployment.WebhookUrl -TrustedCaPath $deployment.CaCertificatePemPath
        "$($result.Status)" | Should -BeExactly 'Warning'
        $result.Reasons[0] | Should -BeLike 'Monitoring.WebhookSecretEnv is not set*'
    }

    It 'stops with AttestationInvalid for an attestation without Evidence' {
        { Test-SkWebhookEndpoint -Uri $deployment.WebhookUrl @common -Attestation @{ CheckId = 'SK-MON-020'; By = 'x'; On = '2026-01-01' } } |
            Should -Throw -ErrorId (& $fqid 'AttestationInvalid')
    }

    It 'never shows the signing secret in any stream or export' {
        $output = Test-SkWebhookEndpoint -Uri $deployment.WebhookUrl @common -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
        $text = Join-CommandOutput $output
        $text | Should -Match 'webhooks/scalekit'
        $text | Should -Not -Match ([regex]::Escape($deployment.WebhookSecret))
        $text | Should -Not -Match ([regex]::Escape($deployment.WebhookSecret.Substring(6)))
    }
}
