BeforeDiscovery {
    # Each row: a malformed configuration, the JSON path of its one problem and the problem's stable ErrorId.
    $jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJza2NfMTIzIiwiaXNzIjoiaHR0cHM6Ly9hdXRoLmV4YW1wbGUudGVzdCJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1oZXJl' # skreadiness:ignore (made-up test value)
    $cases = @(
        @{ Name = 'an unknown key'; Json = '{ "Mcp": { "ServerUrll": "https://mcp.example.test/mcp" } }'; Path = '$.Mcp.ServerUrll'; ErrorId = 'UnknownKey' }
        @{ Name = 'a wrong type'; Json = '{ "Network": { "TimeoutSeconds": "ten" } }'; Path = '$.Network.TimeoutSeconds'; ErrorId = 'WrongType' }
        @{ Name = 'a bad URL'; Json = '{ "Environment": { "Url": "auth.example.test" } }'; Path = '$.Environment.Url'; ErrorId = 'InvalidUrl' }
        @{ Name = 'a literal client secret'; Json = '{ "Environment": { "ClientSecret": "s3cr3t-literal-value" } }'; Path = '$.Environment.ClientSecret'; ErrorId = 'LiteralSecret' } # skreadiness:ignore (made-up test value)
        @{ Name = 'a webhook secret where its variable name belongs'; Json = '{ "Monitoring": { "WebhookSecretEnv": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" } }'; Path = '$.Monitoring.WebhookSecretEnv'; ErrorId = 'LiteralSecret' } # skreadiness:ignore (made-up test value)
        @{ Name = 'a token in a value'; Json = "{ ""Name"": ""$jwt"" }"; Path = '$.Name'; ErrorId = 'LiteralSecret' }
        @{ Name = 'an attestation without Evidence'; Json = '{ "Attestations": [ { "CheckId": "SK-MON-030", "By": "ops@example.test", "On": "2026-10-01" } ] }'; Path = '$.Attestations[0].Evidence'; ErrorId = 'AttestationIncomplete' }
        @{ Name = 'an attestation without By'; Json = '{ "Attestations": [ { "CheckId": "SK-MON-030", "On": "2026-10-01", "Evidence": "x" } ] }'; Path = '$.Attestations[0].By'; ErrorId = 'AttestationIncomplete' }
        @{ Name = 'an exception without expiry'; Json = '{ "Exceptions": [ { "CheckId": "SK-QC-020", "Reason": "partner", "Owner": "sec@example.test" } ] }'; Path = '$.Exceptions[0].Expires'; ErrorId = 'ExceptionWithoutExpiry' }
        @{ Name = 'an unknown check id in SeverityOverrides'; Json = '{ "Policy": { "SeverityOverrides": { "SK-QC-999": "Low" } } }'; Path = '$.Policy.SeverityOverrides.SK-QC-999'; ErrorId = 'InvalidCheckId' }
        @{ Name = 'a malformed check id in an exception'; Json = '{ "Exceptions": [ { "CheckId": "QC-20", "Reason": "r", "Owner": "o", "Expires": "2027-01-01" } ] }'; Path = '$.Exceptions[0].CheckId'; ErrorId = 'InvalidCheckId' }
        @{ Name = 'a date in another format'; Json = '{ "Attestations": [ { "CheckId": "SK-MON-030", "By": "o", "On": "1 Oct 2026", "Evidence": "x" } ] }'; Path = '$.Attestations[0].On'; ErrorId = 'InvalidDate' }
        @{ Name = 'a severity that does not exist'; Json = '{ "Policy": { "SeverityOverrides": { "SK-QC-020": "Huge" } } }'; Path = '$.Policy.SeverityOverrides.SK-QC-020'; ErrorId = 'InvalidValue' }
        @{ Name = 'text that is not JSON'; Json = 'Mcp: { ServerUrl: x'; Path = '$'; ErrorId = 'NotJson' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.TestSkReadinessConfigurationCommand" }
    $valid = Join-Path $TestDrive 'valid.json'
    Set-Content -LiteralPath $valid -Value @'
{
  // comments are allowed
  "Environment": { "Url": "https://auth.example.test", "ClientSecretEnv": "SCALEKIT_CLIENT_SECRET" },
  "Mcp": { "ServerUrl": "https://mcp.example.test/mcp" },
  "Exceptions": [ { "CheckId": "SK-QC-020", "Reason": "partner", "Owner": "sec@example.test", "Expires": "2027-01-01" } ]
}
'@
}

Describe 'Test-SkReadinessConfiguration' {
    It 'reports <Name> at <Path> with the ErrorId <ErrorId>, as an object and as an error' -ForEach $cases {
        $file = Join-Path $TestDrive "case-$([guid]::NewGuid()).json"
        Set-Content -LiteralPath $file -Value $Json
        $problems = Test-SkReadinessConfiguration -Path $file -ErrorVariable errors -ErrorAction SilentlyContinue

        @($problems).Count | Should -Be 1
        $problems | Should -BeOfType 'ScalekitReadiness.ConfigurationProblem'
        $problems.Path | Should -BeExactly $Path
        $problems.ErrorId | Should -BeExactly $ErrorId
        $problems.Source | Should -BeExactly (Split-Path $file -Leaf)
        $problems.Line | Should -Be 1
        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeExactly (& $fqid $ErrorId)
        "$($errors[0].CategoryInfo.Category)" | Should -BeExactly 'InvalidData'
        $errors[0].TargetObject.Path | Should -BeExactly $Path
        $errors[0].Exception.Message.Contains("${Path}: ") | Should -BeTrue -Because $errors[0].Exception.Message
    }

    It 'says nothing about a valid file, and -Quiet returns $true' {
        @(Test-SkReadinessConfiguration -Path $valid -ErrorVariable errors).Count | Should -Be 0
        @($errors).Count | Should -Be 0
        Test-SkReadinessConfiguration -Path $valid -Quiet | Should -BeExactly $true
    }

    It 'returns $false with -Quiet for an invalid file, without writing errors' {
        $bad = Join-Path $TestDrive 'quiet.json'
        Set-Content -LiteralPath $bad -Value '{ "Mcpp": {} }'
        Test-SkReadinessConfiguration -Path $bad -Quiet -ErrorVariable errors | Should -BeExactly $false
        @($errors).Count | Should -Be 0
    }

    It 'reports every problem of a file, in file order, with line numbers' {
        $bad = Join-Path $TestDrive 'many.json'
        Set-Content -LiteralPath $bad -Value @'
{
  "Mcp": { "ServerUrl": "nope" },
  "Exceptions": [ { "CheckId": "SK-QC-020", "Reason": "r", "Owner": "o" } ],
  "Colour": "blue"
}
'@
        $problems = Test-SkReadinessConfiguration -Path $bad -ErrorAction SilentlyContinue
        ($problems | ForEach-Object { "$($_.Line) $($_.ErrorId) $($_.Path)" }) |
            Should -Be @('2 InvalidUrl $.Mcp.ServerUrl', '3 ExceptionWithoutExpiry $.Exceptions[0].Expires', '4 UnknownKey $.Colour')

        # The table view: grouped by file, one row per problem with Line, Path, ErrorId and Message.
        $lines = ($problems | Out-String -Width 200) -split "`n" | ForEach-Object TrimEnd | Where-Object { $_ }
        $lines[0] | Should -BeExactly '   Configuration: many.json'
        $lines[1] | Should -Match '^\s*Line Path\s+ErrorId\s+Message$'
        # Long messages wrap onto lines of their own; the rows start with the line number.
        $rows = @($lines | Where-Object { $_ -match '^\s+\d+ \$' })
        $rows | Should -HaveCount 3
        $rows[0] | Should -Match '^\s+2 \$\.Mcp\.ServerUrl\s+InvalidUrl\s+''nope'' is not an absolute http\(s\) URL'
        $rows[2] | Should -Match '^\s+4 \$\.Colour\s+UnknownKey\s+\S'
    }

    It 'accepts the configuration example of ARCHITECTURE.md' {
        $example = Join-Path $TestDrive 'architecture.json'
        Set-Content -LiteralPath $example -Value @'
{
  "Environment": { "Url": "https://auth.acme.com", "ClientId": "skc_58327482062864390", "ClientSecretEnv": "SCALEKIT_CLIENT_SECRET" },
  "App": {
    "BaseUrl": "https://app.acme.com", "LoginUrl": "https://app.acme.com/login", "CallbackUrl": "https://app.acme.com/auth/callback",
    "LogoutUrl": "https://app.acme.com/logout", "ProtectedApiUrl": "https://app.acme.com/api/me",
    "RedirectUris": ["https://app.acme.com/auth/callback"], "AllowedOrigins": ["https://app.acme.com"]
  },
  "Dashboard": { "AllowedCallbackUrls": ["https://app.acme.com/auth/callback"], "PostLogoutUrls": ["https://app.acme.com/"] },
  "Mcp": {
    "ServerUrl": "https://mcp.acme.com/mcp", "ResourceId": "res_84729301",
    "ClientId": "m2m_1", "ClientSecretEnv": "SK_MCP_CLIENT_SECRET",
    "LimitedClient": { "ClientId": "m2m_2", "ClientSecretEnv": "SK_MCP_LIMITED_SECRET" },
    "ToolScopes": { "list_todos": ["todo:read"], "create_todo": ["todo:write"] },
    "SafeToInvoke": { "list_todos": {} },
    "CustomLoginUrl": null
  },
  "Source": { "Path": "." },
  "Monitoring": { "RunbookPath": "docs/runbook.md", "WebhookUrl": "https://app.acme.com/webhooks", "WebhookSecretEnv": "SCALEKIT_WEBHOOK_SECRET" },
  "Policy": { "MaxAccessTokenLifetimeSeconds": 3600, "MinHstsMaxAgeSeconds": 15552000, "CertificateExpiryWarningDays": 30,
              "AttestationMaxAgeDays": 180, "MinLogRetentionDays": 90, "SeverityOverrides": { "SK-QC-020": "Medium" } },
  "Safety": { "AllowStateChange": false, "MaxRequestsPerSecond": 5 },
  "Network": { "TimeoutSeconds": 10, "Proxy": null, "TrustedCaPath": null },
  "Attestations": [ { "CheckId": "SK-MON-030", "By": "ops@acme.com", "On": "2026-10-01", "Evidence": "screenshot", "RetentionDays": 365 } ],
  "Exceptions":   [ { "CheckId": "SK-QC-020", "Target": "https://app.acme.com/*", "Reason": "partner", "Owner": "sec@acme.com", "Expires": "2027-01-01" } ]
}
'@
        Test-SkReadinessConfiguration -Path $example -Quiet | Should -BeExactly $true
    }

    It 'validates a .psd1 file by the same rules' {
        $psd1 = Join-Path $TestDrive 'prod.psd1'
        Set-Content -LiteralPath $psd1 -Value "@{ Mcp = @{ ServerUrl = 'https://mcp.example.test/mcp' }; Exceptions = @( @{ CheckId = 'SK-MCP-010'; Reason = 'r'; Owner = 'o' } ) }"
        $problem = Test-SkReadinessConfiguration -Path $psd1 -ErrorAction SilentlyContinue
        $problem.Path | Should -BeExactly '$.Exceptions[0].Expires'
        $problem.ErrorId | Should -BeExactly 'ExceptionWithoutExpiry'
        $problem.Line | Should -BeNullOrEmpty
    }

    It 'reports a .psd1 file that is not data as NotPowerShellData' {
        $psd1 = Join-Path $TestDrive 'code.psd1'
        Set-Content -LiteralPath $psd1 -Value '@{ Mcp = @{ ServerUrl = (Get-Date) } }'
        $null = Test-SkReadinessConfiguration -Path $psd1 -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeExactly (& $fqid 'NotPowerShellData')
    }

    It 'validates a -Configuration hashtable, whatever the key case' {
        $problem = Test-SkReadinessConfiguration -Configuration @{ mcp = @{ serverurl = 'https://mcp.example.test/mcp'; Resource = 'res_1' } } -ErrorAction SilentlyContinue
        $problem.Path | Should -BeExactly '$.mcp.Resource'
        $problem.Message | Should -BeLike "*Did you mean 'ResourceId'?*"
        Test-SkReadinessConfiguration -Configuration @{ Mcp = @{ ServerUrl = [uri]'https://mcp.example.test/mcp' } } -Quiet | Should -BeExactly $true
    }

    It 'takes files from the pipeline, and a missing one is a ConfigurationFileNotFound error that does not stop the others' {
        $bad = Join-Path $TestDrive 'piped.json'
        Set-Content -LiteralPath $bad -Value '{ "Colour": "blue" }'
        $problems = $valid, (Join-Path $TestDrive 'missing.json'), $bad | Test-SkReadinessConfiguration -ErrorVariable errors -ErrorAction SilentlyContinue
        $problems.Source | Should -BeExactly 'piped.json'
        $errors.FullyQualifiedErrorId | Should -Be @((& $fqid 'ConfigurationFileNotFound'), (& $fqid 'UnknownKey'))
        @(Get-Item $valid, $bad | Test-SkReadinessConfiguration -Quiet) | Should -Be @($true, $false)
    }

    It 'refuses another extension with ConfigurationFormatUnsupported' {
        $yaml = Join-Path $TestDrive 'config.yaml'
        Set-Content -LiteralPath $yaml -Value 'Mcp: {}'
        $null = Test-SkReadinessConfiguration -Path $yaml -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeExactly (& $fqid 'ConfigurationFormatUnsupported')
    }

    It 'never repeats a literal secret in any stream' {
        $secret = 'whsec_Canary9r8GKYqrTwjUPD8ILPZIo2LaLaSw' # skreadiness:ignore (made-up test value)
        $file = Join-Path $TestDrive 'canary.json'
        Set-Content -LiteralPath $file -Value "{ ""Environment"": { ""ClientSecret"": ""$secret"" }, ""Monitoring"": { ""WebhookSecretEnv"": ""$secret"" }, ""Mcp"": { ""ServerUrl"": ""$secret"" } }"
        $everything = Test-SkReadinessConfiguration -Path $file -Verbose -Debug -ErrorAction Continue *>&1 | Out-String -Width 500
        $everything | Should -BeLike '*LiteralSecret*'
        $everything | Should -Not -BeLike "*$secret*"
    }
}

Describe 'Exceptions of a configuration, applied by Invoke-SkReadinessAudit' {
    BeforeAll {
        $faulty = Start-TestDeployment -Fault 'prm-resource-trailing-slash'
        $clean = Start-TestDeployment
        function New-Configuration([object] $Deployment, [string] $Expires) {
            $file = Join-Path $TestDrive "exception-$([guid]::NewGuid()).json"
            @{
                Mcp        = @{ ServerUrl = $Deployment.McpUrl }
                Network    = @{ TrustedCaPath = $Deployment.CaCertificatePemPath }
                Exceptions = @(@{ CheckId = 'SK-MCP-010'; Target = ($Deployment.McpUrl -replace '/mcp$', '/*'); Reason = 'SDK upgrade scheduled'; Owner = 'platform@example.test'; Expires = $Expires })
            } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $file
            $file
        }
        $future = (Get-Date).ToUniversalTime().AddDays(30).ToString('yyyy-MM-dd')
        $past = (Get-Date).ToUniversalTime().AddDays(-1).ToString('yyyy-MM-dd')
    }

    AfterAll {
        Stop-TestServer $faulty
        Stop-TestServer $clean
    }

    It 'turns the failure it covers into Excepted, naming owner, reason and expiry' {
        $result = Invoke-SkReadinessAudit -ConfigurationPath (New-Configuration $faulty $future) -CheckId SK-MCP-010
        "$($result.Status)" | Should -BeExactly 'Excepted'
        "$($result.Severity)" | Should -BeExactly 'Critical'
        $result.Reasons[0] | Should -BeExactly "Excepted until $future by platform@example.test: SDK upgrade scheduled."
        ($result.Reasons -join "`n") | Should -BeLike '*differ only by a trailing slash*' 
    }

    It 'stops applying once expired, and says so' {
        $result = Invoke-SkReadinessAudit -ConfigurationPath (New-Configuration $faulty $past) -CheckId SK-MCP-010
        "$($result.Status)" | Should -BeExactly 'Failed'
        $result.Reasons[-1] | Should -BeExactly "The exception for this finding (platform@example.test: SDK upgrade scheduled) expired on $past, so the finding counts again: fix it, or renew the exception with a later Expires date."
    }

    It 'is reported as stale when the check passes' {
        $result = Invoke-SkReadinessAudit -ConfigurationPath (New-Configuration $clean $future) -CheckId SK-MCP-010
        "$($result.Status)" | Should -BeExactly 'Passed'
        $result.Reasons | Should -Contain "The exception for SK-MCP-010 (platform@example.test: SDK upgrade scheduled; until $future) is stale: the check passes now. Remove it from Exceptions."
    }

    It 'refuses an unknown key in the audit''s configuration with ConfigurationInvalid naming the path' {
        $file = Join-Path $TestDrive 'typo.json'
        Set-Content -LiteralPath $file -Value '{ "Mcp": { "ServerUrll": "https://mcp.example.test/mcp" } }'
        $err = { Invoke-SkReadinessAudit -ConfigurationPath $file } | Should -Throw -ErrorId 'ConfigurationInvalid,ScalekitReadiness.Commands.InvokeSkReadinessAuditCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*`$.Mcp.ServerUrll: 'ServerUrll' is not a key of Mcp*Did you mean 'ServerUrl'?*"
    }
}
