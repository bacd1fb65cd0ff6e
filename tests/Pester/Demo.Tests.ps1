# Runs tools/Demo.ps1 (what `build.ps1 -Task Demo` runs after building) against the built module and test deployment.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $demoData = Import-PowerShellDataFile -LiteralPath (Join-Path $repositoryRoot 'tools/Demo/Demo.psd1')
    $outputPath = Join-Path $TestDrive 'demo'

    $executable = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $arguments = @(if ((Split-Path $executable -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
    $arguments += @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', (Join-Path $repositoryRoot 'tools/Demo.ps1'),
        '-ModulePath', $modulePath, '-TestDeployment', $testDeploymentDll, '-OutputPath', $outputPath)
    $output = (& $executable @arguments 2>&1 | ForEach-Object { "$_" }) -join "`n"
    $exitCode = $LASTEXITCODE

    $reportJson = Join-Path $outputPath 'report.json'
    $reportHtml = Join-Path $outputPath 'report.html'
    $report = if (Test-Path -LiteralPath $reportJson) { Get-Content -LiteralPath $reportJson -Raw | ConvertFrom-Json }
}

Describe 'tools/Demo.ps1' {
    It 'exits 0 and prints the misconfigurations, the table, the findings and how to audit your own deployment' {
        $exitCode | Should -Be 0 -Because $output
        foreach ($fault in $demoData.Faults) { $output | Should -BeLike "*$($fault.Story) ($($fault.Expect))*" }
        $output | Should -Match '(?m)^Status\s+Severity\s+CheckId\s+Title\s+Target\s*$'
        $output | Should -Match '(?m)^SK-MCP-010 Failed \(Critical\): https://127\.0\.0\.1:\d+/mcp$'
        $output | Should -BeLike '*Point the audit at your own deployment:*New-SkReadinessConfiguration -Path ./prod.json*Invoke-SkReadinessAudit -ConfigurationPath ./prod.json*'
    }

    It 'writes report.html and report.json, whose counts agree with the results' {
        Test-Path -LiteralPath $reportHtml | Should -BeTrue
        $results = @($report.results)
        $results.Count | Should -BeGreaterThan 0
        $report.summary.total | Should -Be $results.Count
        $byStatus = @{}
        $results | Group-Object status | ForEach-Object { $byStatus[$_.Name] = $_.Count }
        foreach ($status in $byStatus.Keys) { $report.summary.byStatus.$status | Should -Be $byStatus[$status] -Because $status }
        @($report.summary.byStatus.PSObject.Properties).Count | Should -Be $byStatus.Count

        # The HTML summary cards show the same numbers.
        $html = Get-Content -LiteralPath $reportHtml -Raw
        $cards = @{}
        foreach ($match in [regex]::Matches($html, 'data-status="(\w+)"><span class="count">(\d+)</span>')) { $cards[$match.Groups[1].Value] = [int]$match.Groups[2].Value }
        $cards['Total'] | Should -Be $results.Count
        foreach ($status in $byStatus.Keys) { $cards[$status] | Should -Be $byStatus[$status] -Because "the $status card" }

        # And so does the line the demo prints.
        $printed = ($byStatus.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
        $output | Should -BeLike "*$($results.Count) results: $printed*"
    }

    It 'reports each misconfiguration of tools/Demo/Demo.psd1 with its check: <Expect>' -ForEach @(
        (Import-PowerShellDataFile -LiteralPath (Join-Path $PSScriptRoot '../../tools/Demo/Demo.psd1')).Faults +
        (Import-PowerShellDataFile -LiteralPath (Join-Path $PSScriptRoot '../../tools/Demo/Demo.psd1')).SourceFaults
    ) {
        @($report.results | Where-Object { $_.checkId -eq $Expect -and $_.status -eq 'Failed' }) | Should -Not -BeNullOrEmpty -Because "$Story ($Name)"
    }

    It 'applies the exception and runs the StateChanging checks (the deployment is ours)' {
        ($report.results | Where-Object checkId -EQ 'SK-QC-001').status | Should -BeExactly 'Excepted'
        $stateChanging = @(Get-SkReadinessCheck | Where-Object { "$($_.Safety)" -eq 'StateChanging' } | ForEach-Object Id)
        $stateChanging | Should -Not -BeNullOrEmpty
        @($report.results | Where-Object { $_.checkId -in $stateChanging -and $_.notRunReason -eq 'RequiresStateChange' }) | Should -BeNullOrEmpty
    }

    It 'writes a valid configuration that sets every section of the schema, with secrets only by variable name' {
        $configPath = Join-Path $outputPath 'demo.config.json'
        Test-SkReadinessConfiguration -Path $configPath -Quiet | Should -BeExactly $true
        $configuration = Get-Content -LiteralPath $configPath -Raw | ConvertFrom-Json
        $schema = Get-Content -LiteralPath (Join-Path (Get-Module ScalekitReadiness).ModuleBase 'ScalekitReadiness.schema.json') -Raw | ConvertFrom-Json
        foreach ($section in $schema.properties.PSObject.Properties.Name | Where-Object { $_ -ne '$schema' }) {
            $configuration.$section | Should -Not -BeNullOrEmpty -Because "checks on other branches read $section"
        }
        foreach ($key in $schema.properties.App.properties.PSObject.Properties.Name) {
            $configuration.App.$key | Should -Not -BeNullOrEmpty -Because "App.$key"
        }
        $configuration.Environment.ClientSecretEnv | Should -BeExactly 'SKR_DEMO_CLIENT_SECRET'
    }

    It 'stops the deployment and shows the committed secret of the demo source only masked' {
        $environmentUrl = [uri]([regex]::Match($output, 'environment (https://\S+)').Groups[1].Value)
        $client = [System.Net.Sockets.TcpClient]::new()
        try { { $client.Connect('127.0.0.1', $environmentUrl.Port) } | Should -Throw } finally { $client.Dispose() }

        $secret = [regex]::Match((Get-Content -LiteralPath (Join-Path $outputPath 'source/src/legacy.ts') -Raw), 'clientSecret: "([^"]+)"').Groups[1].Value
        $secret | Should -Match '^test_[0-9a-f]{40}$'
        $output.Contains($secret) | Should -BeFalse
        (Get-Content -LiteralPath $reportJson -Raw).Contains($secret) | Should -BeFalse
        (Get-Content -LiteralPath $reportHtml -Raw).Contains($secret) | Should -BeFalse
        $output | Should -BeLike "*src/legacy.ts:1 client-secret-assignment: test… ($($secret.Length) chars)*"
    }
}
