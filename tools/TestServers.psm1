# Starts the servers the tests and the demo audit, on loopback, each tied to the caller's lifetime
# (--parent-pid): the test deployment (tests/TestDeployment) and the third-party peers (tests/peers).

function Start-ServerProcess {
    param([string] $FilePath, [string[]] $ArgumentList, [string] $WorkingDirectory)
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $WorkingDirectory
    $info.UseShellExecute = $false
    # Only stdout is read (one JSON line); stderr goes where ours goes, so a chatty server never blocks on a full pipe.
    $info.RedirectStandardOutput = $true
    [System.Diagnostics.Process]::Start($info)
}

function Start-PeerServer {
    <# Starts a peer that prints one JSON line when ready (--parent-pid, --ignore-stdin and --log added); returns that line
       as an object with Process, LogPath and PeersPath. #>
    param([string] $FilePath, [string[]] $ArgumentList, [string] $PeersPath, [string] $Name)
    # --ignore-stdin: CI runs with no standard input, which the script would otherwise take as "stop".
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "skr-$Name-$PID-$([guid]::NewGuid().ToString('N').Substring(0, 8)).log"
    $arguments = @($ArgumentList) + @('--parent-pid', "$PID", '--ignore-stdin', '--log', $log)
    $process = Start-ServerProcess -FilePath $FilePath -ArgumentList $arguments -WorkingDirectory $PeersPath
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds(60)) -or -not $line.Result) {
        if (-not $process.HasExited) { $process.Kill($true) }
        $detail = if (Test-Path -LiteralPath $log) { Get-Content -LiteralPath $log -Raw } else { '' }
        throw "$Name did not start: $detail"
    }
    $line.Result | ConvertFrom-Json |
        Add-Member -NotePropertyName Process -NotePropertyValue $process -PassThru |
        Add-Member -NotePropertyName LogPath -NotePropertyValue $log -PassThru |
        Add-Member -NotePropertyName PeersPath -NotePropertyValue $PeersPath -PassThru
}

function Start-TestDeployment {
    <# Starts the built test deployment with the given fault switches; returns its URLs and the process. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string[]] $Fault = @(),
        [int] $TokenLatencyMs = 0
    )
    $ready = Join-Path ([System.IO.Path]::GetTempPath()) "skr-deployment-$([guid]::NewGuid()).json"
    $arguments = @($Path, '--ready-file', $ready, '--parent-pid', "$PID")
    foreach ($name in $Fault) { $arguments += '--fault', $name }
    if ($TokenLatencyMs -gt 0) { $arguments += '--token-latency-ms', "$TokenLatencyMs" }
    $process = Start-ServerProcess -FilePath 'dotnet' -ArgumentList $arguments -WorkingDirectory (Split-Path $Path)
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path -LiteralPath $ready)) {
        if ($process.HasExited) {
            throw "The test deployment exited with code $($process.ExitCode) (its messages are above)."
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            $process.Kill($true)
            throw 'The test deployment did not become ready within 60 s.'
        }
        Start-Sleep -Milliseconds 50
    }
    Get-Content -LiteralPath $ready -Raw | ConvertFrom-Json |
        Add-Member -NotePropertyName Process -NotePropertyValue $process -PassThru
}

function Start-SdkExample {
    <# Starts the official MCP TypeScript SDK OAuth example server (tests/peers) on loopback: McpUrl, AuthorizationServerUrl,
       Pid, Process, LogPath. -Strict adds --oauth-strict (tokens must be minted for this resource). #>
    param(
        [Parameter(Mandatory)] [string] $PeersPath,
        [switch] $Strict
    )
    $arguments = @()
    if ($Strict) { $arguments += '--strict' }
    Start-PeerServer -FilePath 'node' -ArgumentList (@((Join-Path $PeersPath 'start-sdk-example.mjs')) + $arguments) -PeersPath $PeersPath -Name 'sdk-example'
}

