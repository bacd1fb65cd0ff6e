# The module as a whole: manifest, exports, and dependency isolation (the conflict test).
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $deployment = Start-TestDeployment
    $nuget = if ($env:SKR_NUGET_PACKAGES) { $env:SKR_NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $oldJwt = @(
        'microsoft.identitymodel.logging/6.10.0/lib/netstandard2.0/Microsoft.IdentityModel.Logging.dll'
        'microsoft.identitymodel.tokens/6.10.0/lib/netstandard2.0/Microsoft.IdentityModel.Tokens.dll'
        'microsoft.identitymodel.jsonwebtokens/6.10.0/lib/netstandard2.0/Microsoft.IdentityModel.JsonWebTokens.dll'
        'system.identitymodel.tokens.jwt/6.10.0/lib/netstandard2.0/System.IdentityModel.Tokens.Jwt.dll'
    ) | ForEach-Object { Join-Path $nuget $_ }
    $oldNewtonsoft = Join-Path $nuget 'newtonsoft.json/12.0.3/lib/netstandard2.0/Newtonsoft.Json.dll'
    $ourBin = Join-Path (Get-Module ScalekitReadiness).ModuleBase 'bin/net8.0'

    # Runs a script in a fresh pwsh (assemblies cannot be unloaded) and returns its JSON output as an object.
    function Invoke-FreshPwsh {
        param([string] $Script)
        $file = Join-Path $TestDrive "fresh-$([guid]::NewGuid()).ps1"
        Set-Content -LiteralPath $file -Value $Script
        $pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $arguments = if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { @('pwsh', '-NoProfile', '-NonInteractive', '-File', $file) } else { @('-NoProfile', '-NonInteractive', '-File', $file) }
        $output = & $pwsh @arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed ($LASTEXITCODE): $($output -join "`n")" }
        ($output | Select-Object -Last 1) | ConvertFrom-Json
    }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'The ScalekitReadiness module' {
    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path (Get-Module ScalekitReadiness).ModuleBase 'ScalekitReadiness.psd1')
        (Get-Command -Module ScalekitReadiness).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        (Get-Command -Module ScalekitReadiness).CommandType | Select-Object -Unique | Should -Be 'Cmdlet'
    }

    It 'takes its version from the one place it is written' {
        $module = Get-Module ScalekitReadiness
        $assembly = [ScalekitReadiness.CheckResult].Assembly.GetName()
        "$($assembly.Version.ToString(3))" | Should -BeExactly "$($module.Version)"
        Split-Path $module.ModuleBase -Leaf | Should -BeExactly "$($module.Version)"
    }

    It 'declares an output type on every cmdlet' {
        Get-Command -Module ScalekitReadiness | ForEach-Object { $_.OutputType | Should -Not -BeNullOrEmpty -Because $_.Name }
    }

    It 'loads its dependencies into its own load context, not the default one' {
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([ScalekitReadiness.CheckResult].Assembly)
        $context.Name | Should -BeExactly 'ScalekitReadiness'
        $context | Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }

    It 'works after Import-Module -Force (PowerShell issue 20710)' {
        $result = Invoke-FreshPwsh @"
Import-Module '$modulePath'
Import-Module '$modulePath' -Force
`$commands = (Get-Command -Module ScalekitReadiness).Name
`$check = Get-SkReadinessCheck -Id SK-MCP-010
@{ Commands = `$commands.Count; Check = `$check.Id } | ConvertTo-Json -Compress
"@
        $result.Commands | Should -Be (Get-Command -Module ScalekitReadiness).Count
        $result.Check | Should -BeExactly 'SK-MCP-010'
    }

    Context 'next to other modules with older dependencies (the conflict test)' {
        It 'the conflict is real: an older System.IdentityModel.Tokens.Jwt in the session blocks ours without isolation' {
            $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
'$($oldJwt -join "','")' | ForEach-Object { Add-Type -Path `$_ }
try { Add-Type -Path '$ourBin/System.IdentityModel.Tokens.Jwt.dll'; `$outcome = 'loaded' } catch { `$outcome = `$_.Exception.GetType().Name + ': ' + `$_.Exception.Message }
@{ Outcome = `$outcome } | ConvertTo-Json -Compress
"@
            $result.Outcome | Should -Not -BeExactly 'loaded'
            $result.Outcome | Should -BeLike '*already loaded*'
        }

        It 'our cmdlets still work when an older Newtonsoft.Json and Jwt were loaded first, and both versions live side by side' {
            $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
# Another module's dependencies: Jwt 6.10 into the default context, Newtonsoft.Json 12 the way many modules load a private copy.
'$($oldJwt -join "','")' | ForEach-Object { Add-Type -Path `$_ }
`$null = [System.Reflection.Assembly]::LoadFile('$oldNewtonsoft')
`$oldHandler = [System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler]::new()

Import-Module '$modulePath'
`$result = Test-SkProtectedResourceMetadata -Uri '$($deployment.McpUrl)' -TrustedCaPath '$($deployment.CaCertificatePemPath)'
`$csv = `$result | ConvertTo-Csv                     # Evidence serialises through our Newtonsoft.Json
`$ours = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([ScalekitReadiness.CheckResult].Assembly)
`$ourJwt = `$ours.LoadFromAssemblyName([System.Reflection.AssemblyName]'System.IdentityModel.Tokens.Jwt')
`$ourHandler = [Activator]::CreateInstance(`$ourJwt.GetType('System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler'))
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Newtonsoft.Json', 'System.IdentityModel.Tokens.Jwt' } |
    ForEach-Object { `$_.GetName().Name + ' ' + `$_.GetName().Version }
@{
    Status = "`$(`$result.Status)"
    CsvOk = [bool](`$csv -match 'SK-MCP-010')
    OldJwt = `$oldHandler.GetType().Assembly.GetName().Version.ToString()
    OurJwt = `$ourHandler.GetType().Assembly.GetName().Version.ToString()
    OurJwtWorks = `$ourHandler.CanReadToken('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')
    Loaded = @(`$loaded | Sort-Object -Unique)
} | ConvertTo-Json -Compress
"@
            $result.Status | Should -BeExactly 'Passed'
            $result.CsvOk | Should -BeTrue
            $result.OldJwt | Should -BeLike '6.10.*'
            $result.OurJwt | Should -BeLike '8.*'
            $result.OurJwtWorks | Should -BeTrue
            $result.Loaded | Should -Contain 'Newtonsoft.Json 12.0.0.0'
            $result.Loaded | Should -Contain 'Newtonsoft.Json 13.0.0.0'
            ($result.Loaded | Where-Object { $_ -like 'System.IdentityModel.Tokens.Jwt *' }).Count | Should -Be 2
        }

        It 'an older Jwt loaded after ours still works for its owner' {
            $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
`$first = Test-SkProtectedResourceMetadata -Uri '$($deployment.McpUrl)' -TrustedCaPath '$($deployment.CaCertificatePemPath)'
'$($oldJwt -join "','")' | ForEach-Object { Add-Type -Path `$_ }
`$old = [System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler]::new()
`$second = Test-SkProtectedResourceMetadata -Uri '$($deployment.McpUrl)' -TrustedCaPath '$($deployment.CaCertificatePemPath)'
@{ First = "`$(`$first.Status)"; Second = "`$(`$second.Status)"; Old = `$old.GetType().Assembly.GetName().Version.ToString() } | ConvertTo-Json -Compress
"@
            $result.First | Should -BeExactly 'Passed'
            $result.Second | Should -BeExactly 'Passed'
            $result.Old | Should -BeLike '6.10.*'
        }
    }
}
