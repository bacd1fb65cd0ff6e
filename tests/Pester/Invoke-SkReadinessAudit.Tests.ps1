BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.InvokeSkReadinessAuditCommand" }

    # A configuration as an admin writes it: the CA path relative to the file.
    $configDir = Join-Path $TestDrive 'config'
    New-Item -ItemType Directory -Path $configDir | Out-Null
    Copy-Item -LiteralPath $deployment.CaCertificatePemPath -Destination (Join-Path $configDir 'ca.pem')
    $configPath = Join-Path $configDir 'prod.json'
    @{
        Environment = @{ Url = $deployment.EnvironmentUrl }
        Mcp         = @{ ServerUrl = $deployment.McpUrl }
        Network     = @{ TimeoutSeconds = 10; TrustedCaPath = 'ca.pem' }
    } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $configPath
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Invoke-SkReadinessAudit' {
    It 'runs the catalog in section order, and a failed quick check blocks the MCP section' {
        $results = Invoke-SkReadinessAudit -ConfigurationPath $configPath
        # Sections in checklist order: every quick check before any MCP check.
        $sections = @($results | ForEach-Object { [int]$_.Section })
        $sections | Should -Be ($sections | Sort-Object)
        $qc001 = $results | Where-Object CheckId -eq 'SK-QC-001'
        $qc002 = $results | Where-Object CheckId -eq 'SK-QC-002'
        $mcp = $results | Where-Object CheckId -eq 'SK-MCP-010'
        # The test deployment lives on loopback and the file has no credentials: SK-QC-001 fails (Critical).
        "$($qc001.Status)" | Should -BeExactly 'Failed'
        $qc001.Reasons | Should -Contain "The environment URL '$($deployment.EnvironmentUrl)' is a loopback host, not production: the audit is meant for the production environment."
        "$($qc002.NotRunReason)" | Should -BeExactly 'NotConfigured'
        "$($mcp.Status)" | Should -BeExactly 'NotRun'
        "$($mcp.NotRunReason)" | Should -BeExactly 'Blocked'
        $mcp.Message | Should -BeLike '*section QuickChecks*-IgnoreBlockers*'
        ($results.RunId | Select-Object -Unique).Count | Should -Be 1
    }

    It 'runs the later sections anyway with -IgnoreBlockers' {
        $mcp = Invoke-SkReadinessAudit -ConfigurationPath $configPath -IgnoreBlockers | Where-Object CheckId -eq 'SK-MCP-010'
        "$($mcp.Status)" | Should -BeExactly 'Passed'
        $mcp.Target | Should -BeExactly $deployment.McpUrl
    }

    It 'runs SK-QC-002 with the secret from the variable named by Environment.ClientSecretEnv, and only with -AllowStateChange' {
        $withCredentials = Join-Path $configDir 'credentials.json'
        @{
            Environment = @{ Url = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId; ClientSecretEnv = 'SKR_TEST_SECRET' }
            Network     = @{ TrustedCaPath = 'ca.pem' }
        } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $withCredentials
        $env:SKR_TEST_SECRET = $deployment.ClientSecret
        try {
            "$((Invoke-SkReadinessAudit -ConfigurationPath $withCredentials -CheckId SK-QC-002).NotRunReason)" | Should -BeExactly 'RequiresStateChange'
            $qc002 = Invoke-SkReadinessAudit -ConfigurationPath $withCredentials -CheckId SK-QC-002 -AllowStateChange
            "$($qc002.Status)" | Should -BeExactly 'Passed'
            ($qc002 | ConvertTo-Json -Depth 5) | Should -Not -BeLike "*$($deployment.ClientSecret)*"
        }
        finally {
            Remove-Item Env:SKR_TEST_SECRET
        }
    }

    It 'refuses a literal secret in the file with ConfigurationInvalid and does not echo it' {
        $literal = Join-Path $TestDrive 'literal.json'
        Set-Content -LiteralPath $literal -Value '{ "Environment": { "Url": "https://auth.example.com", "ClientSecret": "literal-secret-123" } }'
        $err = { Invoke-SkReadinessAudit -ConfigurationPath $literal } | Should -Throw -ErrorId (& $fqid 'ConfigurationInvalid') -PassThru
        $err.Exception.Message | Should -BeLike '*$.Environment.ClientSecret*'
        $err.Exception.Message | Should -Not -BeLike '*literal-secret-123*'
    }

    It 'resolves a relative configuration path against the current location' {
        Push-Location $configDir
        try { "$((Invoke-SkReadinessAudit -ConfigurationPath ./prod.json -CheckId SK-MCP-010).Status)" | Should -BeExactly 'Passed' }
        finally { Pop-Location }
    }

    It 'reads the same keys from a .psd1 file' {
        $psd1 = Join-Path $configDir 'prod.psd1'
        Set-Content -LiteralPath $psd1 -Value @"
@{
    Environment = @{ Url = '$($deployment.EnvironmentUrl)' }
    Mcp         = @{ ServerUrl = '$($deployment.McpUrl)' }
    Network     = @{ TrustedCaPath = 'ca.pem' }
}
"@
        "$((Invoke-SkReadinessAudit -ConfigurationPath $psd1 -CheckId SK-MCP-010).Status)" | Should -BeExactly 'Passed'
    }

    It 'takes the configuration as a hashtable' {
        # Computed values (Join-Path, variables) arrive wrapped in PSObject and must still be read.
        $configuration = @{
            Mcp     = @{ ServerUrl = $deployment.McpUrl }
            Network = @{ TrustedCaPath = (Join-Path (Split-Path $deployment.CaCertificatePemPath) 'ca.pem') }
        }
        "$((Invoke-SkReadinessAudit -Configuration $configuration -CheckId SK-MCP-010).Status)" | Should -BeExactly 'Passed'
    }

    It 'runs the checks piped from Get-SkReadinessCheck' {
        $results = Get-SkReadinessCheck -Id 'SK-MCP-010' | Invoke-SkReadinessAudit -ConfigurationPath $configPath
        @($results).Count | Should -Be 1
        $results.CheckId | Should -BeExactly 'SK-MCP-010'
    }

    It 'reports a check whose key is missing as NotRun (NotConfigured)' {
        $empty = Join-Path $configDir 'empty.json'
        Set-Content -LiteralPath $empty -Value '{ }'
        $result = Invoke-SkReadinessAudit -ConfigurationPath $empty -CheckId SK-MCP-010
        "$($result.Status)" | Should -BeExactly 'NotRun'
        "$($result.NotRunReason)" | Should -BeExactly 'NotConfigured'
        $result.Message | Should -BeLike '*Mcp.ServerUrl*'
    }

    It 'applies a severity override from the policy' {
        $override = Join-Path $configDir 'override.json'
        @{ Mcp = @{ ServerUrl = $deployment.McpUrl }; Network = @{ TrustedCaPath = 'ca.pem' }; Policy = @{ SeverityOverrides = @{ 'SK-MCP-010' = 'Low' } } } |
            ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $override
        "$((Invoke-SkReadinessAudit -ConfigurationPath $override -CheckId SK-MCP-010).Severity)" | Should -BeExactly 'Low'
    }

    It 'audits a fleet of configuration files piped from Get-ChildItem, naming each deployment' {
        $fleet = Join-Path $configDir 'fleet'
        New-Item -ItemType Directory -Path $fleet | Out-Null
        Copy-Item -LiteralPath (Join-Path $configDir 'ca.pem') -Destination $fleet
        foreach ($name in 'eu', 'us') {
            @{ Name = "prod-$name"; Mcp = @{ ServerUrl = $deployment.McpUrl }; Network = @{ TrustedCaPath = 'ca.pem' } } |
                ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $fleet "$name.json")
        }
        $results = Get-ChildItem -LiteralPath $fleet -Filter *.json | Invoke-SkReadinessAudit -CheckId SK-MCP-010
        $results | Should -HaveCount 2
        $results.Deployment | Sort-Object | Should -Be @('prod-eu', 'prod-us')
        $results.Status | ForEach-Object { "$_" } | Should -Be @('Passed', 'Passed')
        ($results.RunId | Select-Object -Unique) | Should -HaveCount 1
    }

    It '-WhatIf lists each check with its safety class and target and sends nothing' {
        # A listener nobody may connect to: the configured MCP server.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $target = "https://127.0.0.1:$($listener.LocalEndpoint.Port)/mcp"
            $config = Join-Path $TestDrive 'whatif.json'
            @{ Name = 'whatif'; Environment = @{ Url = 'https://auth.example.com' }; Mcp = @{ ServerUrl = $target } } |
                ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $config
            $run = Invoke-ChildPwsh "Import-Module '$modulePath'; Invoke-SkReadinessAudit -ConfigurationPath '$config' -WhatIf; 'results: ' + @(Invoke-SkReadinessAudit -ConfigurationPath '$config' -WhatIf).Count"
            $run.ExitCode | Should -Be 0
            $run.Output | Should -Contain ('What if: Performing the operation "Run SK-MCP-010 Protected resource metadata is published (Passive)" on target "whatif: ' + $target + '".')
            $run.Output | Should -Contain 'What if: Performing the operation "Run SK-QC-002 Credentials belong to this environment (StateChanging, skipped without -AllowStateChange)" on target "whatif: https://auth.example.com".'
            $run.Output | Should -Contain 'results: 0'
            $listener.Pending() | Should -BeFalse -Because 'nothing may be sent under -WhatIf'
        }
        finally {
            $listener.Stop()
        }
    }

    Context 'bad input stops with a stable ErrorId' {
        It 'ConfigurationFileNotFound for a missing file' {
            { Invoke-SkReadinessAudit -ConfigurationPath (Join-Path $TestDrive 'missing.json') } |
                Should -Throw -ErrorId (& $fqid 'ConfigurationFileNotFound')
        }

        It 'ConfigurationNotJson for a file that is not JSON' {
            $bad = Join-Path $TestDrive 'bad.json'
            Set-Content -LiteralPath $bad -Value 'Mcp: ServerUrl: https://x'
            { Invoke-SkReadinessAudit -ConfigurationPath $bad } | Should -Throw -ErrorId (& $fqid 'ConfigurationNotJson')
        }

        It 'ConfigurationInvalid, naming the JSON path, for a value of the wrong type' {
            $bad = Join-Path $TestDrive 'wrongtype.json'
            Set-Content -LiteralPath $bad -Value '{ "Mcp": { "ServerUrl": 42 } }'
            $err = { Invoke-SkReadinessAudit -ConfigurationPath $bad } | Should -Throw -ErrorId (& $fqid 'ConfigurationInvalid') -PassThru
            $err.Exception.Message | Should -BeLike '*$.Mcp.ServerUrl: must be a string*'
            "$($err.CategoryInfo.Category)" | Should -BeExactly 'InvalidData'
        }

        It 'ConfigurationFormatUnsupported for another extension' {
            $bad = Join-Path $TestDrive 'config.yaml'
            Set-Content -LiteralPath $bad -Value 'Mcp: {}'
            { Invoke-SkReadinessAudit -ConfigurationPath $bad } | Should -Throw -ErrorId (& $fqid 'ConfigurationFormatUnsupported')
        }

        It 'ConfigurationNotPowerShellData for a .psd1 that is not data' {
            $bad = Join-Path $TestDrive 'bad.psd1'
            Set-Content -LiteralPath $bad -Value '@{ Mcp = @{ ServerUrl = (Get-Date) } }'
            { Invoke-SkReadinessAudit -ConfigurationPath $bad } | Should -Throw -ErrorId (& $fqid 'ConfigurationNotPowerShellData')
        }

        It 'NoCheckSelected when the selection matches nothing' {
            { Invoke-SkReadinessAudit -ConfigurationPath $configPath -CheckId 'SK-NOPE-*' } | Should -Throw -ErrorId (& $fqid 'NoCheckSelected')
        }
    }
}
