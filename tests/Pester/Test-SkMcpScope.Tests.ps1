BeforeDiscovery {
    $faultCases = @(
        @{ Fault = 'mcp-tool-runs-without-scope'; Status = 'Failed'; Reason = 'The tool todo.add ran with a token that lacks todo:write' }
        @{ Fault = 'mcp-insufficient-scope-401'; Status = 'Warning'; Reason = 'The tool todo.add was refused with 401 for a missing scope' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function Get-ScopeParameters($Deployment) {
        @{
            Uri = $Deployment.McpUrl
            EnvironmentUrl = $Deployment.EnvironmentUrl
            TrustedCaPath = $Deployment.CaCertificatePemPath
            ToolScope = @{ 'todo.list' = 'todo:read'; 'todo.add' = @('todo:write'); 'todo.delete' = 'todo:write' }
            ResourceScope = @{ 'todo://drafts' = 'todo:write' }
            SafeToInvoke = @{ 'todo.add' = @{ title = 'readiness probe' } }
            LimitedCredential = [pscredential]::new($Deployment.LimitedMcpClientId, (ConvertTo-SecureString $Deployment.LimitedMcpClientSecret -AsPlainText -Force))
            Credential = [pscredential]::new($Deployment.McpClientId, (ConvertTo-SecureString $Deployment.McpClientSecret -AsPlainText -Force))
        }
    }

    $deployment = Start-TestDeployment
    $parameters = Get-ScopeParameters $deployment
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkMcpScope' {
    Context 'against the clean test deployment' {
        BeforeAll {
            $output = Test-SkMcpScope @parameters -AllowStateChange -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        }

        It 'returns one Passed CheckResult for SK-MCP-090' {
            @($result).Count | Should -Be 1
            $result.CheckId | Should -BeExactly 'SK-MCP-090'
            "$($result.Status)" | Should -BeExactly 'Passed'
            "$($result.Safety)" | Should -BeExactly 'StateChanging'
            $result.Message | Should -BeLike '*(2 calls; only tools marked safe were called).'
        }

        It 'calls the safe tool with the limited token and records the 403 challenge' {
            ($result.Evidence | Where-Object Name -eq 'tool todo.add').Value | Should -BeLike '*→ 403*challenge error=insufficient_scope, scope=todo:write'
            $result.Evidence.Name | Should -Not -Contain 'tool todo.delete'
        }

        It 'never shows a client secret or a token on any stream' {
            $everything = Join-CommandOutput $output
            $everything | Should -Not -BeLike "*$($deployment.LimitedMcpClientSecret)*"
            $everything | Should -Not -BeLike "*$($deployment.McpClientSecret)*"
            $everything | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.'
        }
    }

    Context 'safety' {
        It 'does not run without -AllowStateChange' {
            $result = Test-SkMcpScope @parameters
            "$($result.Status)" | Should -BeExactly 'NotRun'
            "$($result.NotRunReason)" | Should -BeExactly 'RequiresStateChange'
        }

        It 'sends nothing with -WhatIf' {
            $result = Test-SkMcpScope @parameters -AllowStateChange -WhatIf
            "$($result.Status)" | Should -BeExactly 'NotRun'
        }
    }

    Context 'against a fault that breaks one rule' {
        It 'reports <Fault> as <Status> with its own reason' -TestCases $faultCases {
            $faulty = Start-TestDeployment -Fault $Fault
            try {
                $faultyParameters = Get-ScopeParameters $faulty
                $result = Test-SkMcpScope @faultyParameters -AllowStateChange
                "$($result.Status)" | Should -BeExactly $Status
                $result.Reasons[0] | Should -Match ([regex]::Escape($Reason))
            }
            finally {
                Stop-TestServer $faulty
            }
        }
    }

    Context 'against the C# MCP SDK reference server protected by oidc-provider' {
        BeforeAll {
            $provider = Start-OidcProvider -IssuerPath '/resources/res_reference'
            $server = Start-ReferenceMcpServer -Provider $provider
            # admin_reset changes nothing in the reference server (tests/ReferenceMcpServer/Tools.cs): safe to call.
            $referenceParameters = @{
                Uri = $server.McpUrl
                EnvironmentUrl = "https://localhost:$($provider.Port)"
                TrustedCaPath = $server.CaPath
                ToolScope = @{ whoami = 'mcp:tools'; admin_reset = 'mcp:admin' }
                SafeToInvoke = @{ whoami = @{}; admin_reset = @{} }
                LimitedCredential = [pscredential]::new($provider.LimitedClientId, (ConvertTo-SecureString $provider.LimitedClientSecret -AsPlainText -Force))
                Credential = [pscredential]::new($provider.M2mClientId, (ConvertTo-SecureString $provider.M2mClientSecret -AsPlainText -Force))
            }
            $referenceOutput = Test-SkMcpScope @referenceParameters -AllowStateChange -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $referenceResult = $referenceOutput | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        }
        AfterAll { Stop-TestServer $server; Stop-TestServer $provider }

        It 'passes it: the limited client (mcp:tools only) is refused admin_reset with 403 insufficient_scope' {
            @($referenceResult).Count | Should -Be 1
            "$($referenceResult.Status)" | Should -BeExactly 'Passed' -Because ($referenceResult.Reasons -join '; ')
            $referenceResult.Message | Should -BeLike '*(1 calls; only tools marked safe were called).'
            ($referenceResult.Evidence | Where-Object Name -eq 'Limited scopes').Value | Should -BeExactly 'mcp:tools'
            ($referenceResult.Evidence | Where-Object Name -eq 'tool whoami').Value | Should -BeExactly 'the limited client holds mcp:tools; not called'
            ($referenceResult.Evidence | Where-Object Name -eq 'tool admin_reset').Value | Should -BeLike '*→ 403*challenge error=insufficient_scope, scope=mcp:tools mcp:admin'
        }

        It 'never shows a client secret or a token on any stream' {
            $everything = Join-CommandOutput $referenceOutput
            $everything | Should -Not -BeLike "*$($provider.LimitedClientSecret)*"
            $everything | Should -Not -BeLike "*$($provider.M2mClientSecret)*"
            $everything | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.'
        }
    }

    Context 'bad input' {
        It 'stops with InvalidUri for a value that is not a URL' {
            { Test-SkMcpScope -Uri 'not a url' -EnvironmentUrl https://auth.example.test -ToolScope @{ a = 'b' } -LimitedCredential ([pscredential]::new('x', (ConvertTo-SecureString 'y' -AsPlainText -Force))) } |
                Should -Throw -ErrorId 'InvalidUri,ScalekitReadiness.Commands.TestSkMcpScopeCommand'
        }
    }
}
