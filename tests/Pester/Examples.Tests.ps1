# Runs every example of docs/examples against the test deployment: the Azure Automation runbook (Automation
# cmdlets defined here), the scheduled-task script as `pwsh -File`, and the PowerShell steps of the two CI files.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $examples = Join-Path $repositoryRoot 'docs/examples'
    $gateFailed = 'ReadinessGateFailed,ScalekitReadiness.Commands.AssertSkReadinessCommand'

    $clean = Start-TestDeployment
    # One rule broken: SK-MCP-010 (Critical) fails on it, so every example's gate must fail and name it.
    $faulty = Start-TestDeployment -Fault 'prm-empty-scopes'

    # What an operator would configure for each deployment. The test deployment runs on loopback, which SK-QC-001
    # rightly calls "not production"; an exception (as a user would record one) keeps that out of the gate.
    function New-ExampleConfiguration {
        param([Parameter(Mandatory)] $Deployment, [string] $Name, [string] $SecretEnv = 'SCALEKIT_CLIENT_SECRET')
        $configuration = [ordered]@{
            Environment = [ordered]@{ Url = $Deployment.EnvironmentUrl; ClientId = $Deployment.ClientId; ClientSecretEnv = $SecretEnv }
            Mcp         = [ordered]@{ ServerUrl = $Deployment.McpUrl }
            Network     = [ordered]@{ TrustedCaPath = $Deployment.CaCertificatePemPath }
            Exceptions  = @([ordered]@{ CheckId = 'SK-QC-001'; Reason = 'The test deployment runs on loopback'; Owner = 'tests'; Expires = (Get-Date).AddDays(30).ToString('yyyy-MM-dd') })
        }
        if ($Name) { $configuration.Name = $Name }
        $configuration
    }

    # Runs a script file in a fresh pwsh, as a scheduler or CI agent does, with the built module on PSModulePath
    # (where an installed module lives), extra environment variables and a working folder.
    function Invoke-Pwsh {
        param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @(), [hashtable] $Environment = @{}, [string] $WorkingDirectory = $TestDrive)
        $executable = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $arguments = @(if ((Split-Path $executable -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
        $arguments += @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList
        $Environment = @{ PSModulePath = (Split-Path $modulePath) + [IO.Path]::PathSeparator + $env:PSModulePath } + $Environment
        $saved = @{}
        foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
        Push-Location -LiteralPath $WorkingDirectory
        try {
            $output = & $executable @arguments 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join "`n") }
        }
        finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    # The block scalars (`run: |`, `script: |`) of a YAML file: what CI runners execute. A YAML module is not
    # available here, and these files need nothing more than literal blocks.
    function Get-YamlScriptBlock {
        param([Parameter(Mandatory)] [AllowEmptyString()] [string[]] $Line, [string[]] $Key = @('run', 'script'))
        for ($i = 0; $i -lt $Line.Count; $i++) {
            if ($Line[$i] -notmatch '^(?<indent>\s*)(?:-\s+)?(?<key>[A-Za-z]+):\s*\|[-+]?\s*(#.*)?$' -or $Matches.key -notin $Key) { continue }
            $keyIndent = $Matches.indent.Length
            $name = $Matches.key
            $body = [System.Collections.Generic.List[string]]::new()
            $j = $i + 1
            while ($j -lt $Line.Count -and ($Line[$j].Trim().Length -eq 0 -or ($Line[$j] -match '^(\s*)' -and $Matches[1].Length -gt $keyIndent))) {
                $body.Add($Line[$j]); $j++
            }
            while ($body.Count -gt 0 -and $body[$body.Count - 1].Trim().Length -eq 0) { $body.RemoveAt($body.Count - 1) }
            $blockIndent = ($body | Where-Object { $_.Trim() } | ForEach-Object { ($_ -replace '^(\s*).*', '$1').Length } | Measure-Object -Minimum).Minimum
            [pscustomobject]@{
                Key    = $name
                Line   = $i + 1
                Script = ($body | ForEach-Object { if ($_.Length -ge $blockIndent) { $_.Substring($blockIndent) } else { '' } }) -join "`n"
            }
            $i = $j - 1
        }
    }
}

AfterAll {
    Stop-TestServer $clean
    Stop-TestServer $faulty
}

Describe 'The YAML block reader the CI examples are run with' {
    It 'returns each run/script literal block, dedented, and nothing else' {
        $yaml = @(
            'steps:'
            '  - name: A'
            '    run: |'
            '      first'
            '        indented'
            ''
            '      last'
            ''
            '    env:'
            '      run: not a block'
            '  - script: |-  # a comment'
            '      only'
            '  - other: |'
            '      ignored'
        )
        $blocks = @(Get-YamlScriptBlock -Line $yaml)
        $blocks | Should -HaveCount 2
        $blocks[0].Key | Should -BeExactly 'run'
        $blocks[0].Line | Should -Be 3
        $blocks[0].Script | Should -BeExactly "first`n  indented`n`nlast"
        $blocks[1].Key | Should -BeExactly 'script'
        $blocks[1].Script | Should -BeExactly 'only'
    }
}

