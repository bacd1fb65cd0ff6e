BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.CompareSkReadinessResultCommand" }

    # Two runs of the same audit: yesterday's deployment had fault A (PRM scopes_supported: []), today's has
    # fault B (CORS reflects any origin) and A is fixed. Each deployment listens on its own ports.
    function Invoke-Audit {
        param($Deployment, [hashtable] $Policy = @{})
        Invoke-SkReadinessAudit -IgnoreBlockers -Configuration @{
            Name    = 'lab'
            Environment = @{ Url = $Deployment.EnvironmentUrl }
            App     = @{ BaseUrl = $Deployment.AppBaseUrl; AllowedOrigins = @($Deployment.AppBaseUrl) }
            Mcp     = @{ ServerUrl = $Deployment.McpUrl }
            Network = @{ TrustedCaPath = $Deployment.CaCertificatePemPath }
            Policy  = $Policy
        }
    }
    $faultA = Start-TestDeployment -Fault 'prm-empty-scopes'
    $faultB = Start-TestDeployment -Fault 'cors-reflect-any'
    $runA = @(Invoke-Audit $faultA)
    $runB = @(Invoke-Audit $faultB)
    $runAOverridden = @(Invoke-Audit $faultA @{ SeverityOverrides = @{ 'SK-MCP-010' = 'High' } })
    $reportA = Join-Path $TestDrive 'run-a.json'
    $runA | Export-SkReadinessReport -Format Json -Path $reportA
    $failing = { param($run, $id) @($run | Where-Object { $_.CheckId -eq $id -and "$($_.Status)" -eq 'Failed' }).Count }
}

AfterAll {
    Stop-TestServer $faultA
    Stop-TestServer $faultB
}

