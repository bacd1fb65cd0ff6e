BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $chromium = if ($env:CHROMIUM_PATH) { $env:CHROMIUM_PATH } else { '/usr/bin/chromium' }
    if (-not (Test-Path -LiteralPath $chromium)) {
        throw "The HAR of a real login is recorded in headless Chromium, which is missing at $chromium. Debian: apt-get install chromium (or set CHROMIUM_PATH)."
    }
    $recorder = Join-Path $PSScriptRoot '../browser/record-login-har.mjs'

    function Get-BrowserHar {
        <# Signs in to a deployment in headless Chromium (Playwright recordHar) and returns the HAR path and what the browser saw. #>
        param($Deployment, [string] $Path)
        $output = & node $recorder --peers $peersPath --chromium $chromium --login "$($Deployment.AppBaseUrl)/login" --then "$($Deployment.AppBaseUrl)/api/me" --har $Path 2>&1
        $json = $output | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1
        if (-not $json) { throw "record-login-har.mjs printed no result (exit $LASTEXITCODE): $($output -join "`n")" }
        $json | ConvertFrom-Json
    }

    function Get-HarCookieValue {
        <# Every cookie value the HAR's responses set (to prove none of them reaches any output). #>
        param([string] $Path)
        $har = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
        foreach ($entry in $har.log.entries) {
            foreach ($header in @($entry.response.headers | Where-Object name -eq 'set-cookie')) {
                foreach ($line in $header.value -split "`n") {
                    $value = ($line -split ';')[0] -replace '^[^=]*=', ''
                    if ($value.Length -ge 6) { $value }
                }
            }
        }
    }

    $deployment = Start-TestDeployment
    $common = @{ TrustedCaPath = $deployment.CaCertificatePemPath }
}

AfterAll {
    Stop-TestServer $deployment
}

Describe 'Test-SkSessionCookie' {
    Context 'with a HAR recorded by headless Chromium signing in to the clean deployment' {
        BeforeAll {
            $harPath = Join-Path $TestDrive 'chromium-login.har'
            $browser = Get-BrowserHar -Deployment $deployment -Path $harPath
            $secrets = @(Get-HarCookieValue -Path $harPath)
            $output = Test-SkSessionCookie -HarPath $harPath -Verbose -Debug 4>&1 5>&1 3>&1 6>&1
            $result = $output | Where-Object { $_ -is [ScalekitReadiness.CheckResult] }
        }

        It 'recorded a real login: Chromium was signed in and reached the protected API' {
            $browser.browser.name | Should -BeExactly 'chromium'
            $browser.cookieNames | Should -Contain 'sk_session'
            $browser.pages[-1].status | Should -Be 200
            $secrets.Count | Should -BeGreaterOrEqual 2
        }

        It 'returns one Passed SK-AUTH-040 result that names every session cookie it judged' {
            @($result).Count | Should -Be 1
            $result.CheckId | Should -BeExactly 'SK-AUTH-040'
            "$($result.Status)" | Should -BeExactly 'Passed'
            $result.Target | Should -BeExactly $harPath
            ($result.Evidence | Where-Object Name -eq 'Session cookies judged').Value | Should -BeExactly 'sk_login, sk_session'
            ($result.Evidence | Where-Object Name -like 'Cookie sk_session (GET *auth/callback → 302)').Value |
                Should -BeLike 'HttpOnly; Secure; SameSite=Lax; Path=/; value: * chars, opaque (not shown)'
        }

        It 'shows no cookie value on any stream, in JSON, CSV or the evidence' {
            $text = Join-CommandOutput $output
            foreach ($secret in $secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
        }
    }

    Context 'with a HAR recorded by headless Chromium against a deployment whose session cookie lacks HttpOnly' {
        It 'reports Failed with that reason' {
            $faulty = Start-TestDeployment -Fault 'cookie-no-httponly'
            try {
                $harPath = Join-Path $TestDrive 'chromium-no-httponly.har'
                $null = Get-BrowserHar -Deployment $faulty -Path $harPath
                $result = Test-SkSessionCookie -HarPath $harPath
                "$($result.Status)" | Should -BeExactly 'Failed'
                @($result.Reasons).Count | Should -Be 1
                $result.Reasons[0] | Should -BeLike "The cookie 'sk_session' (set by GET *auth/callback → 302) is not HttpOnly*"
                $text = Join-CommandOutput $result
                foreach ($secret in Get-HarCookieValue -Path $harPath) { $text | Should -Not -Match ([regex]::Escape($secret)) }
            }
            finally { Stop-TestServer $faulty }
        }
    }

    Context 'live, walking the login flow' {
        It 'passes on the clean deployment' {
            $result = Test-SkSessionCookie -Uri "$($deployment.AppBaseUrl)/login" -ProtectedApiUrl "$($deployment.AppBaseUrl)/api/me" @common
            "$($result.Status)" | Should -BeExactly 'Passed'
            $result.Target | Should -BeExactly "$($deployment.AppBaseUrl)/login"
        }

        It 'reports a JWT in a script-readable cookie as Failed and Critical' {
            $faulty = Start-TestDeployment -Fault 'cookie-jwt-script-readable'
            try {
                $result = Test-SkSessionCookie -Uri "$($faulty.AppBaseUrl)/login" -TrustedCaPath $faulty.CaCertificatePemPath
                "$($result.Status)" | Should -BeExactly 'Failed'
                "$($result.Severity)" | Should -BeExactly 'Critical'
                $result.Reasons[0] | Should -BeLike "The cookie 'sk_id_token'*holds a JWT and is not HttpOnly*"
                Join-CommandOutput $result | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
            }
            finally { Stop-TestServer $faulty }
        }
    }

    Context 'invalid input' {
        It 'stops with HarFileNotFound for a missing HAR' {
            { Test-SkSessionCookie -HarPath (Join-Path $TestDrive 'missing.har') } |
                Should -Throw -ErrorId 'HarFileNotFound,ScalekitReadiness.Commands.TestSkSessionCookieCommand'
        }

        It 'makes an unparsable HAR an Error result that says how to export one' {
            $bad = Join-Path $TestDrive 'bad.har'
            Set-Content -LiteralPath $bad -Value '{"log":{}}'
            $result = Test-SkSessionCookie -HarPath $bad
            "$($result.Status)" | Should -BeExactly 'Error'
            $result.Message | Should -BeLike "*is JSON but not a HAR*Export HAR*"
        }
    }
}