Describe 'docs/examples/Invoke-ReadinessRunbook.ps1 (Azure Automation)' {
    BeforeAll {
        $runbook = Join-Path $examples 'Invoke-ReadinessRunbook.ps1'
        # Azure Automation puts imported modules on PSModulePath; the runbook imports the module by name.
        $savedModulePath = $env:PSModulePath
        $env:PSModulePath = (Split-Path $modulePath) + [IO.Path]::PathSeparator + $env:PSModulePath
        $assetsRead = [System.Collections.Generic.List[string]]::new()
        # The Automation sandbox's asset cmdlets, as the runbook calls them.
        function Get-AutomationPSCredential {
            param([Parameter(Mandatory)] [string] $Name)
            $assetsRead.Add("credential $Name")
            [pscredential]::new($automationDeployment.ClientId, (ConvertTo-SecureString $automationDeployment.ClientSecret -AsPlainText -Force))
        }
        function Get-AutomationVariable {
            param([Parameter(Mandatory)] [string] $Name)
            $assetsRead.Add("variable $Name")
            # The variable holds the configuration without credentials: the runbook adds them from the credential.
            $configuration = New-ExampleConfiguration $automationDeployment
            $configuration.Remove('Environment')
            $configuration.Environment = @{ Url = $automationDeployment.EnvironmentUrl }
            $configuration | ConvertTo-Json -Depth 5
        }
    }

    AfterAll {
        $env:PSModulePath = $savedModulePath
    }

    It 'audits with the credential and variable assets, stores the HTML and JSON reports, and succeeds on a sound deployment' {
        $automationDeployment = $clean
        $assetsRead.Clear()
        $reports = Join-Path $TestDrive 'automation-ok'
        $output = & $runbook -ReportPath $reports *>&1 | ForEach-Object { "$_" }

        @($assetsRead) | Should -Be @('credential ScalekitProduction', 'variable ScalekitReadinessConfiguration')
        $files = @(Get-ChildItem -LiteralPath $reports | Sort-Object Extension)
        $files.Name | Should -HaveCount 2
        $files[0].Name | Should -Match '^readiness-\d{8}-\d{6}\.html$'
        $files[1].Name | Should -Match '^readiness-\d{8}-\d{6}\.json$'
        ($output -join "`n") | Should -BeLike "*Report: $($files[1].FullName)*"
        $report = Get-Content -LiteralPath $files[1].FullName -Raw | ConvertFrom-Json
        # The credential's user name became the client id, and its password minted a token (SK-QC-002).
        ($report.results | Where-Object checkId -EQ 'SK-QC-002').status | Should -BeExactly 'Passed'
        ($report.results | Where-Object checkId -EQ 'SK-QC-001').status | Should -BeExactly 'Excepted'
        ($report.results | Where-Object checkId -EQ 'SK-MCP-010').status | Should -BeExactly 'Passed'
        ($report.results | Select-Object -ExpandProperty deployment -Unique) | Should -BeExactly 'ScalekitReadinessConfiguration'
        $env:SCALEKIT_READINESS_SECRET | Should -BeNullOrEmpty
        $everything = ($output -join "`n") + ($files | ForEach-Object { Get-Content -LiteralPath $_.FullName -Raw })
        $everything.Contains($clean.ClientSecret) | Should -BeFalse
    }

    It 'fails the job with ReadinessGateFailed naming the failure, after storing the reports' {
        $automationDeployment = $faulty
        $reports = Join-Path $TestDrive 'automation-failed'
        $err = { & $runbook -ReportPath $reports *>$null } | Should -Throw -ErrorId $gateFailed -PassThru
        $err.Exception.Message | Should -BeLike "*Failed Critical SK-MCP-010 $($faulty.McpUrl): *"
        @(Get-ChildItem -LiteralPath $reports -Filter 'readiness-*.json') | Should -HaveCount 1
        $env:SCALEKIT_READINESS_SECRET | Should -BeNullOrEmpty
    }

    It 'fails only at or above -FailOn' {
        $automationDeployment = $faulty
        { & $runbook -ReportPath (Join-Path $TestDrive 'automation-low') -FailOn Critical *>$null } | Should -Throw -ErrorId $gateFailed
        # A severity override lowers SK-MCP-010 below the gate: the job succeeds.
        $automationDeployment = $faulty
        function Get-AutomationVariable {
            param([Parameter(Mandatory)] [string] $Name)
            $configuration = New-ExampleConfiguration $automationDeployment
            $configuration.Policy = @{ SeverityOverrides = @{ 'SK-MCP-010' = 'Medium' } }
            $configuration | ConvertTo-Json -Depth 5
        }
        { & $runbook -ReportPath (Join-Path $TestDrive 'automation-medium') *>$null } | Should -Not -Throw
    }
}

