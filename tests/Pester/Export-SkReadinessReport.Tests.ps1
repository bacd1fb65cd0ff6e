BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.ExportSkReadinessReportCommand" }
    $validation = Join-Path $repositoryRoot 'tests/report-validation'
    $chromium = if ($env:CHROMIUM_PATH) { $env:CHROMIUM_PATH } else { '/usr/bin/chromium' }
    if (-not (Test-Path -LiteralPath $chromium)) {
        throw "The HTML report is checked in headless Chromium, which is missing at $chromium. Debian: apt-get install chromium (or set CHROMIUM_PATH)."
    }

    # A deployment with two faults: the PRM advertises scopes_supported: [] and CORS reflects any origin.
    $deployment = Start-TestDeployment -Fault 'prm-empty-scopes', 'cors-reflect-any'
    $env:SKR_EXPORT_SECRET = $deployment.ClientSecret
    $configuration = @{
        Name        = 'lab'
        Environment = @{ Url = $deployment.EnvironmentUrl; ClientId = $deployment.ClientId; ClientSecretEnv = 'SKR_EXPORT_SECRET' }
        App         = @{ BaseUrl = $deployment.AppBaseUrl; AllowedOrigins = @($deployment.AppBaseUrl) }
        Mcp         = @{ ServerUrl = $deployment.McpUrl }
        Network     = @{ TrustedCaPath = $deployment.CaCertificatePemPath }
    }

    # ONE real audit, every format from it. State change is allowed so that the client secret is really sent
    # (and a token minted): neither may appear in any report.
    $results = @(Invoke-SkReadinessAudit -Configuration $configuration -IgnoreBlockers -AllowStateChange)
    $count = @{}
    foreach ($status in 'Passed', 'Failed', 'Warning', 'Error', 'NotRun', 'Manual', 'Attested', 'Excepted') {
        $count[$status] = @($results | Where-Object { "$($_.Status)" -eq $status }).Count
    }

    $reports = Join-Path $TestDrive 'reports'
    $null = New-Item -ItemType Directory -Path $reports
    $files = [ordered]@{ Html = 'report.html'; Markdown = 'report.md'; Json = 'report.json'; JUnit = 'report.junit.xml'; Sarif = 'report.sarif'; Csv = 'report.csv' }
    $written = @{}
    foreach ($format in $files.Keys) {
        $written[$format] = $results | Export-SkReadinessReport -Format $format -Path (Join-Path $reports $files[$format]) -PassThru
    }
    $text = @{}
    foreach ($format in $files.Keys) { $text[$format] = Get-Content -LiteralPath $written[$format].FullName -Raw -Encoding utf8 }

    function Invoke-Node {
        param([string] $Script, [string[]] $ArgumentList)
        $output = & node (Join-Path $validation $Script) --peers $peersPath @ArgumentList 2>&1
        $json = $output | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1
        if (-not $json) { throw "node $Script printed no result (exit $LASTEXITCODE): $($output -join "`n")" }
        $json | ConvertFrom-Json -AsHashtable
    }
}

AfterAll {
    Remove-Item Env:SKR_EXPORT_SECRET -ErrorAction Ignore
    Stop-TestServer $deployment
}

Describe 'Export-SkReadinessReport' {
    It 'the audit found the faults (SK-MCP-010 and SK-QC-020 Failed)' {
        "$(($results | Where-Object CheckId -EQ 'SK-MCP-010').Status)" | Should -BeExactly 'Failed'
        @($results | Where-Object { $_.CheckId -eq 'SK-QC-020' -and "$($_.Status)" -eq 'Failed' }).Count | Should -BeGreaterThan 0
        $results.Count | Should -BeGreaterThan 5
    }

    It 'returns the written files with -PassThru, and leaves nothing else in the folder' {
        foreach ($format in $files.Keys) {
            $written[$format] | Should -BeOfType ([System.IO.FileInfo])
            $written[$format].Name | Should -BeExactly $files[$format]
            $written[$format].Length | Should -BeGreaterThan 200
        }
        (Get-ChildItem -LiteralPath $reports -Force).Name | Sort-Object | Should -Be @($files.Values | Sort-Object)
    }

    Context 'JUnit' {
        It 'validates against the Jenkins JUnit schema (tests/report-validation/jenkins-junit.xsd)' {
            $schemas = [System.Xml.Schema.XmlSchemaSet]::new()
            $null = $schemas.Add($null, (Join-Path $validation 'jenkins-junit.xsd'))
            $settings = [System.Xml.XmlReaderSettings]::new()
            $settings.ValidationType = 'Schema'
            $settings.Schemas = $schemas
            $settings.ValidationFlags = $settings.ValidationFlags -bor [System.Xml.Schema.XmlSchemaValidationFlags]::ReportValidationWarnings
            $problems = [System.Collections.Generic.List[string]]::new()
            $settings.add_ValidationEventHandler({ param($s, $e) $problems.Add("$($e.Severity) line $($e.Exception.LineNumber): $($e.Message)") })
            $reader = [System.Xml.XmlReader]::Create($written.JUnit.FullName, $settings)
            try { while ($reader.Read()) { } } finally { $reader.Dispose() }
            $problems | Should -BeNullOrEmpty
        }

        It 'has one testcase per result: Failed as failure, Error as error, NotRun and Manual as skipped' {
            $xml = [xml]$text.JUnit
            $xml.testsuites.tests | Should -Be "$($results.Count)"
            $xml.testsuites.failures | Should -Be "$($count.Failed)"
            $xml.testsuites.errors | Should -Be "$($count.Error)"
            $cases = @($xml.SelectNodes('//testcase'))
            $cases.Count | Should -Be $results.Count
            @($xml.SelectNodes('//testcase[failure]')).Count | Should -Be $count.Failed
            @($xml.SelectNodes('//testcase[error]')).Count | Should -Be $count.Error
            @($xml.SelectNodes('//testcase[skipped]')).Count | Should -Be ($count.NotRun + $count.Manual)
            $prm = $cases | Where-Object { $_.name -like 'SK-MCP-010 *' }
            $prm.failure.type | Should -BeExactly 'Critical'
            $prm.failure.message | Should -BeLike "The member 'scopes_supported' is *"
        }
    }

    Context 'Sarif' {
        It 'validates against the SARIF 2.1.0 JSON schema' {
            $check = Invoke-Node 'validate-json.mjs' @('--schema', 'sarif', '--file', $written.Sarif.FullName)
            $check.title | Should -BeLike '*SARIF*2.1.0*'
            $check.errors | Should -BeNullOrEmpty
            $check.valid | Should -BeTrue
        }

        It 'the SARIF validation can fail: a wrong level is reported' {
            $broken = Join-Path $TestDrive 'broken.sarif'
            $text.Sarif -replace '"level": "error"', '"level": "fatal"' | Set-Content -LiteralPath $broken
            $check = Invoke-Node 'validate-json.mjs' @('--schema', 'sarif', '--file', $broken)
            $check.valid | Should -BeFalse
            $check.errors -join "`n" | Should -BeLike '*/level must be equal to one of the allowed values*'
        }

        It 'holds the problems only, with rule metadata from the catalog and the target URL as artifact' {
            $sarif = $text.Sarif | ConvertFrom-Json
            $run = $sarif.runs[0]
            $sarif.version | Should -BeExactly '2.1.0'
            @($run.results).Count | Should -Be ($count.Failed + $count.Warning + $count.Error)
            $catalog = Get-SkReadinessCheck -Id SK-MCP-010
            $rule = $run.tool.driver.rules | Where-Object id -EQ 'SK-MCP-010'
            $rule.shortDescription.text | Should -BeExactly $catalog.Title
            $rule.fullDescription.text | Should -BeExactly $catalog.Summary
            $result = $run.results | Where-Object ruleId -EQ 'SK-MCP-010'
            $result.level | Should -BeExactly 'error'
            $result.locations[0].physicalLocation.artifactLocation.uri | Should -BeExactly $deployment.McpUrl
        }
    }

    Context 'Json' {
        It 'carries schemaVersion 1 and validates against tests/report-validation/readiness-report.schema.json' {
            ($text.Json | ConvertFrom-Json).schemaVersion | Should -Be 1
            $check = Invoke-Node 'validate-json.mjs' @('--schema', 'report', '--file', $written.Json.FullName)
            $check.errors | Should -BeNullOrEmpty
            $check.valid | Should -BeTrue
        }

        It 'round-trips through Compare-SkReadinessResult: nothing changed' {
            $comparison = Compare-SkReadinessResult -Reference $written.Json.FullName -Difference $results -IncludeUnchanged
            @($comparison).Count | Should -Be $results.Count
            @($comparison | Where-Object { "$($_.Change)" -notin 'Unchanged', 'StillFailing' }) | Should -BeNullOrEmpty
            @($comparison | Where-Object { "$($_.Change)" -eq 'StillFailing' }).Count | Should -Be ($count.Failed + $count.Error)
        }
    }

    Context 'Html' {
        BeforeAll {
            $screenshot = Join-Path $TestDrive 'report.png'
            $printed = Join-Path $TestDrive 'report-print.png'
            $page = Invoke-Node 'render-html.mjs' @('--file', $written.Html.FullName, '--screenshot', $screenshot, '--print-screenshot', $printed, '--filter', 'SK-MCP-010', '--chromium', $chromium)
        }

        It 'renders in headless Chromium with its script, without a request or an error' {
            $page.chromium | Should -Not -BeNullOrEmpty
            $page.scriptRan | Should -BeTrue
            $page.requests | Should -BeNullOrEmpty
            $page.consoleErrors | Should -BeNullOrEmpty
            $page.title | Should -BeExactly 'Scalekit readiness report: lab'
        }

        It 'shows the counts of the results: total, by status, by section and by severity' {
            $page.cards.Total | Should -Be $results.Count
            foreach ($status in $count.Keys) {
                if ($count[$status] -gt 0 -or $status -in 'Failed', 'Error') { $page.cards[$status] | Should -Be $count[$status] -Because "the $status card" }
                else { $page.cards.ContainsKey($status) | Should -BeFalse }
            }
            foreach ($group in $results | Group-Object { "$($_.Section)" }) {
                $page.bySection[$group.Name].Total | Should -Be $group.Count
                foreach ($byStatus in $group.Group | Group-Object { "$($_.Status)" }) {
                    $page.bySection[$group.Name][$byStatus.Name] | Should -Be $byStatus.Count -Because "$($group.Name) $($byStatus.Name)"
                }
            }
            foreach ($group in $results | Group-Object { "$($_.Severity)" }) {
                $page.bySeverity[$group.Name].Total | Should -Be $group.Count
            }
            $page.rows | Should -Be $results.Count
            $page.verdict | Should -BeExactly "$($count.Failed + $count.Error) of $($results.Count) results need attention (Failed: $($count.Failed), Error: $($count.Error), Warning: $($count.Warning))."
        }

        It 'filters and sorts when a person types and clicks' {
            $mentioning = @($results | Where-Object { ($_ | ConvertTo-Json -Depth 5) -like '*SK-MCP-010*' }).Count
            $page.filter.shown | Should -Be $mentioning
            $page.filter.visible | Should -Be $mentioning
            $page.filter.failedShown | Should -Be $count.Failed
            $page.sort.ariaSort | Should -BeExactly 'ascending'
            $page.sort.ascending | Should -Be @($results.CheckId | Sort-Object -CaseSensitive)
            $page.sort.descending | Should -Be @($results.CheckId | Sort-Object -CaseSensitive -Descending)
        }

        It 'prints every finding expanded, without the controls' {
            $page.print.collapsedOnScreen | Should -Be 0
            $page.print.printedDetails | Should -Be $results.Count
            $page.print.printedControls | Should -Be 0
        }

        It 'took the screenshots (PNG, 1280 pixels wide, the whole page)' {
            foreach ($png in $screenshot, $printed) {
                $bytes = [System.IO.File]::ReadAllBytes($png)
                $bytes[0..7] | Should -Be @(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
                # The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
                $width = ([int]$bytes[16] -shl 24) -bor ([int]$bytes[17] -shl 16) -bor ([int]$bytes[18] -shl 8) -bor $bytes[19]
                $height = ([int]$bytes[20] -shl 24) -bor ([int]$bytes[21] -shl 16) -bor ([int]$bytes[22] -shl 8) -bor $bytes[23]
                $width | Should -Be 1280
                $height | Should -BeGreaterThan 900
            }
        }

        It 'blocks a script that got past the encoding: the policy allows only its own script, by hash' {
            $tampered = Join-Path $TestDrive 'tampered.html'
            $text.Html.Replace('</body>', '<script>window.__xss = 3</script></body>') | Set-Content -LiteralPath $tampered -NoNewline
            $blocked = Invoke-Node 'render-html.mjs' @('--file', $tampered, '--screenshot', (Join-Path $TestDrive 't.png'), '--print-screenshot', (Join-Path $TestDrive 'tp.png'), '--chromium', $chromium)
            $blocked.scriptRan | Should -BeTrue
            $blocked.injected | Should -BeFalse
            $blocked.consoleErrors -join "`n" | Should -BeLike '*Content Security Policy*'
        }

        It 'is one self-contained file: inline style and script only, allowed by hash' {
            $text.Html | Should -Match '<meta http-equiv="Content-Security-Policy" content="default-src ''none''; style-src ''sha256-'
            $text.Html | Should -Not -Match '<(link|img|iframe|object|embed)\b'
            $text.Html | Should -Not -Match '<script[^>]*\ssrc='
        }
    }

    Context 'Markdown' {
        It 'opens with the verdict and the counts, and lists every failure' {
            $lines = $text.Markdown -split "`n"
            $lines[0] | Should -BeExactly '## Scalekit readiness: lab'
            $lines[2] | Should -BeExactly "**$($count.Failed + $count.Error) of $($results.Count) results need attention** (Failed: $($count.Failed), Error: $($count.Error), Warning: $($count.Warning))."
            $lines | Should -Contain "| Failed | $($count.Failed) |"
            $lines | Should -Contain "| **Total** | **$($results.Count)** |"
            $lines | Should -Contain "### Failures ($($count.Failed + $count.Error))"
            @($lines | Where-Object { $_ -match '^\| (Failed|Error) \| (Critical|High|Medium|Low|Info) \|' }).Count | Should -Be ($count.Failed + $count.Error)
        }
    }

    Context 'Csv' {
        It 'is flat and Excel-friendly: UTF-8 with BOM, one row per result, reasons joined, evidence as JSON' {
            [System.IO.File]::ReadAllBytes($written.Csv.FullName)[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
            $rows = @(Import-Csv -LiteralPath $written.Csv.FullName)
            $rows.Count | Should -Be $results.Count
            $prm = $rows | Where-Object CheckId -EQ 'SK-MCP-010'
            $prm.Status | Should -BeExactly 'Failed'
            $original = $results | Where-Object CheckId -EQ 'SK-MCP-010'
            $prm.Reasons | Should -BeExactly ($original.Reasons -join '; ')
            $evidence = $prm.Evidence | ConvertFrom-Json
            ($evidence | Where-Object Name -EQ 'resource').Value | Should -BeExactly $deployment.McpUrl
            $text.Csv | Should -Not -Match 'System\.(String\[\]|Collections)'
        }
    }

    Context 'never writes a secret, and encodes what servers say' {
        BeforeAll {
            # A token in the URL (redacted in the result) and markup in the reason (the server echoes the URL).
            $canary = 'sk-canary-' + [guid]::NewGuid().ToString('N')
            $hostile = Test-SkProtectedResourceMetadata -Uri "$($deployment.McpUrl)?access_token=$canary&q=<script>window.__xss=1</script>" -TrustedCaPath $deployment.CaCertificatePemPath
            $hostileFiles = foreach ($format in $files.Keys) {
                @($results) + $hostile | Export-SkReadinessReport -Format $format -Path (Join-Path $TestDrive "hostile-$($files[$format])") -PassThru
            }
        }

        It 'the hostile result really holds the markup' {
            $hostile.Reasons -join ' ' | Should -BeLike '*<script>window.__xss=1</script>*'
        }

        It 'no report holds the client secret, a token, or the canary' {
            foreach ($file in @($written.Values) + @($hostileFiles)) {
                $content = Get-Content -LiteralPath $file.FullName -Raw
                $content | Should -Not -BeLike "*$($deployment.ClientSecret)*" -Because $file.Name
                $content | Should -Not -BeLike "*$canary*" -Because $file.Name
                $content | Should -Not -Match 'eyJ[A-Za-z0-9_-]{8,}\.eyJ' -Because "$($file.Name) must hold no JWT"
            }
        }

        It 'Html and Markdown show the markup as text; the browser runs none of it' {
            $html = Get-Content -LiteralPath ($hostileFiles | Where-Object Name -EQ 'hostile-report.html').FullName -Raw
            $html | Should -Not -BeLike '*<script>window.__xss*'
            (Get-Content -LiteralPath ($hostileFiles | Where-Object Name -EQ 'hostile-report.md').FullName -Raw) | Should -Not -BeLike '*<script>*'
            $page = Invoke-Node 'render-html.mjs' @('--file', ($hostileFiles | Where-Object Name -EQ 'hostile-report.html').FullName, '--screenshot', (Join-Path $TestDrive 'hostile.png'), '--print-screenshot', (Join-Path $TestDrive 'hostile-print.png'), '--find', '<script>window.__xss=1</script>', '--chromium', $chromium)
            $page.injected | Should -BeFalse
            $page.injectedLater | Should -BeFalse
            $page.found | Should -BeTrue
            $page.consoleErrors | Should -BeNullOrEmpty
        }
    }

    Context 'files are written safely, with stable ErrorIds' {
        It 'ReportFileExists without -Force, and the file is left as it was' {
            $path = Join-Path $TestDrive 'existing.md'
            Set-Content -LiteralPath $path -Value 'keep me'
            $err = { $results | Export-SkReadinessReport -Format Markdown -Path $path } | Should -Throw -ErrorId (& $fqid 'ReportFileExists') -PassThru
            "$($err.CategoryInfo.Category)" | Should -BeExactly 'ResourceExists'
            Get-Content -LiteralPath $path -Raw | Should -BeExactly "keep me$([Environment]::NewLine)"
        }

        It '-Force replaces the file' {
            $path = Join-Path $TestDrive 'replaced.json'
            Set-Content -LiteralPath $path -Value 'old'
            $results | Export-SkReadinessReport -Format Json -Path $path -Force
            (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json).results.Count | Should -Be $results.Count
        }

        It 'ReportPathNotFound for a missing folder, and nothing is created' {
            $folder = Join-Path $TestDrive 'atomic'
            $null = New-Item -ItemType Directory -Path $folder
            $err = { $results | Export-SkReadinessReport -Format Html -Path (Join-Path $folder 'missing/report.html') } | Should -Throw -ErrorId (& $fqid 'ReportPathNotFound') -PassThru
            "$($err.CategoryInfo.Category)" | Should -BeExactly 'ObjectNotFound'
            Get-ChildItem -LiteralPath $folder -Force -Recurse | Should -BeNullOrEmpty
        }

        It 'ReportPathInvalid for a folder' {
            { $results | Export-SkReadinessReport -Format Csv -Path $TestDrive } | Should -Throw -ErrorId (& $fqid 'ReportPathInvalid')
        }

        It 'writes nothing with -WhatIf' {
            $path = Join-Path $TestDrive 'whatif.html'
            $results | Export-SkReadinessReport -Format Html -Path $path -WhatIf
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'resolves a relative path against the current location' {
            Push-Location $TestDrive
            try { $file = $results | Export-SkReadinessReport -Format Markdown -Path ./relative.md -PassThru }
            finally { Pop-Location }
            $file.FullName | Should -BeExactly (Join-Path $TestDrive 'relative.md')
        }
    }
}
