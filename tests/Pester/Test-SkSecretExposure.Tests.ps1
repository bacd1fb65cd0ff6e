BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # Every secret is made up here, at run time: the repository holds no real-looking credential.
    function New-Hex([int] $Bytes) { [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes($Bytes)).ToLowerInvariant() }
    function Get-Masked([string] $Secret) { $Secret.Substring(0, 4) + "… ($($Secret.Length) chars)" }
    function Write-TreeFile([string] $Root, [string] $RelativePath, [string] $Content) {
        $full = Join-Path $Root $RelativePath
        $null = New-Item -ItemType Directory -Path (Split-Path $full) -Force
        [IO.File]::WriteAllText($full, $Content)
    }
    function Invoke-Git([string] $Root) {
        $output = & git -C $Root -c user.name=Fixture -c user.email=fixture@example.invalid -c commit.gpgsign=false @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "git $args failed: $output" }
        "$output".Trim()
    }

    $clientSecret = 'test_' + (New-Hex 20)
    $webhookSecret = 'whsec_' + (New-Hex 24)
    $vendorSecret = 'test_' + (New-Hex 20)
    $tree = Join-Path $TestDrive 'app'
    Write-TreeFile $tree 'src/server.ts' (@(
            'import { ScalekitClient } from "@scalekit-sdk/node";'
            'const scalekit = new ScalekitClient(process.env.SCALEKIT_ENVIRONMENT_URL!, process.env.SCALEKIT_CLIENT_ID!, process.env.SCALEKIT_CLIENT_SECRET!);'
            "const options = { clientSecret: `"$clientSecret`" };"
        ) -join "`n")
    Write-TreeFile $tree 'deploy/.env.production' "SCALEKIT_ENVIRONMENT_URL=https://acme.scalekit.com`nSCALEKIT_WEBHOOK_SECRET=$webhookSecret`n"
    Write-TreeFile $tree 'node_modules/sdk/index.js' "SCALEKIT_CLIENT_SECRET=$vendorSecret`n"
    Write-TreeFile $tree 'README.md' "Set SCALEKIT_CLIENT_SECRET=<your-client-secret> in .env`n"
    $secrets = $clientSecret, $webhookSecret, $vendorSecret

    $clean = Join-Path $TestDrive 'clean'
    Write-TreeFile $clean 'src/index.ts' "const secret = process.env.SCALEKIT_CLIENT_SECRET;`n"
}

Describe 'Test-SkSecretExposure' {
    Context 'against a tree with committed secrets' {
        BeforeAll {
            $result = Test-SkSecretExposure -Path $tree
        }

        It 'returns one Failed CheckResult for SK-QC-030 with the tree as the target' {
            @($result).Count | Should -Be 1
            $result | Should -BeOfType 'ScalekitReadiness.CheckResult'
            $result.CheckId | Should -BeExactly 'SK-QC-030'
            "$($result.Status)" | Should -BeExactly 'Failed'
            "$($result.Severity)" | Should -BeExactly 'Critical'
            "$($result.Safety)" | Should -BeExactly 'Passive'
            $result.Target | Should -BeExactly $tree
        }

        It 'gives each finding as file:line rule: masked value (first 4 characters and the length)' {
            $result.Reasons | Should -Be @(
                "deploy/.env.production:2 webhook-secret: $(Get-Masked $webhookSecret)"
                "src/server.ts:3 client-secret-assignment: $(Get-Masked $clientSecret)"
            )
        }

        It 'skips node_modules and says what it read in the evidence' {
            ($result.Evidence | Where-Object Name -EQ 'Files scanned').Value | Should -BeLike '3 (*MB)'
            ($result.Evidence | Where-Object Name -EQ 'Skipped').Value | Should -BeLike '0 binary file(s); 1 node_modules/bin/obj/.git folder(s) or files in them; 0 excluded*'
            ($result.Evidence | Where-Object Name -EQ 'Git').Value | Should -BeLike 'not a git repository*'
        }

        It 'prints the table view Status Severity CheckId Title Target' {
            $table = ($result | Out-String -Width 250) -split "`n" | Where-Object { $_.Trim() }
            $table[0] | Should -Match '^Status\s+Severity\s+CheckId\s+Title\s+Target'
            $table[2] | Should -Match "^Failed\s+Critical\s+SK-QC-030\s+Credentials are not committed to code\s+$([regex]::Escape($tree))"
        }

        It 'honours -Exclude' {
            $excluded = Test-SkSecretExposure -Path $tree -Exclude 'deploy/', '*.ts'
            "$($excluded.Status)" | Should -BeExactly 'Passed'
            ($excluded.Evidence | Where-Object Name -EQ 'Skipped').Value | Should -BeLike '*; 2 excluded by .skreadinessignore or -Exclude'
        }

        It 'takes folders from the pipeline (Get-Item)' {
            $results = Get-Item -LiteralPath $tree, $clean | Test-SkSecretExposure
            @($results).Count | Should -Be 2
            "$($results[0].Status)", "$($results[1].Status)" | Should -Be 'Failed', 'Passed'
            $results[1].Target | Should -BeExactly $clean
        }
    }

    Context 'never leaks a secret' {
        It 'shows no secret in the result, Verbose, Debug, ConvertTo-Json or Export-Csv' {
            $output = Test-SkSecretExposure -Path $tree -Verbose -Debug 5>&1 4>&1 3>&1 2>&1 6>&1
            $results = @($output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] })
            $results.Count | Should -Be 1
            $everything = Join-CommandOutput $output
            $csv = Join-Path $TestDrive 'canary.csv'
            $results | Export-Csv -LiteralPath $csv
            $everything += Get-Content -LiteralPath $csv -Raw
            $everything += ($results | Format-List * | Out-String -Width 500)
            foreach ($secret in $secrets) {
                $everything | Should -Not -BeLike "*$secret*"
                $everything | Should -Not -BeLike "*$($secret.Substring(4))*"
            }
            $everything | Should -BeLike "*$(Get-Masked $clientSecret)*"
        }
    }

    Context 'against a clean tree' {
        It 'passes and says how much it read' {
            $result = Test-SkSecretExposure $clean
            "$($result.Status)" | Should -BeExactly 'Passed'
            $result.Reasons | Should -BeNullOrEmpty
            $result.Message | Should -BeLike 'No committed credential found in 1 file(s)*'
        }
    }

    Context 'in a git repository' {
        BeforeAll {
            $repo = Join-Path $TestDrive 'repo'
            $historySecret = 'test_' + (New-Hex 20)
            Write-TreeFile $repo '.env' "SCALEKIT_CLIENT_SECRET=`n"
            Write-TreeFile $repo 'src/config.ts' "export const config = {`n  clientSecret: `"$historySecret`",`n};`n"
            $null = Invoke-Git $repo init -q
            $null = Invoke-Git $repo add .
            $null = Invoke-Git $repo commit -q -m 'initial'
            $added = Invoke-Git $repo rev-parse HEAD
            Write-TreeFile $repo 'src/config.ts' "export const config = {`n  clientSecret: process.env.SCALEKIT_CLIENT_SECRET,`n};`n"
            $null = Invoke-Git $repo commit -q -am 'read the secret from the environment'
        }

        It 'reports the tracked .env and the .gitignore gap' {
            $result = Test-SkSecretExposure -Path $repo
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 2
            $result.Reasons[0] | Should -BeLike ".env env-file-tracked: the file is tracked by git*git rm --cached .env*"
            $result.Reasons[1] | Should -BeLike '.gitignore gitignore-env: no .gitignore rule covers .env*'
        }

        It 'finds a secret removed from the tree in history with -IncludeHistory, masked' {
            $result = Test-SkSecretExposure -Path $repo -IncludeHistory
            $result.Reasons | Should -Contain "src/config.ts:2 client-secret-assignment: $(Get-Masked $historySecret) (in git history, commit $($added.Substring(0, 12)))"
            ($result | ConvertTo-Json -Depth 5) | Should -Not -BeLike "*$historySecret*"
        }

        It 'reads git history when Source.IncludeHistory is true, like -IncludeHistory' {
            $with = Join-Path $TestDrive 'history.json'
            $without = Join-Path $TestDrive 'nohistory.json'
            @{ Source = @{ Path = './repo'; IncludeHistory = $true } } | ConvertTo-Json | Set-Content -LiteralPath $with
            @{ Source = @{ Path = './repo' } } | ConvertTo-Json | Set-Content -LiteralPath $without
            $historyReason = "src/config.ts:2 client-secret-assignment: $(Get-Masked $historySecret) (in git history, commit $($added.Substring(0, 12)))"
            (Invoke-SkReadinessAudit -ConfigurationPath $with -CheckId 'SK-QC-030').Reasons | Should -Contain $historyReason
            (Invoke-SkReadinessAudit -ConfigurationPath $without -CheckId 'SK-QC-030').Reasons | Should -Not -Contain $historyReason
        }
    }

    Context 'in an audit' {
        It 'runs from the configuration key Source.Path (relative to the configuration file)' {
            $configuration = Join-Path $TestDrive 'audit.json'
            @{ Source = @{ Path = './app' } } | ConvertTo-Json | Set-Content -LiteralPath $configuration
            $result = Invoke-SkReadinessAudit -ConfigurationPath $configuration -CheckId 'SK-QC-030'
            @($result).Count | Should -Be 1
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Target | Should -BeExactly $tree
            $result.Reasons | Should -HaveCount 2
        }

        It 'skips what Source.Exclude names, like -Exclude' {
            $configuration = Join-Path $TestDrive 'exclude.json'
            @{ Source = @{ Path = './app'; Exclude = @('deploy/') } } | ConvertTo-Json | Set-Content -LiteralPath $configuration
            $result = Invoke-SkReadinessAudit -ConfigurationPath $configuration -CheckId 'SK-QC-030'
            "$($result.Status)" | Should -BeExactly 'Failed'
            $result.Reasons | Should -HaveCount 1
            $result.Reasons[0] | Should -BeLike 'src/server.ts:3 *'
            ($result.Evidence | Where-Object Name -EQ 'Skipped').Value | Should -BeLike '*; 1 excluded by .skreadinessignore or -Exclude'
        }
    }

    Context 'this repository' {
        It 'holds no secret-shaped value that is not marked as a made-up test value' {
            # Test values carry 'skreadiness:ignore' on their line (or are built at run time); anything else is a finding.
            $result = Test-SkSecretExposure -Path $repositoryRoot
            $result.Reasons | Should -BeNullOrEmpty
            "$($result.Status)" | Should -BeExactly 'Passed'
            ($result.Evidence | Where-Object Name -EQ 'Git').Value | Should -BeLike 'git repository*'
        }
    }

    Context 'bad input' {
        It 'stops with SourcePathNotFound for a path that does not exist (with -ErrorAction Stop)' {
            { Test-SkSecretExposure -Path (Join-Path $TestDrive 'none') -ErrorAction Stop } |
                Should -Throw -ErrorId 'SourcePathNotFound,ScalekitReadiness.Commands.TestSkSecretExposureCommand'
        }

        It 'writes a non-terminating SourcePathNotFound and goes on with the other paths' {
            $results = Test-SkSecretExposure -Path (Join-Path $TestDrive 'none'), $clean -ErrorVariable problems -ErrorAction SilentlyContinue
            @($results).Count | Should -Be 1
            "$($results.Status)" | Should -BeExactly 'Passed'
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeExactly 'SourcePathNotFound,ScalekitReadiness.Commands.TestSkSecretExposureCommand'
            "$($problems[0].CategoryInfo.Category)" | Should -BeExactly 'ObjectNotFound'
        }
    }
}