Describe 'docs/examples/Invoke-NightlyAudit.ps1 (scheduled task)' {
    BeforeAll {
        $nightly = Join-Path $examples 'Invoke-NightlyAudit.ps1'
        $configuration = Join-Path $TestDrive 'nightly.json'
        $reports = Join-Path $TestDrive 'nightly'
    }

    It 'exits 1 as pwsh -File when a check fails, after writing latest.html and latest.json' {
        New-ExampleConfiguration $faulty 'nightly' | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $configuration
        $run = Invoke-Pwsh -File $nightly -ArgumentList '-ConfigurationPath', $configuration, '-ReportPath', $reports -Environment @{ SCALEKIT_CLIENT_SECRET = $faulty.ClientSecret }

        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -BeLike '*The readiness gate failed*SK-MCP-010*'
        Test-Path -LiteralPath (Join-Path $reports 'latest.html') | Should -BeTrue
        (Get-Content -LiteralPath (Join-Path $reports 'latest.json') -Raw | ConvertFrom-Json).results.checkId | Should -Contain 'SK-MCP-010'
        $run.Output.Contains($faulty.ClientSecret) | Should -BeFalse
    }

    It 'exits 0 on the next night once the deployment is fixed, and logs what changed' {
        New-ExampleConfiguration $clean 'nightly' | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $configuration
        $run = Invoke-Pwsh -File $nightly -ArgumentList '-ConfigurationPath', $configuration, '-ReportPath', $reports -Environment @{ SCALEKIT_CLIENT_SECRET = $clean.ClientSecret }

        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Changes since the previous run: [1-9]'
        $run.Output | Should -Match 'Fixed\s+SK-MCP-010\s+Failed Critical\s+Passed Critical'
        Test-Path -LiteralPath (Join-Path $reports 'previous.json') | Should -BeTrue
    }

    It '-Schedule -WhatIf writes the Task Scheduler XML and the cron line for the same command, and registers nothing' {
        $schedule = & $nightly -ConfigurationPath $configuration -ReportPath $reports -Schedule -At '04:30' -User 'CONTOSO\svc-readiness' -EnvironmentFile '/etc/scalekit readiness.env' -WhatIf

        [xml] $task = $schedule.TaskXml
        $namespace = @{ t = 'http://schemas.microsoft.com/windows/2004/02/mit/task' }
        (Select-Xml -Xml $task -XPath '//t:CalendarTrigger/t:StartBoundary' -Namespace $namespace).Node.InnerText | Should -BeLike '*T04:30:00'
        (Select-Xml -Xml $task -XPath '//t:Principal/t:UserId' -Namespace $namespace).Node.InnerText | Should -BeExactly 'CONTOSO\svc-readiness'
        (Select-Xml -Xml $task -XPath '//t:Principal/t:LogonType' -Namespace $namespace).Node.InnerText | Should -BeExactly 'S4U'
        (Select-Xml -Xml $task -XPath '//t:Exec/t:Command' -Namespace $namespace).Node.InnerText | Should -BeExactly 'pwsh.exe'
        (Select-Xml -Xml $task -XPath '//t:Exec/t:Arguments' -Namespace $namespace).Node.InnerText |
            Should -BeExactly "-NoProfile -NonInteractive -File ""$nightly"" -ConfigurationPath ""$configuration"" -ReportPath ""$reports"" -FailOn ""High"""

        $schedule.CronLine | Should -BeLike "30 4 * * * . '/etc/scalekit readiness.env' && '*' -NoProfile -NonInteractive -File '$nightly' -ConfigurationPath '$configuration' -ReportPath '$reports' -FailOn 'High' >> '$(Join-Path $reports 'audit.log')' 2>&1"
        $schedule.TaskName | Should -BeExactly 'Scalekit readiness audit'
    }

    It 'refuses a malformed -At' {
        { & $nightly -ConfigurationPath $configuration -ReportPath $reports -Schedule -At '3am' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-NightlyAudit.ps1'
    }
}

Describe 'docs/examples/<File> (CI)' -ForEach @(
    @{ File = 'github-actions.yml'; Key = 'run'; Reports = @('junit.xml', 'readiness.sarif', 'summary.md', 'readiness.html') }
    @{ File = 'azure-pipelines.yml'; Key = 'script'; Reports = @('junit.xml', 'readiness.sarif', 'summary.md', 'readiness.html') }
) {
    BeforeAll {
        $yamlPath = Join-Path $examples $File
        $yaml = Get-Content -LiteralPath $yamlPath
        $blocks = @(Get-YamlScriptBlock -Line $yaml)

        # The job's checkout: the configuration the step reads, for the faulty deployment.
        $workspace = Join-Path $TestDrive ($File -replace '\W', '-')
        $null = New-Item -ItemType Directory -Path (Join-Path $workspace 'readiness') -Force
        New-ExampleConfiguration $faulty 'prod' | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $workspace 'readiness/prod.json')
        $stepSummary = Join-Path $workspace 'step-summary.md'

        # The PowerShell step as the runner executes it (both runners stop on the first error), minus the install
        # from the PowerShell Gallery, which this machine cannot reach: the built module is on PSModulePath instead.
        $installLines = @($blocks[0].Script -split "`n" | Where-Object { $_ -match '^\s*(Install-PSResource|Install-Module)\b' })
        $step = Join-Path $workspace 'step.ps1'
        "`$ErrorActionPreference = 'Stop'`n" + (($blocks[0].Script -split "`n" | Where-Object { $_ -notmatch '^\s*(Install-PSResource|Install-Module)\b' }) -join "`n") |
            Set-Content -LiteralPath $step
        $run = Invoke-Pwsh -File $step -WorkingDirectory $workspace -Environment @{ SCALEKIT_CLIENT_SECRET = $faulty.ClientSecret; GITHUB_STEP_SUMMARY = $stepSummary }
        $reportFolder = Join-Path $workspace 'readiness-report'
    }

    It 'has one PowerShell step, which installs the module from the Gallery' {
        $blocks | Should -HaveCount 1
        $blocks[0].Key | Should -BeExactly $Key
        $installLines | Should -HaveCount 1
        $installLines[0].Trim() | Should -BeExactly 'Install-PSResource -Name ScalekitReadiness -TrustRepository -Quiet'
    }

    It 'fails the step (exit 1) at the gate, naming the failure' {
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -BeLike '*The readiness gate failed*SK-MCP-010*'
    }

    It 'writes every report the later steps publish' {
        foreach ($name in $Reports) {
            Test-Path -LiteralPath (Join-Path $reportFolder $name) | Should -BeTrue -Because "the step writes readiness-report/$name"
        }
        # Every file a later step names (sarif_file, testResultsFiles, contents) is one the audit step wrote.
        $published = @($yaml | Where-Object { $_ -match '^\s*(sarif_file|testResultsFiles|contents):\s*(\S+)\s*$' } | ForEach-Object { $Matches[2] })
        $published | Should -Not -BeNullOrEmpty
        foreach ($file in $published) {
            Test-Path -LiteralPath (Join-Path $workspace $file) | Should -BeTrue -Because "a later step publishes $file"
        }
    }

    It 'writes JUnit with the failure as a failed testcase' {
        [xml] $junit = Get-Content -LiteralPath (Join-Path $reportFolder 'junit.xml') -Raw
        [int] $junit.testsuites.failures | Should -Be 1
        $failed = @($junit.SelectNodes('//testcase[failure]'))
        $failed | Should -HaveCount 1
        $failed[0].OuterXml | Should -BeLike '*SK-MCP-010*'
        [int] $junit.testsuites.tests | Should -Be @($junit.SelectNodes('//testcase')).Count
    }

    It 'writes SARIF 2.1.0 with the failure as an error result' {
        $sarif = Get-Content -LiteralPath (Join-Path $reportFolder 'readiness.sarif') -Raw | ConvertFrom-Json
        $sarif.version | Should -BeExactly '2.1.0'
        $errors = @($sarif.runs[0].results | Where-Object level -EQ 'error')
        $errors.ruleId | Should -Be @('SK-MCP-010')
        $errors[0].locations[0].physicalLocation.artifactLocation.uri | Should -BeExactly $faulty.McpUrl
    }

    It 'writes a Markdown summary for the run page' {
        $markdown = Get-Content -LiteralPath (Join-Path $reportFolder 'summary.md') -Raw
        $markdown | Should -BeLike '*SK-MCP-010*'
        if ($File -eq 'github-actions.yml') {
            Get-Content -LiteralPath $stepSummary -Raw | Should -BeExactly $markdown
        }
        else {
            $run.Output | Should -BeLike "*##vso``[task.uploadsummary``]$(Join-Path $reportFolder 'summary.md')*"
        }
    }

    It 'shows the secret in no output and no report' {
        $run.Output.Contains($faulty.ClientSecret) | Should -BeFalse
        foreach ($file in Get-ChildItem -LiteralPath $reportFolder -File) {
            (Get-Content -LiteralPath $file.FullName -Raw).Contains($faulty.ClientSecret) | Should -BeFalse -Because $file.Name
        }
    }
}