function Get-SdkExampleToken {
    <# Gets a token non-interactively from the SDK example's own authorization server (tests/peers/sdk-example-token.mjs):
       dynamic registration, /authorize with PKCE, /token. -Server is what Start-SdkExample returned. -Resource defaults to
       its McpUrl (-NoResource sends none: --oauth-strict then refuses with 500). Returns clientId, tokenStatus,
       tokenResponse and AccessToken (null when the token endpoint refused). #>
    param(
        [Parameter(Mandatory)] $Server,
        [string] $Resource,
        [switch] $NoResource,
        [string] $Scope = 'mcp:tools',
        [string] $PeersPath
    )
    if (-not $PeersPath) { $PeersPath = $Server.PeersPath }
    if (-not $Resource) { $Resource = $Server.McpUrl }
    $arguments = @((Join-Path $PeersPath 'sdk-example-token.mjs'), '--auth-server', $Server.AuthorizationServerUrl, '--scope', $Scope)
    if (-not $NoResource) { $arguments += '--resource', $Resource }
    $output = & node @arguments
    if ($LASTEXITCODE -ne 0) { throw "sdk-example-token failed with exit code $LASTEXITCODE (its message is above)." }
    $token = $output | ConvertFrom-Json
    $token | Add-Member -NotePropertyName AccessToken -NotePropertyValue $token.tokenResponse.access_token -PassThru
}

function Get-PeerTlsFiles {
    <# A test CA and a server certificate it issued for localhost/127.0.0.1, as PEM files (CaPath, CertificatePath, KeyPath),
       written by the built test deployment once per PowerShell process and reused by every peer started with HTTPS. #>
    param([Parameter(Mandatory)] [string] $TestDeploymentPath)
    $directory = Join-Path ([System.IO.Path]::GetTempPath()) "skr-peer-tls-$PID"
    $files = [pscustomobject]@{
        CaPath = Join-Path $directory 'ca.pem'
        CertificatePath = Join-Path $directory 'server.pem'
        KeyPath = Join-Path $directory 'server-key.pem'
    }
    if ((Test-Path -LiteralPath $files.CaPath) -and (Test-Path -LiteralPath $files.CertificatePath) -and (Test-Path -LiteralPath $files.KeyPath)) {
        return $files
    }
    # Folders of processes that are gone are left over from earlier runs.
    Get-ChildItem -LiteralPath ([System.IO.Path]::GetTempPath()) -Directory -Filter 'skr-peer-tls-*' -ErrorAction Ignore | ForEach-Object {
        $owner = 0
        if ([int]::TryParse($_.Name.Substring('skr-peer-tls-'.Length), [ref] $owner) -and -not (Get-Process -Id $owner -ErrorAction Ignore)) {
            Remove-Item -LiteralPath $_.FullName -Recurse -Force -ErrorAction Ignore
        }
    }
    $null = & dotnet $TestDeploymentPath --write-tls-files $directory
    if ($LASTEXITCODE -ne 0) { throw "The test deployment could not write the peer TLS files (exit code $LASTEXITCODE)." }
    $files
}

function Start-OidcProvider {
    <# Starts oidc-provider 9.13.3 (tests/peers/start-oidc-provider.mjs), a stand-in for a Scalekit environment, on loopback:
       HTTPS with a test-CA certificate (CaPath) unless -Http. Returns Issuer, Port, DiscoveryUrl, TokenEndpoint, CaPath,
       the client ids and secrets (web-client, public-client, m2m-client with every scope, m2m-limited with only the first:
       LimitedClientId, LimitedClientSecret), Process and LogPath; stop it with Stop-TestServer. #>
    param(
        [Parameter(Mandatory)] [string] $PeersPath,
        [string] $TestDeploymentPath,
        [string] $IssuerPath,
        [string[]] $Resource = @(),
        [string] $Scopes,
        [string] $DefaultScope,
        [string[]] $RedirectUri = @(),
        [string[]] $PostLogoutRedirectUri = @(),
        [switch] $Http
    )
    $arguments = @()
    if ($IssuerPath) { $arguments += '--issuer-path', $IssuerPath }
    foreach ($value in $Resource) { $arguments += '--resource', $value }
    foreach ($value in $RedirectUri) { $arguments += '--redirect-uri', $value }
    foreach ($value in $PostLogoutRedirectUri) { $arguments += '--post-logout-redirect-uri', $value }
    if ($Scopes) { $arguments += '--scopes', $Scopes }
    if ($DefaultScope) { $arguments += '--default-scope', $DefaultScope }
    $caPath = $null
    if (-not $Http) {
        if (-not $TestDeploymentPath) { throw 'HTTPS needs -TestDeploymentPath (the built TestDeployment.dll writes the certificate), or pass -Http.' }
        $tls = Get-PeerTlsFiles -TestDeploymentPath $TestDeploymentPath
        $arguments += '--tls-cert', $tls.CertificatePath, '--tls-key', $tls.KeyPath
        $caPath = $tls.CaPath
    }
    $server = Start-PeerServer -FilePath 'node' -ArgumentList (@((Join-Path $PeersPath 'start-oidc-provider.mjs')) + $arguments) -PeersPath $PeersPath -Name 'oidc-provider'
    $server | Add-Member -NotePropertyName CaPath -NotePropertyValue $caPath -PassThru |
        Add-Member -NotePropertyName TokenEndpoint -NotePropertyValue "$($server.Issuer)/token" -PassThru
}

