BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $forbidden = Start-TestDeployment -Fault 'auth-log-forbidden'
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.GetSkAuthLogCommand" }
    $secret = ConvertTo-SecureString -String $deployment.ClientSecret -AsPlainText -Force
    $connection = @{ EnvironmentUrl = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId; ClientSecret = $secret; TrustedCaPath = $deployment.CaCertificatePemPath; MaxRequestsPerSecond = 100 }
    $entries = @(Get-SkAuthLog @connection)

    # The API's own count, asked without the module: a token by hand, then page_size=1.
    $token = (Invoke-RestMethod -Method Post -Uri "$($deployment.EnvironmentUrl)/oauth/token" -SkipCertificateCheck -Body @{ grant_type = 'client_credentials'; client_id = $deployment.ClientId; client_secret = $deployment.ClientSecret }).access_token
    $apiTotal = (Invoke-RestMethod -Uri "$($deployment.EnvironmentUrl)/api/v1/logs/authentication/requests?page_size=1" -SkipCertificateCheck -Headers @{ Authorization = "Bearer $token" }).total_size
}

AfterAll {
    Stop-TestServer $deployment
    Stop-TestServer $forbidden
}

Describe 'Get-SkAuthLog' {
    It 'streams every entry of the seeded month as typed objects, newest first' {
        $entries.Count | Should -Be $apiTotal
        $entries[0].GetType().FullName | Should -BeExactly 'ScalekitReadiness.Metrics.AuthLogEntry'
        @($entries.AuthRequestId | Select-Object -Unique).Count | Should -Be $entries.Count
        $entries[0].Timestamp | Should -BeGreaterOrEqual $entries[-1].Timestamp
        ($entries | Where-Object ClientId -eq 'skc_70112233445566779').Count | Should -Be 6
    }

    It 'passes the filters to the API' {
        $failed = @(Get-SkAuthLog @connection -Status failed -FilterClientId skc_70112233445566774)
        $expected = @($entries | Where-Object { $_.Status -eq 'FAILED' -and $_.ClientId -eq 'skc_70112233445566774' })
        $failed.AuthRequestId | Should -Be $expected.AuthRequestId
        $failed.Count | Should -BeGreaterOrEqual 40

        $from = [DateTimeOffset]::UtcNow.Date.AddDays(-3)
        $recent = @(Get-SkAuthLog @connection -StartTime $from -Email user05@acme.example)
        $recent.AuthRequestId | Should -Be @($entries | Where-Object { $_.Timestamp -ge $from -and $_.Email -eq 'user05@acme.example' }).AuthRequestId
    }

    It 'stops after -MaxPages pages of -PageSize entries' {
        $first = @(Get-SkAuthLog @connection -PageSize 5 -MaxPages 2)
        $first.AuthRequestId | Should -Be @($entries | Select-Object -First 10).AuthRequestId
    }

    It 'reads back what Export-Csv and ConvertTo-Json wrote' {
        $csv = Join-Path $TestDrive 'log.csv'
        $entries | Export-Csv -LiteralPath $csv
        $fromCsv = @(Get-SkAuthLog -Path $csv)
        $fromCsv.AuthRequestId | Should -Be $entries.AuthRequestId
        $fromCsv[0].Timestamp | Should -Be $entries[0].Timestamp
        $fromCsv[0].Workflow | Should -BeExactly $entries[0].Workflow

        $json = Join-Path $TestDrive 'log.json'
        $entries | Select-Object -First 20 | ConvertTo-Json | Set-Content -LiteralPath $json
        (Get-SkAuthLog -Path $json).AuthRequestId | Should -Be @($entries | Select-Object -First 20).AuthRequestId
    }

    It 'stops with <Id> when <Case>' -ForEach @(
        @{ Case = 'the file does not exist'; Id = 'AuthLogFileNotFound'; Arguments = @{ Path = 'TestDrive:/missing.csv' } }
        @{ Case = 'the file is no auth-log export'; Id = 'AuthLogFileInvalid'; Arguments = @{ Path = 'TestDrive:/other.csv' } }
    ) {
        Set-Content -LiteralPath (Join-Path $TestDrive 'other.csv') -Value "Name,Value`na,b"
        { Get-SkAuthLog @Arguments } | Should -Throw -ErrorId (& $fqid $Id)
    }

    It 'stops with AuthLogAccessDenied when the client may not read the log' {
        $other = ConvertTo-SecureString -String $forbidden.ClientSecret -AsPlainText -Force
        { Get-SkAuthLog -EnvironmentUrl $forbidden.EnvironmentUrl -ClientId $forbidden.ClientId -ClientSecret $other -TrustedCaPath $forbidden.CaCertificatePemPath } |
            Should -Throw -ErrorId (& $fqid 'AuthLogAccessDenied')
    }

    It 'stops with AuthLogTokenRejected for a wrong secret and EnvironmentCredentialsMissing without one' {
        $wrong = ConvertTo-SecureString -String 'not-the-secret-at-all' -AsPlainText -Force
        { Get-SkAuthLog -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $wrong -TrustedCaPath $deployment.CaCertificatePemPath } |
            Should -Throw -ErrorId (& $fqid 'AuthLogTokenRejected')
        $saved = $env:SCALEKIT_CLIENT_SECRET
        try {
            $env:SCALEKIT_CLIENT_SECRET = $null
            { Get-SkAuthLog -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId } | Should -Throw -ErrorId (& $fqid 'EnvironmentCredentialsMissing')
        }
        finally { $env:SCALEKIT_CLIENT_SECRET = $saved }
    }

    It 'never shows the secret or the token in any stream' {
        $output = Get-SkAuthLog @connection -MaxPages 1 -PageSize 3 -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
        $text = Join-CommandOutput $output
        $text | Should -Not -BeNullOrEmpty
        $text | Should -Not -Match ([regex]::Escape($deployment.ClientSecret))
        $text | Should -Match 'api/v1/logs/authentication/requests'
    }
}
