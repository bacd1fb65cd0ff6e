BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $secret = ConvertTo-SecureString -String $deployment.ClientSecret -AsPlainText -Force
    $entries = @(Get-SkAuthLog -EnvironmentUrl $deployment.EnvironmentUrl -ClientId $deployment.ClientId -ClientSecret $secret -TrustedCaPath $deployment.CaCertificatePemPath -MaxRequestsPerSecond 100)
    $metrics = @($entries | Measure-SkAuthMetrics)
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Measure-SkAuthMetrics' {
    It 'counts the seeded month overall as Group-Object does' {
        $overall = $metrics | Where-Object Dimension -eq 'Overall'
        $byStatus = $entries | Group-Object Status -AsHashTable
        $overall.Total | Should -Be $entries.Count
        $overall.Succeeded | Should -Be $byStatus['SUCCESS'].Count
        $overall.Failed | Should -Be $byStatus['FAILED'].Count
        $overall.FailureRate | Should -Be ($byStatus['FAILED'].Count / ($byStatus['SUCCESS'].Count + $byStatus['FAILED'].Count))
    }

    It 'has one row per client with its own counts' {
        $clients = $metrics | Where-Object Dimension -eq 'Client'
        foreach ($group in $entries | Group-Object ClientId) {
            $row = $clients | Where-Object Key -eq $group.Name
            $row.Total | Should -Be $group.Count
            $row.Failed | Should -Be @($group.Group | Where-Object Status -eq 'FAILED').Count
        }
        $clients.Count | Should -Be 5
    }

    It 'has 24 hours at most, the burst hour with at least its 40 failures, and the session rows' {
        $hours = $metrics | Where-Object Dimension -eq 'Hour'
        ($hours | Where-Object Key -eq '14:00').Failed | Should -Be @($entries | Where-Object { $_.Timestamp.UtcDateTime.Hour -eq 14 -and $_.Status -eq 'FAILED' }).Count
        ($hours | Where-Object Key -eq '14:00').Failed | Should -BeGreaterOrEqual 40
        ($hours | Where-Object Key -eq '03:00').Total | Should -Be 6
        ($metrics | Where-Object Dimension -eq 'SessionCreations').Total | Should -Be @($entries | Where-Object { $_.Workflow -eq 'LOGIN' -and $_.Status -eq 'SUCCESS' }).Count
        ($metrics | Where-Object Dimension -eq 'SessionDuration').Total | Should -Be @($entries | Where-Object Workflow -eq 'LOGOUT').Count
        ($metrics | Where-Object Dimension -eq 'RefreshFrequency').Value | Should -Be ([math]::Round(@($entries | Where-Object Workflow -eq 'REFRESH').Count / 30, 2))
    }

    It 'exports clean CSV rows' {
        $csv = $metrics | ConvertTo-Csv
        $csv[0] | Should -BeExactly '"Dimension","Key","Total","Succeeded","Failed","SuccessRate","FailureRate","Value","Unit"'
        $csv.Count | Should -Be ($metrics.Count + 1)
    }

    It 'writes only the overall row for an empty log' {
        $none = @(Measure-SkAuthMetrics -InputObject @())
        $none.Count | Should -Be 1
        $none[0].Total | Should -Be 0
        $none[0].FailureRate | Should -BeNullOrEmpty
    }

    It 'shows a table view' {
        ($metrics | Select-Object -First 2 | Format-Table | Out-String) | Should -Match 'FailureRate'
    }
}