function Start-ReferenceMcpServer {
    <# Starts the reference MCP server (tests/ReferenceMcpServer, official C# MCP SDK) for -Provider (Start-OidcProvider):
       it accepts the provider's RS256 at+jwt access tokens whose audience is its own McpUrl. HTTPS with the same test-CA
       certificate when the provider runs HTTPS (CaPath), else plain HTTP. Returns McpUrl, ResourceMetadataUrl, Issuer,
       Port, CaPath, Process, LogPath. -SessionMode: stateful-for-initialize (default), stateful or stateless. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] $Provider,
        [string] $TestDeploymentPath,
        [ValidateSet('stateful-for-initialize', 'stateful', 'stateless')] [string] $SessionMode,
        [string] $PeersPath
    )
    if (-not (Test-Path -LiteralPath $Path)) { throw "$Path is missing: build it with 'dotnet build tests/ReferenceMcpServer -c Release -o output/ReferenceMcpServer' (build.ps1 -Task Test does)." }
    if (-not $PeersPath) { $PeersPath = $Provider.PeersPath }
    $arguments = @($Path, '--issuer', $Provider.Issuer)
    $caPath = $null
    if ($Provider.CaPath) {
        if (-not $TestDeploymentPath) { throw 'HTTPS needs -TestDeploymentPath (the built TestDeployment.dll writes the certificate).' }
        $tls = Get-PeerTlsFiles -TestDeploymentPath $TestDeploymentPath
        $arguments += '--ca', $Provider.CaPath, '--tls-cert', $tls.CertificatePath, '--tls-key', $tls.KeyPath
        $caPath = $tls.CaPath
    }
    else { $arguments += '--http' }
    if ($SessionMode) { $arguments += '--session-mode', $SessionMode }
    Start-PeerServer -FilePath 'dotnet' -ArgumentList $arguments -PeersPath $PeersPath -Name 'reference-mcp-server' |
        Add-Member -NotePropertyName CaPath -NotePropertyValue $caPath -PassThru
}

function Invoke-OidcDevLogin {
    <# Logs in through oidc-provider's devInteractions without a browser (tests/peers/oidc-dev-login.mjs) and returns
       code, codeVerifier, state, nonce, redirectUri, iss (or error, errorDescription); with -Exchange also tokenStatus
       and tokenResponse. -Provider is what Start-OidcProvider returned. #>
    param(
        [Parameter(Mandatory)] $Provider,
        [string] $ClientId = 'public-client',
        [string] $ClientSecret,
        [string] $RedirectUri,
        [string] $Scope,
        [string] $Resource,
        [string] $Prompt,
        [string] $Login,
        [switch] $NoPkce,
        [switch] $Exchange,
        [string] $PeersPath
    )
    if (-not $PeersPath) { $PeersPath = $Provider.PeersPath }
    $arguments = @((Join-Path $PeersPath 'oidc-dev-login.mjs'), '--issuer', $Provider.Issuer, '--client-id', $ClientId)
    $optional = [ordered]@{ '--ca' = $Provider.CaPath; '--client-secret' = $ClientSecret; '--redirect-uri' = $RedirectUri
        '--scope' = $Scope; '--resource' = $Resource; '--prompt' = $Prompt; '--login' = $Login }
    foreach ($name in $optional.Keys) { if ($optional[$name]) { $arguments += $name, $optional[$name] } }
    if ($NoPkce) { $arguments += '--no-pkce' }
    if ($Exchange) { $arguments += '--exchange' }
    $output = & node @arguments
    if ($LASTEXITCODE -ne 0) { throw "oidc-dev-login failed with exit code $LASTEXITCODE (its message is above)." }
    $output | ConvertFrom-Json
}

