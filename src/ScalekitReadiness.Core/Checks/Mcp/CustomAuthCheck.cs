using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-070: a bring-your-own-auth login endpoint (Mcp.CustomLoginUrl) is https, refuses a made-up
/// login_request_id/state without a 5xx and without a session, and sends a legitimate login back to Scalekit with
/// the state it was given, unchanged.
/// </summary>
internal sealed class CustomAuthCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-070";

    public CustomAuthCheck()
        : base(new CheckDefinition(
            CheckId,
            "Custom auth handlers behave",
            CheckSection.McpAuthentication,
            Severity.High,
            Safety.Active,
            "Only when you bring your own auth (Mcp.CustomLoginUrl): the login endpoint is https; a request with a made-up login_request_id and state is refused without a 5xx, without a session cookie and without a hand-back to Scalekit; and an MCP client's authorization request (Mcp.ClientId) that Scalekit hands to the login endpoint comes back to Scalekit's partner callback with the state unchanged (a login page that needs a user is a Warning: not verifiable unattended).",
            "Serve the custom login endpoint over https only. Look up every login_request_id you receive (it comes from Scalekit, lri_…) and refuse an unknown one with a 4xx page, before creating any session. After the user signs in, POST the user to /api/v1/connections/<conn_id>/auth-requests/<login_request_id>/user and redirect to <env>/sso/v1/connections/<conn_id>/partner:callback?state=<the state you received>, byte for byte.",
            new[] { "Mcp.CustomLoginUrl" },
            new[]
            {
                "Scalekit: mcp/auth-methods/custom-auth (bring your own auth)",
                "Scalekit: authenticate/mcp/launch-checklist (login_request_id and state propagated)",
                "RFC 6749 §10.12 (CSRF, state)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.Mcp.CustomLoginUrl is null ? "Mcp.CustomLoginUrl (only if you use custom auth)" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.Mcp.CustomLoginUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string loginUrl = context.Configuration.Mcp.CustomLoginUrl!;
        var login = new Uri(loginUrl);
        ResultBuilder result = context.StartResult(Definition, loginUrl);
        if (login.Scheme != Uri.UriSchemeHttps)
        {
            result.Fail($"The custom login endpoint {loginUrl} is plain http: the login request id, the state and the user's credentials travel unprotected.");
        }

        // A made-up login request: refused, without a 5xx, a session or a hand-back.
        string madeUpState = Hex(16);
        var madeUp = new Uri(loginUrl + (string.IsNullOrEmpty(login.Query) ? "?" : "&") + "login_request_id=lri_" + Hex(8) + "&state=" + madeUpState);
        ProbeResponse refused = await context.Probe.SendAsync(ProbeRequest.Get(madeUp).WithHeader("Accept", "text/html"), cancellationToken).ConfigureAwait(false);
        result.Evidence("Made-up login request", refused.Exchange.Summary);
        string? location = refused.Header("Location");
        if (refused.StatusCode >= 500)
        {
            result.Fail($"A made-up login_request_id was answered {refused.StatusCode}: the endpoint must refuse unknown login requests with a 4xx page, not fail.");
        }
        else if (refused.IsRedirect && location is not null && (location.Contains("partner:callback") || location.Contains(madeUpState)))
        {
            result.Fail($"A made-up login_request_id and state were accepted: the endpoint sent the browser back to Scalekit ({Path(location)}) instead of refusing an unknown login request.");
        }
        else if (refused.HeaderValues("Set-Cookie").Any())
        {
            result.Fail("A made-up login_request_id got a Set-Cookie: the endpoint creates a session before it knows the login request is Scalekit's.");
        }

        await JudgeLegitimateAsync(context, login, result, cancellationToken).ConfigureAwait(false);
        return new[] { result.Build("The custom login endpoint is https, refuses made-up login requests cleanly and returns Scalekit's state unchanged.") };
    }

    private static async Task JudgeLegitimateAsync(AuditContext context, Uri login, ResultBuilder result, CancellationToken cancellationToken)
    {
        if (context.Configuration.McpServerUrl is null || (context.Configuration.Mcp.ClientId ?? context.Configuration.Mcp.ClientIdMetadataUrl) is null)
        {
            result.Warn("The hand-back of a legitimate login was not tested: it needs Mcp.ServerUrl and Mcp.ClientId to start an authorization request.");
            return;
        }

        (Uri? request, _) = await ConsentCheck.BuildAuthorizationRequestAsync(context, new Uri(context.Configuration.McpServerUrl), result, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            result.Warn("The hand-back of a legitimate login was not tested: the authorization endpoint was not found (see SK-MCP-020).");
            return;
        }

        ProbeResponse authorize = await context.Probe.SendAsync(ProbeRequest.Get(request).WithHeader("Accept", "text/html"), cancellationToken).ConfigureAwait(false);
        result.Evidence("Authorization request", authorize.Exchange.Summary);
        string? handOff = authorize.Header("Location");
        if (!authorize.IsRedirect || handOff is null || !Uri.TryCreate(request, handOff, out Uri? handOffUri)
            || handOffUri.GetLeftPart(UriPartial.Path) != login.GetLeftPart(UriPartial.Path))
        {
            result.Warn("The MCP client's authorization request was not handed to the custom login endpoint, so the state hand-back was not tested. Check the MCP server's auth method in the dashboard.");
            return;
        }

        string? state = ConsentCheck.QueryValue(handOffUri, "state");
        result.Evidence("Hand-off", Path(handOffUri.AbsoluteUri) + (ConsentCheck.QueryValue(handOffUri, "login_request_id") is null ? " (no login_request_id)" : " with login_request_id and state"));
        ProbeResponse back = await context.Probe.SendAsync(ProbeRequest.Get(handOffUri).WithHeader("Accept", "text/html"), cancellationToken).ConfigureAwait(false);
        result.Evidence("Custom login", back.Exchange.Summary);
        string? callback = back.Header("Location");
        if (!back.IsRedirect || callback is null || !Uri.TryCreate(handOffUri, callback, out Uri? callbackUri))
        {
            result.Warn($"The custom login endpoint answered {back.StatusCode} (a page for the user to sign in): the state hand-back cannot be verified unattended. Check by hand that the redirect to Scalekit's partner callback carries the state unchanged.");
            return;
        }

        result.Evidence("Hand-back", Path(callbackUri.AbsoluteUri));
        string? returned = ConsentCheck.QueryValue(callbackUri, "state");
        if (!string.Equals(returned, state, StringComparison.Ordinal))
        {
            result.Fail("The custom login endpoint sent the user back to Scalekit with a different state than it was given: Scalekit refuses the login (state must be returned byte for byte).");
        }
    }

    private static string Path(string url) => Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ? uri.GetLeftPart(UriPartial.Path) : url.Split('?')[0];

    private static string Hex(int bytes)
    {
        byte[] buffer = new byte[bytes];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(buffer);
        }

        return string.Concat(buffer.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
