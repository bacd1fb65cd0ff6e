BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.TestSkRunbookCommand" }
    $today = [DateTime]::UtcNow.Date
    function New-Runbook {
        param([string] $Name = 'runbook.md', [int] $ReviewedDaysAgo = 5, [switch] $NoRehearsal, [string] $Remove, [string] $Replace = '')
        $text = (Get-Content -LiteralPath (Join-Path $repositoryRoot 'docs/examples/runbook.md') -Raw) -replace 'Last reviewed: \d{4}-\d{2}-\d{2}', "Last reviewed: $($today.AddDays(-$ReviewedDaysAgo).ToString('yyyy-MM-dd'))"
        $text = $text -replace 'Last rehearsed: \d{4}-\d{2}-\d{2}', $(if ($NoRehearsal) { '' } else { "Last rehearsed: $($today.AddDays(-3).ToString('yyyy-MM-dd'))" })
        if ($Remove) { $text = $text.Replace($Remove, $Replace) }
        $path = Join-Path $TestDrive $Name
        Set-Content -LiteralPath $path -Value $text
        $path
    }
}

Describe 'Test-SkRunbook' {
    It 'passes both checks for the example runbook with recent dates' {
        $results = Test-SkRunbook -Path (New-Runbook)
        $results.CheckId | Should -Be @('SK-MON-040', 'SK-MON-050')
        $results | ForEach-Object { "$($_.Status)" } | Should -Be @('Passed', 'Passed')
    }

    It 'fails SK-MON-040 with its reason when the runbook <Case>' -ForEach @(
        @{ Case = 'names no contact'; Pattern = '(?s)## Contacts.*?## Detect'; With = "## Detect"; Extra = @{ 'support@scalekit.com' = 'the support portal'; 'pages the on-call' = 'alerts' }; Reason = 'The runbook names nobody to contact*' }
        @{ Case = 'has no rollback section'; Pattern = '## Rollback'; With = '## Backing out'; Extra = @{}; Reason = 'The runbook has no rollback section*' }
        @{ Case = 'has no Scalekit escalation'; Pattern = '(?s)## Escalation to Scalekit.*$'; With = "## Escalation`n- Ask the team lead.`n"; Extra = @{}; Reason = 'The runbook names no Scalekit escalation path*' }
    ) {
        $path = New-Runbook -Name "case-$($Case.Length).md"
        $text = (Get-Content -LiteralPath $path -Raw) -replace $Pattern, $With
        foreach ($key in $Extra.Keys) { $text = $text.Replace($key, $Extra[$key]) }
        Set-Content -LiteralPath $path -Value $text
        $result = Test-SkRunbook -Path $path | Where-Object CheckId -eq 'SK-MON-040'
        "$($result.Status)" | Should -BeExactly 'Failed'
        $result.Reasons | Should -HaveCount 1
        $result.Reasons[0] | Should -BeLike $Reason
    }

    It 'fails SK-MON-040 for a review older than -MaxAgeDays' {
        $result = Test-SkRunbook -Path (New-Runbook -ReviewedDaysAgo 60) -MaxAgeDays 30 | Where-Object CheckId -eq 'SK-MON-040'
        "$($result.Status)" | Should -BeExactly 'Failed'
        $result.Reasons[0] | Should -BeLike '*is 60 days ago, older than Policy.AttestationMaxAgeDays (30 days)*'
    }

    It 'fails SK-MON-050 when the rollback names no switch' {
        $path = New-Runbook -Name 'switch.md' -Remove "1. Turn MCP auth off with the feature flag ``mcp-auth-enabled`` (set it to false), or set`n   ``MCP_AUTH_ENABLED=false`` and restart the MCP server." -Replace '1. Turn MCP auth off somehow.'
        $result = Test-SkRunbook -Path $path | Where-Object CheckId -eq 'SK-MON-050'
        "$($result.Status)" | Should -BeExactly 'Failed'
        $result.Reasons | Should -HaveCount 1
        $result.Reasons[0] | Should -BeLike '*names no switch that turns MCP auth off*'
    }

    It 'is Manual for an unrehearsed rollback, Attested with an -Attestation, and a Warning with an old one' {
        $path = New-Runbook -Name 'unrehearsed.md' -NoRehearsal
        "$((Test-SkRunbook -Path $path)[1].Status)" | Should -BeExactly 'Manual'

        $attestation = @{ CheckId = 'SK-MON-050'; By = 'sre@acme.test'; On = $today.AddDays(-7); Evidence = 'Game day: flag flipped in staging' }
        $attested = (Test-SkRunbook -Path $path -Attestation $attestation)[1]
        "$($attested.Status)" | Should -BeExactly 'Attested'
        $attested.Message | Should -BeLike 'Attested by sre@acme.test on *: Game day: flag flipped in staging*'

        $old = @{ CheckId = 'SK-MON-050'; By = 'sre@acme.test'; On = $today.AddDays(-300); Evidence = 'Game day' }
        "$((Test-SkRunbook -Path $path -Attestation $old)[1].Status)" | Should -BeExactly 'Warning'
    }

    It 'fails both checks for a missing file and takes paths from the pipeline' {
        $results = @(Get-Item (New-Runbook -Name 'piped.md')) + @([pscustomobject]@{ FullName = (Join-Path $TestDrive 'missing.md') }) | Test-SkRunbook
        $results | ForEach-Object { "$($_.CheckId) $($_.Status)" } | Should -Be @('SK-MON-040 Passed', 'SK-MON-050 Passed', 'SK-MON-040 Failed', 'SK-MON-050 Failed')
        $results[2].Reasons[0] | Should -BeLike '*does not exist*'
    }

    It 'stops with AttestationInvalid for an attestation without By' {
        { Test-SkRunbook -Path (New-Runbook) -Attestation @{ CheckId = 'SK-MON-050'; On = '2026-01-01'; Evidence = 'x' } } | Should -Throw -ErrorId (& $fqid 'AttestationInvalid')
    }
}
