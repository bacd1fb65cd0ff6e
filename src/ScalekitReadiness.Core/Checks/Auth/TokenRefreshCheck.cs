using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Har;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-060: the refresh_token grant returns a new access token and a NEW refresh token, and the spent refresh
/// token is refused with invalid_grant when replayed (rotation with reuse detection). Spends the given refresh token.
/// </summary>
internal sealed class TokenRefreshCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-060";

    private readonly AuthInputs? _inputs;

    public TokenRefreshCheck(AuthInputs? inputs = null)
        : base(new CheckDefinition(
            CheckId,
            "Session refresh works and rotates",
            CheckSection.CoreAuthFlows,
            Severity.High,
            Safety.StateChanging,
            "Spends the refresh token supplied with -RefreshToken at <env>/oauth/token (refresh_token grant, the configured client id and secret): the answer must carry a new access token and a NEW refresh token (rotation); replaying the spent refresh token must then fail with invalid_grant (reuse detection). The new tokens are never shown; the supplied refresh token is spent. With a HAR file, the app's own silent refreshes (refresh_token grants the browser made) are reported.",
            "Request offline_access only where sessions must outlive the access token, keep refresh tokens server-side, and store the NEW refresh token after every refresh: Scalekit rotates them and refuses the old one. If the old token still works, or no new one comes back, refresh tokens are long-lived bearer secrets — contact Scalekit support with the evidence.",
            new[] { "a refresh token (-RefreshToken)", "Environment.Url", "Environment.ClientId", "Environment.ClientSecretEnv" },
            new[]
            {
                "RFC 6749 §6 (refreshing an access token)",
                "OAuth 2.0 Security BCP (RFC 9700) §4.14 (refresh token rotation, reuse detection)",
                "Scalekit: authenticate/fsa/manage-session (refresh tokens rotate on each use)",
            }))
    {
        _inputs = inputs;
    }

    public override string? MissingConfiguration(AuditContext context) =>
        _inputs?.RefreshToken is null ? "a refresh token (-RefreshToken of Test-SkTokenRefresh; the audit never holds one)"
            : !TokenGrant.CanMint(context.Configuration) ? "Environment.Url, Environment.ClientId and the client secret"
            : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.EnvironmentUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string old = _inputs!.RefreshToken!;
        ResultBuilder result = context.StartResult(Definition, (await TokenGrant.DiscoverEndpointAsync(context, cancellationToken).ConfigureAwait(false)).AbsoluteUri);
        ReportSilentRefreshes(context, result);

        TokenAnswer first = await TokenGrant.RefreshAsync(context, old, cancellationToken).ConfigureAwait(false);
        result.Evidence("Refresh", first.Response.Exchange.Summary);
        result.Evidence("Refresh answer", first.StatusCode == 200
            ? $"access_token {(first.AccessToken is null ? "absent" : "present")}, refresh_token {(first.RefreshToken is null ? "absent" : first.RefreshToken == old ? "the same as before" : "new")}, expires_in={first.ExpiresIn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} (tokens not shown)"
            : first.Outcome);
        if (first.StatusCode != 200 || first.AccessToken is null)
        {
            result.Fail($"The refresh_token grant was refused ({first.Outcome}): sessions cannot be extended without a new login. Is the refresh token current (they are single use) and issued to this client?");
            return new[] { result.Build(string.Empty) };
        }

        if (first.RefreshToken is null)
        {
            result.Fail("The refresh answer carries no new refresh token: the session cannot be refreshed again, or the old token stays in use (no rotation).");
        }
        else if (first.RefreshToken == old)
        {
            result.Fail("The refresh answer returns the same refresh token: it is not rotated, so a stolen refresh token works for its whole lifetime.");
            return new[] { result.Build(string.Empty) };
        }

        TokenAnswer replay = await TokenGrant.RefreshAsync(context, old, cancellationToken).ConfigureAwait(false);
        result.Evidence("Replay of the spent refresh token", replay.Response.Exchange.Summary + " — " + replay.Outcome);
        if (replay.StatusCode == 200)
        {
            result.Fail("The spent refresh token still works when replayed: rotation without reuse detection, so a thief and the user can both keep refreshing.");
        }
        else if (replay.Error != "invalid_grant")
        {
            result.Warn($"The replayed refresh token was refused with {replay.Outcome}, not invalid_grant (RFC 6749 §5.2): clients may not recognise that they must log in again.");
        }

        return new[] { result.Build("The refresh_token grant returned a new access token and a new refresh token, and refused the spent one with invalid_grant.") };
    }

    private void ReportSilentRefreshes(AuditContext context, ResultBuilder result)
    {
        string? harPath = _inputs?.HarPath;
        if (harPath is null)
        {
            return;
        }

        try
        {
            HarEntry[] refreshes = HarArchive.Load(harPath)
                .Where(e => e.Method == "POST" && e.RequestBody is string body && body.IndexOf("grant_type=refresh_token", StringComparison.Ordinal) >= 0)
                .ToArray();
            result.Evidence("Info: silent refreshes in the HAR", refreshes.Length == 0 ? "none (a server-side app refreshes out of the browser's sight)" : string.Join("; ", refreshes.Select(e => e.Description)));
        }
        catch (HarFormatException ex)
        {
            result.Warn(ex.Message);
        }
    }
}
