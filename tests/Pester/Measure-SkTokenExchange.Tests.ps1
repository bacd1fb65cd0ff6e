BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment -TokenLatencyMs 20
    $limited = Start-TestDeployment -Fault 'token-rate-limited'
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.MeasureSkTokenExchangeCommand" }
    $secret = ConvertTo-SecureString -String $deployment.ClientSecret -AsPlainText -Force
    $connection = @{ EnvironmentUrl = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId; ClientSecret = $secret; TrustedCaPath = $deployment.CaCertificatePemPath; MaxRequestsPerSecond = 50 }
}

AfterAll {
    Stop-TestServer $deployment
    Stop-TestServer $limited
}

Describe 'Measure-SkTokenExchange' {
    It 'measures -Count round trips with -Concurrency and orders the percentiles' {
        $m = Measure-SkTokenExchange @connection -Count 10 -Concurrency 2
        $m.GetType().FullName | Should -BeExactly 'ScalekitReadiness.Metrics.TokenExchangeMeasurement'
        $m.Count, $m.Succeeded, $m.Failed | Should -Be @(10, 10, 0)
        $m.Endpoint | Should -BeExactly "$($deployment.EnvironmentUrl)/oauth/token"
        # The deployment waits 20 ms before each answer (its latency knob): no round trip can be much faster (the
        # server's timer may end its wait a little early, so the bound leaves a margin; load can only add to it).
        $m.MinMs | Should -BeGreaterOrEqual 15
        $m.MinMs | Should -BeLessOrEqual $m.P50Ms
        $m.P50Ms | Should -BeLessOrEqual $m.P95Ms
        $m.P95Ms | Should -BeLessOrEqual $m.P99Ms
        $m.P99Ms | Should -BeLessOrEqual $m.MaxMs
    }

    It 'counts failures by error code' {
        $wrong = ConvertTo-SecureString -String 'not-the-secret-at-all' -AsPlainText -Force
        $m = Measure-SkTokenExchange -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $wrong -TrustedCaPath $deployment.CaCertificatePemPath -MaxRequestsPerSecond 50 -Count 4
        $m.Succeeded, $m.Failed | Should -Be @(0, 4)
        $m.FailuresByError | Should -BeExactly 'invalid_client=4'
    }

    It 'retries 429 answers after their Retry-After and counts them' {
        $other = ConvertTo-SecureString -String $limited.ClientSecret -AsPlainText -Force
        $m = Measure-SkTokenExchange -EnvironmentUrl $limited.EnvironmentUrl -ClientId $limited.ClientId -ClientSecret $other -TrustedCaPath $limited.CaCertificatePemPath -MaxRequestsPerSecond 50 -Count 6
        $m.Succeeded | Should -Be 6
        $m.RateLimited | Should -BeGreaterOrEqual 1
    }

    It 'sends nothing under -WhatIf' {
        Measure-SkTokenExchange @connection -Count 5 -WhatIf | Should -BeNullOrEmpty
    }

    It 'caps -Count and refuses -Concurrency above -Count' {
        { Measure-SkTokenExchange @connection -Count 10001 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ScalekitReadiness.Commands.MeasureSkTokenExchangeCommand'
        { Measure-SkTokenExchange @connection -Count 2 -Concurrency 3 } | Should -Throw -ErrorId (& $fqid 'TokenExchangeInvalidArgument')
    }

    It 'exports one clean CSV row' {
        $csv = Measure-SkTokenExchange @connection -Count 2 | ConvertTo-Csv
        $csv[0] | Should -BeExactly '"Endpoint","Count","Concurrency","RequestsPerSecond","Succeeded","Failed","RateLimited","MinMs","P50Ms","P95Ms","P99Ms","MaxMs","FailuresByError","Duration"'
        $csv.Count | Should -Be 2
    }

    It 'never shows the secret or a token in any stream' {
        $output = Measure-SkTokenExchange @connection -Count 3 -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
        $text = Join-CommandOutput (@($output) + @($output | Where-Object { $_.GetType().Name -eq 'TokenExchangeMeasurement' } | ForEach-Object { $_ | ConvertTo-Json; $_ | ConvertTo-Csv }))
        $text | Should -Match 'oauth/token'
        $text | Should -Not -Match ([regex]::Escape($deployment.ClientSecret))
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
    }
}