Describe 'Compare-SkReadinessResult' {
    It 'the two runs differ as the faults say' {
        & $failing $runA 'SK-MCP-010' | Should -Be 1
        & $failing $runB 'SK-MCP-010' | Should -Be 0
        & $failing $runA 'SK-QC-020' | Should -Be 0
        & $failing $runB 'SK-QC-020' | Should -BeGreaterThan 0
    }

    Context 'run A (a Json report) against run B (live objects)' {
        BeforeAll {
            $changes = @(Compare-SkReadinessResult -Reference $reportA -Difference $runB)
        }

        It 'reports the CORS failure as NewFailure and the PRM as Fixed' {
            @($changes | Where-Object { "$($_.Change)" -eq 'NewFailure' }).CheckId | Select-Object -Unique | Should -Be @('SK-QC-020')
            @($changes | Where-Object { "$($_.Change)" -eq 'NewFailure' }).Count | Should -Be (& $failing $runB 'SK-QC-020')
            $fixed = @($changes | Where-Object { "$($_.Change)" -eq 'Fixed' })
            $fixed.CheckId | Should -Be @('SK-MCP-010')
            "$($fixed[0].ReferenceStatus) → $($fixed[0].DifferenceStatus)" | Should -BeExactly 'Failed → Passed'
            $fixed[0].Target | Should -BeExactly $faultB.McpUrl
            $fixed[0].Reference.Target | Should -BeExactly $faultA.McpUrl
            $fixed[0].Reference.Reasons[0] | Should -BeLike "The member 'scopes_supported' is *"
        }

        It 'reports what fails in both runs as StillFailing (the loopback environment URL of SK-QC-001)' {
            $still = @($changes | Where-Object { "$($_.Change)" -eq 'StillFailing' })
            $still.CheckId | Should -Be @('SK-QC-001')
            "$($still[0].DifferenceSeverity)" | Should -BeExactly 'Critical'
        }

        It 'pairs every finding across the new ports: nothing only on one side' {
            @($changes | Where-Object { "$($_.Change)" -in 'Added', 'Removed' }) | Should -BeNullOrEmpty
            $all = @(Compare-SkReadinessResult -Reference $reportA -Difference $runB -IncludeUnchanged)
            $all.Count | Should -Be $runB.Count
            @($all | Where-Object { "$($_.Change)" -eq 'Unchanged' }).Count | Should -Be ($all.Count - $changes.Count)
            @($changes | Where-Object { "$($_.Change)" -eq 'Unchanged' }) | Should -BeNullOrEmpty
        }

        It 'writes typed objects with a table view' {
            $changes[0] | Should -BeOfType 'ScalekitReadiness.ResultComparison'
            "$($changes[0].Change)" | Should -BeExactly 'NewFailure'
            $table = ($changes | Out-String -Width 250) -split "`n" | Where-Object { $_.Trim() }
            $table[0] | Should -Match '^Change\s+CheckId\s+Reference\s+Difference\s+Target'
            $table | Should -Contain ($table | Where-Object { $_ -match "^Fixed\s+SK-MCP-010\s+Failed Critical\s+Passed Critical\s+$([regex]::Escape($faultB.McpUrl))" })
        }
    }

    It 'reads the other way round too, from the pipeline and a FileInfo' {
        $reverse = @(Get-Item -LiteralPath $reportA | Compare-SkReadinessResult -Reference $runB)
        @($reverse | Where-Object { "$($_.Change)" -eq 'NewFailure' }).CheckId | Should -Be @('SK-MCP-010')
        @($reverse | Where-Object { "$($_.Change)" -eq 'Fixed' }).CheckId | Select-Object -Unique | Should -Be @('SK-QC-020')
    }

    It 'takes the difference run from the pipeline, result by result' {
        $piped = @($runB | Compare-SkReadinessResult -Reference $reportA)
        $piped.Count | Should -Be @(Compare-SkReadinessResult -Reference $reportA -Difference $runB).Count
    }

    It 'reports a severity override as SeverityChanged' {
        $changed = @(Compare-SkReadinessResult -Reference $runA -Difference $runAOverridden)
        $changed | Where-Object CheckId -EQ 'SK-MCP-010' | ForEach-Object {
            "$($_.Change)" | Should -BeExactly 'SeverityChanged'
            "$($_.ReferenceSeverity) → $($_.DifferenceSeverity)" | Should -BeExactly 'Critical → High'
        }
        @($changed | Where-Object { "$($_.Change)" -eq 'SeverityChanged' }).Count | Should -Be 1
    }

    Context 'bad input stops with a stable ErrorId' {
        It 'ReportFileNotFound for a missing report' {
            { Compare-SkReadinessResult -Reference (Join-Path $TestDrive 'none.json') -Difference $runB } | Should -Throw -ErrorId (& $fqid 'ReportFileNotFound')
        }

        It 'ReportNotReadable for a file that is not a Json report, naming the file' {
            $notJson = Join-Path $TestDrive 'not.json'
            Set-Content -LiteralPath $notJson -Value 'Status,CheckId'
            $err = { Compare-SkReadinessResult -Reference $notJson -Difference $runB } | Should -Throw -ErrorId (& $fqid 'ReportNotReadable') -PassThru
            $err.Exception.Message | Should -BeLike "*not.json' is not JSON*"
            "$($err.CategoryInfo.Category)" | Should -BeExactly 'InvalidData'

            # ConvertTo-Json of results is JSON, but not a report: it has no schemaVersion.
            $plain = Join-Path $TestDrive 'plain.json'
            $runB | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $plain
            $err = { Compare-SkReadinessResult -Reference $plain -Difference $runB } | Should -Throw -ErrorId (& $fqid 'ReportNotReadable') -PassThru
            $err.Exception.Message | Should -BeLike '*it has no schemaVersion*'
        }

        It 'ReportNotReadable naming the JSON path of a broken field' {
            $broken = Join-Path $TestDrive 'broken.json'
            (Get-Content -LiteralPath $reportA -Raw) -replace '"status": "Failed"', '"status": "Kaputt"' | Set-Content -LiteralPath $broken
            $err = { Compare-SkReadinessResult -Reference $broken -Difference $runB } | Should -Throw -ErrorId (& $fqid 'ReportNotReadable') -PassThru
            $err.Exception.Message | Should -Match '\$\.results\[\d+\]\.status must be one of Passed'
        }

        It 'ReportSchemaVersionUnsupported for a report of a newer module' {
            $newer = Join-Path $TestDrive 'newer.json'
            (Get-Content -LiteralPath $reportA -Raw) -replace '"schemaVersion": 1', '"schemaVersion": 2' | Set-Content -LiteralPath $newer
            $err = { Compare-SkReadinessResult -Reference $newer -Difference $runB } | Should -Throw -ErrorId (& $fqid 'ReportSchemaVersionUnsupported') -PassThru
            $err.Exception.Message | Should -BeLike '*Update the module*'
        }

        It 'ComparisonInputInvalid for an object that is neither a result nor a path' {
            $err = { Compare-SkReadinessResult -Reference 42 -Difference $runB } | Should -Throw -ErrorId (& $fqid 'ComparisonInputInvalid') -PassThru
            $err.Exception.Message | Should -BeLike '*System.Int32*'
        }
    }
}
