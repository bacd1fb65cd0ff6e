BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Get-SkReadinessCheck' {
    It 'lists the implemented checks as CheckDefinition objects' {
        $checks = Get-SkReadinessCheck
        $checks | Should -Not -BeNullOrEmpty
        $checks | ForEach-Object { $_ | Should -BeOfType 'ScalekitReadiness.CheckDefinition' }
        $checks.Id | Should -Contain 'SK-MCP-010'
    }

    It 'describes SK-MCP-010 as the catalog does' {
        $check = Get-SkReadinessCheck -Id 'SK-MCP-010'
        $check.Title | Should -BeExactly 'Protected resource metadata is published'
        "$($check.Section)" | Should -BeExactly 'McpAuthentication'
        "$($check.Severity)" | Should -BeExactly 'Critical'
        "$($check.Safety)" | Should -BeExactly 'Passive'
        $check.Needs | Should -Be @('Mcp.ServerUrl')
        $check.DocsUrl | Should -BeExactly 'docs/checks/SK-MCP-010.md'
        Test-Path (Join-Path $repositoryRoot $check.DocsUrl) | Should -BeTrue
    }

    It 'filters by wildcard id, section and safety' {
        (Get-SkReadinessCheck -Id 'sk-mcp-*').Id | Should -Contain 'SK-MCP-010'
        Get-SkReadinessCheck -Id 'SK-NONE-*' | Should -BeNullOrEmpty
        Get-SkReadinessCheck -Section QuickChecks | Where-Object Id -like 'SK-MCP-*' | Should -BeNullOrEmpty
        (Get-SkReadinessCheck -Safety Passive).Id | Should -Contain 'SK-MCP-010'
        Get-SkReadinessCheck -Safety StateChanging | Where-Object Id -eq 'SK-MCP-010' | Should -BeNullOrEmpty
    }

    It 'shows the table view Id Section Severity Safety Title' {
        $text = Get-SkReadinessCheck -Id 'SK-MCP-010' | Out-String -Width 200
        $text | Should -Match 'Id\s+Section\s+Severity\s+Safety\s+Title'
        $text | Should -Match 'SK-MCP-010\s+McpAuthentication\s+Critical\s+Passive\s+Protected resource metadata is published'
    }

    It 'rejects a section that does not exist' {
        { Get-SkReadinessCheck -Section Nowhere } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,ScalekitReadiness.Commands.GetSkReadinessCheckCommand'
    }
}
