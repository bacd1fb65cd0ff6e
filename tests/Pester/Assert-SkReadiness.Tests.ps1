BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.AssertSkReadinessCommand" }
    $clean = Start-TestDeployment
    $faulty = Start-TestDeployment -Fault 'prm-empty-scopes'

    # Configurations as files, so that a child pwsh can run the same audit.
    function New-Configuration {
        param($Deployment, [string] $Name, [hashtable] $Policy = @{})
        $path = Join-Path $TestDrive "$Name.json"
        @{
            Name    = $Name
            Mcp     = @{ ServerUrl = $Deployment.McpUrl }
            Network = @{ TrustedCaPath = $Deployment.CaCertificatePemPath }
            Policy  = $Policy
        } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $path
        $path
    }
    $cleanConfig = New-Configuration $clean 'clean'
    $faultyConfig = New-Configuration $faulty 'faulty'
    $mediumConfig = New-Configuration $faulty 'medium' @{ SeverityOverrides = @{ 'SK-MCP-010' = 'Medium' } }

    # One real audit each: SK-MCP-010 fails (Critical) on the faulty deployment and passes on the clean one.
    $failing = Invoke-SkReadinessAudit -ConfigurationPath $faultyConfig -CheckId SK-MCP-010
    $passing = Invoke-SkReadinessAudit -ConfigurationPath $cleanConfig -CheckId SK-MCP-010

    # Runs a script file in a fresh pwsh (as CI and scheduled tasks do) and returns its exit code and output.
    function Invoke-ChildPwsh {
        param([string] $Script, [string[]] $ArgumentList = @())
        $file = Join-Path $TestDrive "child-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -LiteralPath $file -Value $Script
        $executable = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $arguments = @(if ((Split-Path $executable -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
        $arguments += @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', $file) + $ArgumentList
        $output = & $executable @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join "`n") }
    }
    $gateScript = @'
param([string] $ModulePath, [string] $ConfigurationPath)
Import-Module $ModulePath
Invoke-SkReadinessAudit -ConfigurationPath $ConfigurationPath -CheckId SK-MCP-010 | Assert-SkReadiness
'after the gate'
'@
}

AfterAll {
    Stop-TestServer $clean
    Stop-TestServer $faulty
}

Describe 'Assert-SkReadiness' {
    It 'throws ReadinessGateFailed naming each failure at or above -FailOn' {
        "$($failing.Status)" | Should -BeExactly 'Failed'
        $err = { $failing | Assert-SkReadiness } | Should -Throw -ErrorId (& $fqid 'ReadinessGateFailed') -PassThru
        "$($err.CategoryInfo.Category)" | Should -BeExactly 'InvalidResult'
        $lines = $err.Exception.Message -split "`n"
        $lines[0] | Should -BeExactly 'The readiness gate failed: 1 of 1 result is Failed or Error at severity High or above:'
        $lines[1] | Should -BeExactly "  Failed Critical SK-MCP-010 $($faulty.McpUrl): $($failing.Reasons[0])"
        $lines[1].Contains("'scopes_supported' is []") | Should -BeTrue
        @($err.TargetObject).Count | Should -Be 1
        $err.TargetObject[0].CheckId | Should -BeExactly 'SK-MCP-010'
    }

    It 'is silent when nothing at or above -FailOn failed' {
        "$($passing.Status)" | Should -BeExactly 'Passed'
        $output = $passing | Assert-SkReadiness
        $output | Should -BeNullOrEmpty
    }

    It 'passes the results through with -PassThru, and still throws after them' {
        @($passing | Assert-SkReadiness -PassThru) | Should -Be @($passing)
        $seen = [System.Collections.Generic.List[object]]::new()
        { @($passing, $failing) | Assert-SkReadiness -PassThru | ForEach-Object { $seen.Add($_) } } |
            Should -Throw -ErrorId (& $fqid 'ReadinessGateFailed')
        $seen.Count | Should -Be 2
    }

    It 'compares with -FailOn: a failure overridden to Medium fails -FailOn Medium, not the default High' {
        $medium = Invoke-SkReadinessAudit -ConfigurationPath $mediumConfig -CheckId SK-MCP-010
        "$($medium.Status) $($medium.Severity)" | Should -BeExactly 'Failed Medium'
        { $medium | Assert-SkReadiness } | Should -Not -Throw
        { $medium | Assert-SkReadiness -FailOn Critical } | Should -Not -Throw
        $err = { $medium | Assert-SkReadiness -FailOn Medium } | Should -Throw -ErrorId (& $fqid 'ReadinessGateFailed') -PassThru
        $err.Exception.Message | Should -BeLike '*at severity Medium or above:*Failed Medium SK-MCP-010*'
    }

    It 'refuses to pass an empty pipeline with ReadinessGateNoResults' {
        $err = { @() | Assert-SkReadiness } | Should -Throw -ErrorId (& $fqid 'ReadinessGateNoResults') -PassThru
        "$($err.CategoryInfo.Category)" | Should -BeExactly 'InvalidData'
    }

    It 'is not silenced by -ErrorAction SilentlyContinue (a gate must not be skippable by accident)' {
        { $failing | Assert-SkReadiness -ErrorAction SilentlyContinue } | Should -Throw -ErrorId (& $fqid 'ReadinessGateFailed')
    }

    Context 'in a script run with pwsh -File (CI, scheduled task)' {
        It 'makes the script exit non-zero and stops it at the gate when a check fails' {
            $run = Invoke-ChildPwsh -Script $gateScript -ArgumentList @('-ModulePath', $modulePath, '-ConfigurationPath', $faultyConfig)
            $run.ExitCode | Should -Be 1
            $run.Output | Should -BeLike '*The readiness gate failed: 1 of 1 result is Failed or Error*'
            $run.Output | Should -BeLike '*SK-MCP-010*'
            $run.Output | Should -Not -BeLike '*after the gate*'
        }

        It 'exits 0 and goes on when the gate passes' {
            $run = Invoke-ChildPwsh -Script $gateScript -ArgumentList @('-ModulePath', $modulePath, '-ConfigurationPath', $cleanConfig)
            $run.Output | Should -BeLike '*after the gate*'
            $run.ExitCode | Should -Be 0
        }
    }
}
