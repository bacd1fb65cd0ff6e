# Dot-sourced by the core-auth-flow Pester files: completes a login at the test deployment the way an admin's
# browser would (its test user is always signed in), so a real authorization code can be exchanged.
function New-TestPkce {
    $bytes = [byte[]]::new(32)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
    $verifier = [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    $hash = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::ASCII.GetBytes($verifier))
    [pscustomobject]@{ Verifier = $verifier; Challenge = [Convert]::ToBase64String($hash).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
}

function Invoke-TestLogin {
    <# Returns the code, verifier and nonce of a fresh login at the test deployment for its callback URL. #>
    param([Parameter(Mandatory)] $Deployment)
    $pkce = New-TestPkce
    $nonce = [guid]::NewGuid().ToString('N')
    $query = @(
        'response_type=code'
        "client_id=$([uri]::EscapeDataString($Deployment.ClientId))"
        "redirect_uri=$([uri]::EscapeDataString($Deployment.CallbackUrl))"
        'scope=openid%20email'
        "state=$([guid]::NewGuid().ToString('N'))"
        "nonce=$nonce"
        "code_challenge=$($pkce.Challenge)"
        'code_challenge_method=S256'
    ) -join '&'
    $response = Invoke-PeerRequest -Uri "$($Deployment.AuthorizeUrl)?$query" -CaPath $Deployment.CaCertificatePemPath
    $location = "$($response.Headers['Location'])"
    if ($location -notmatch '[?&]code=([^&]+)') { throw "The authorization request answered $($response.Status) without a code." }
    [pscustomobject]@{ Code = [uri]::UnescapeDataString($Matches[1]); Verifier = $pkce.Verifier; Nonce = $nonce }
}
