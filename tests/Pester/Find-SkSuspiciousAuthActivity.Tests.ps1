BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $secret = ConvertTo-SecureString -String $deployment.ClientSecret -AsPlainText -Force
    $entries = @(Get-SkAuthLog -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $secret -TrustedCaPath $deployment.CaCertificatePemPath -MaxRequestsPerSecond 100)
    $findings = @($entries | Find-SkSuspiciousAuthActivity)
    $end = [DateTimeOffset]::new([DateTime]::UtcNow.Date, [TimeSpan]::Zero)
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Find-SkSuspiciousAuthActivity' {
    It 'finds the failure burst, its spike and the new client at 3 a.m., and nothing else' {
        $findings | ForEach-Object { "$($_.Kind) $($_.Subject)" } | Should -Be @(
            'RepeatedFailures skc_70112233445566774'
            "FailureRateSpike $($end.AddDays(-10).AddHours(14).ToString('yyyy-MM-ddTHH:00Z'))"
            'FirstSeenClient skc_70112233445566779'
            'OutsideUsualHours skc_70112233445566779'
        )
    }

    It 'counts the burst as a brute-force count of the same window does' {
        $times = @($entries | Where-Object { $_.ClientId -eq 'skc_70112233445566774' -and $_.Status -eq 'FAILED' } | ForEach-Object Timestamp)
        $most = ($times | ForEach-Object { $start = $_; @($times | Where-Object { $_ -ge $start -and ($_ - $start) -le [TimeSpan]::FromMinutes(15) }).Count } | Measure-Object -Maximum).Maximum
        $findings[0].Count | Should -Be $most
        $findings[0].Reason | Should -BeLike "$most failed requests for client skc_70112233445566774 within 15 minutes*the threshold is 5*"
    }

    It 'says why the new client fired' {
        $night = $end.AddDays(-3).AddHours(3)
        $findings[2].Start | Should -Be $night
        $findings[2].Reason | Should -BeLike 'Client skc_70112233445566779 (Unregistered CLI, M2M) was first seen at*after the 7-day learning period*'
        $findings[3].Count | Should -Be 6
        $findings[3].Reason | Should -BeLike '6 requests of client skc_70112233445566779 outside the usual hours 07:00-21:00 UTC*'
    }

    It 'takes its thresholds from parameters' {
        $quiet = @($entries | Find-SkSuspiciousAuthActivity -FailureThreshold 100 -UsualHourStart 2 -UsualHourEnd 22 -LearningPeriod (New-TimeSpan -Days 40))
        $quiet.Kind | Should -Be @('FailureRateSpike')
        $strict = @($entries | Find-SkSuspiciousAuthActivity -FailureWindow (New-TimeSpan -Seconds 30) -FailureThreshold 3)
        @($strict | Where-Object Kind -eq 'RepeatedFailures').Subject | Should -Be @('skc_70112233445566774')
    }

    It 'exports clean CSV rows' {
        ($findings | ConvertTo-Csv)[0] | Should -BeExactly '"Kind","SubjectType","Subject","Start","End","Count","Reason"'
    }
}