function New-PeerHttpClient {
    <# An HttpClient that trusts the test CA in -CaPath (as the module's -TrustedCaPath does) and follows no redirect. #>
    param([string] $CaPath)
    $handler = [System.Net.Http.SocketsHttpHandler]::new()
    $handler.AllowAutoRedirect = $false
    $handler.UseCookies = $false
    if ($CaPath) {
        $policy = [System.Security.Cryptography.X509Certificates.X509ChainPolicy]::new()
        $policy.TrustMode = [System.Security.Cryptography.X509Certificates.X509ChainTrustMode]::CustomRootTrust
        $policy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
        $policy.CustomTrustStore.ImportFromPemFile($CaPath)
        $handler.SslOptions.CertificateChainPolicy = $policy
    }
    [System.Net.Http.HttpClient]::new($handler)
}

function Invoke-PeerRequest {
    <# One HTTP request to a peer: Status, Headers (name -> joined values), Body and Json (when the body is JSON).
       -Form sends application/x-www-form-urlencoded, -JsonBody application/json; -BasicAuth is @(id, secret). #>
    param(
        [Parameter(Mandatory)] [string] $Uri,
        [string] $Method = 'GET',
        [string] $CaPath,
        [System.Collections.IDictionary] $Form,
        [string] $JsonBody,
        [string[]] $BasicAuth,
        [string] $BearerToken,
        [System.Collections.IDictionary] $Headers = @{}
    )
    $client = New-PeerHttpClient -CaPath $CaPath
    try {
        $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method), $Uri)
        if ($Form) {
            $pairs = [System.Collections.Generic.List[System.Collections.Generic.KeyValuePair[string, string]]]::new()
            foreach ($key in $Form.Keys) { $pairs.Add([System.Collections.Generic.KeyValuePair[string, string]]::new($key, [string]$Form[$key])) }
            $request.Content = [System.Net.Http.FormUrlEncodedContent]::new($pairs)
        }
        elseif ($JsonBody) {
            $request.Content = [System.Net.Http.StringContent]::new($JsonBody, [System.Text.Encoding]::UTF8, 'application/json')
        }
        if ($BasicAuth) {
            $basic = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("$([uri]::EscapeDataString($BasicAuth[0])):$([uri]::EscapeDataString($BasicAuth[1]))"))
            $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Basic', $basic)
        }
        if ($BearerToken) { $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $BearerToken) }
        foreach ($name in $Headers.Keys) { $null = $request.Headers.TryAddWithoutValidation($name, [string]$Headers[$name]) }
        $response = $client.SendAsync($request).GetAwaiter().GetResult()
        $body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        $responseHeaders = @{}
        foreach ($header in @($response.Headers) + @($response.Content.Headers)) { $responseHeaders[$header.Key] = $header.Value -join ', ' }
        $json = $null
        if ($response.Content.Headers.ContentType -and $response.Content.Headers.ContentType.MediaType -match 'json') {
            $json = $body | ConvertFrom-Json
        }
        [pscustomobject]@{ Status = [int]$response.StatusCode; Headers = $responseHeaders; Body = $body; Json = $json }
    }
    finally { $client.Dispose() }
}

function Stop-TestServer {
    <# Asks a server to stop (SIGTERM, so it cleans up its temporary files), and kills it if it does not. #>
    param($Server)
    if (-not $Server -or -not $Server.Process) { return }
    if (-not $Server.Process.HasExited) {
        if (-not $IsWindows) {
            & kill -TERM $Server.Process.Id 2>$null
            $null = $Server.Process.WaitForExit(5000)
        }
        if (-not $Server.Process.HasExited) {
            $Server.Process.Kill($true)
            $null = $Server.Process.WaitForExit(10000)
        }
    }
    if ($Server.PSObject.Properties['LogPath']) { Remove-Item -LiteralPath $Server.LogPath -ErrorAction Ignore }
}

Export-ModuleMember -Function Start-TestDeployment, Start-SdkExample, Get-SdkExampleToken, Get-PeerTlsFiles, Start-OidcProvider, Invoke-OidcDevLogin, Start-ReferenceMcpServer, New-PeerHttpClient, Invoke-PeerRequest, Stop-TestServer
