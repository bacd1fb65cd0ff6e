BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $fqid = { param($id) "$id,ScalekitReadiness.Commands.NewSkReadinessConfigurationCommand" }
    $urls = @{ EnvironmentUrl = $deployment.EnvironmentUrl; McpServerUrl = $deployment.McpUrl; AppBaseUrl = 'https://app.example.test' }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'New-SkReadinessConfiguration' {
    Context 'a JSON starter file' {
        BeforeAll {
            $path = Join-Path $TestDrive 'prod.json'
            $file = New-SkReadinessConfiguration -Path $path @urls
            $text = Get-Content -LiteralPath $path -Raw
        }

        It 'returns the file it wrote' {
            $file | Should -BeOfType ([System.IO.FileInfo])
            $file.FullName | Should -BeExactly $path
        }

        It 'passes Test-SkReadinessConfiguration' {
            @(Test-SkReadinessConfiguration -Path $path).Count | Should -Be 0
            Test-SkReadinessConfiguration -Path $path -Quiet | Should -BeExactly $true
        }

        It 'points $schema at the schema file of the installed module' {
            $schema = ($text | ConvertFrom-Json).'$schema'
            $schema | Should -BeLike 'file:///*/ScalekitReadiness.schema.json'
            Test-Path -LiteralPath ([uri]$schema).LocalPath | Should -BeTrue
            (Split-Path ([uri]$schema).LocalPath) | Should -BeExactly (Get-Module ScalekitReadiness).ModuleBase
        }

        It 'points $schema relatively at a copy of the schema beside the file, which survives a clone or a module upgrade' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repo-config') -Force
            Copy-Item -LiteralPath (Join-Path (Get-Module ScalekitReadiness).ModuleBase 'ScalekitReadiness.schema.json') -Destination $folder
            $null = New-SkReadinessConfiguration -Path (Join-Path $folder 'prod.json') @urls
            $null = New-SkReadinessConfiguration -Path (Join-Path $folder 'prod.psd1') @urls
            (Get-Content -LiteralPath (Join-Path $folder 'prod.json') -Raw | ConvertFrom-Json).'$schema' | Should -BeExactly './ScalekitReadiness.schema.json'
            Get-Content -LiteralPath (Join-Path $folder 'prod.psd1') -Raw | Should -Match '(?m)^\s*# Schema: \./ScalekitReadiness\.schema\.json\r?$'
            # Resolved against the file, the reference is the schema itself.
            $resolved = [uri]::new([uri]::new((Join-Path $folder 'prod.json')), './ScalekitReadiness.schema.json').LocalPath
            Get-FileHash -LiteralPath $resolved | Select-Object -ExpandProperty Hash |
                Should -BeExactly (Get-FileHash -LiteralPath (Join-Path (Get-Module ScalekitReadiness).ModuleBase 'ScalekitReadiness.schema.json')).Hash
        }

        It 'sets the URLs given, names secrets only by variable, and does not allow state changes' {
            $data = $text | ConvertFrom-Json
            $data.Name | Should -BeExactly 'prod'
            $data.Environment.Url | Should -BeExactly $deployment.EnvironmentUrl
            $data.Environment.ClientSecretEnv | Should -BeExactly 'SCALEKIT_CLIENT_SECRET'
            $data.Mcp.ServerUrl | Should -BeExactly $deployment.McpUrl
            $data.App.BaseUrl | Should -BeExactly 'https://app.example.test'
            $data.App.AllowedOrigins | Should -Be @('https://app.example.test')
            $data.Safety.AllowStateChange | Should -BeExactly $false
            $text | Should -Not -Match '"ClientSecret"\s*:'
        }

        It 'explains the keys in comments and shows the others commented out' {
            $text | Should -Match '(?m)^\s*// The public URL of the MCP server exactly as MCP clients are configured with it'
            $text | Should -Match '(?m)^\s*// "LoginUrl": "https://app.example.test/login",'
        }

        It 'is runnable by Invoke-SkReadinessAudit as written' {
            $result = Invoke-SkReadinessAudit -ConfigurationPath $path -CheckId SK-MCP-010 -TrustedCaPath $deployment.CaCertificatePemPath
            "$($result.Status)" | Should -BeExactly 'Passed'
            $result.Deployment | Should -BeExactly 'prod'
        }
    }

    Context 'a .psd1 starter file' {
        It 'writes PowerShell data that passes Test-SkReadinessConfiguration and runs' {
            $path = Join-Path $TestDrive 'staging.psd1'
            $null = New-SkReadinessConfiguration -Path $path @urls -ClientId 'skc_123' -ClientSecretEnv 'STAGING_SK_SECRET'
            $data = Import-PowerShellDataFile -LiteralPath $path
            $data.Environment.ClientId | Should -BeExactly 'skc_123'
            $data.Environment.ClientSecretEnv | Should -BeExactly 'STAGING_SK_SECRET'
            $data.Safety.AllowStateChange | Should -BeExactly $false
            Get-Content -LiteralPath $path -Raw | Should -Match '(?m)^\s*# Schema: file:///.*/ScalekitReadiness\.schema\.json'
            Test-SkReadinessConfiguration -Path $path -Quiet | Should -BeExactly $true
            "$((Invoke-SkReadinessAudit -ConfigurationPath $path -CheckId SK-MCP-010 -TrustedCaPath $deployment.CaCertificatePemPath).Status)" | Should -BeExactly 'Passed'
        }

        It 'adds the extension of -Format to a path without one' {
            $file = New-SkReadinessConfiguration -Path (Join-Path $TestDrive 'noext') -Format Psd1
            $file.Name | Should -BeExactly 'noext.psd1'
            Test-SkReadinessConfiguration -Path $file.FullName -Quiet | Should -BeExactly $true
        }
    }

    Context 'refusals' {
        It 'refuses to replace an existing file with ConfigurationFileExists, and -Force replaces it' {
            $path = Join-Path $TestDrive 'exists.json'
            Set-Content -LiteralPath $path -Value 'keep me'
            { New-SkReadinessConfiguration -Path $path } | Should -Throw -ErrorId (& $fqid 'ConfigurationFileExists')
            Get-Content -LiteralPath $path -Raw | Should -BeLike 'keep me*'
            $null = New-SkReadinessConfiguration -Path $path -Force
            Test-SkReadinessConfiguration -Path $path -Quiet | Should -BeExactly $true
        }

        It 'writes nothing with -WhatIf' {
            $path = Join-Path $TestDrive 'whatif.json'
            New-SkReadinessConfiguration -Path $path -WhatIf
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'refuses a URL that is not http(s) with InvalidUri, naming the parameter' {
            $err = { New-SkReadinessConfiguration -Path (Join-Path $TestDrive 'bad.json') -McpServerUrl 'mcp.example.test' } |
                Should -Throw -ErrorId (& $fqid 'InvalidUri') -PassThru
            $err.Exception.Message | Should -BeLike "-McpServerUrl: 'mcp.example.test' is not an absolute http(s) URL*"
            Test-Path -LiteralPath (Join-Path $TestDrive 'bad.json') | Should -BeFalse
        }

        It 'refuses a secret given where a variable name belongs, without repeating it' {
            $secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' # skreadiness:ignore (made-up test value)
            $err = { New-SkReadinessConfiguration -Path (Join-Path $TestDrive 'secret.json') -ClientSecretEnv $secret } |
                Should -Throw -ErrorId (& $fqid 'ConfigurationInvalid') -PassThru
            $err.Exception.Message | Should -BeLike '-ClientSecretEnv:*'
            $err.Exception.Message | Should -Not -BeLike "*$secret*"
        }

        It 'refuses an extension other than .json and .psd1, or one that contradicts -Format' {
            { New-SkReadinessConfiguration -Path (Join-Path $TestDrive 'c.yaml') } | Should -Throw -ErrorId (& $fqid 'ConfigurationFormatUnsupported')
            { New-SkReadinessConfiguration -Path (Join-Path $TestDrive 'c.json') -Format Psd1 } | Should -Throw -ErrorId (& $fqid 'ConfigurationFormatUnsupported')
        }

        It 'reports a folder that does not exist as ConfigurationWriteFailed' {
            { New-SkReadinessConfiguration -Path (Join-Path $TestDrive 'no/such/folder/c.json') } | Should -Throw -ErrorId (& $fqid 'ConfigurationWriteFailed')
        }
    }
}
