using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-031: when the identity provider sends the user back with error= (access_denied, server_error), the app's
/// callback shows a human page: a 4xx or a redirect, no 5xx, no stack trace, no unescaped error_description.
/// </summary>
internal sealed class IdentityProviderErrorCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-031";

    public IdentityProviderErrorCheck()
        : base(new CheckDefinition(
            CheckId,
            "Identity-provider errors get a friendly page",
            CheckSection.CoreAuthFlows,
            Severity.High,
            Safety.Active,
            "GETs the app's callback with error=access_denied&error_description=<HTML marker> and with error=server_error: each must answer a 4xx or a redirect to a human page (200: Warning; a non-HTML 4xx: Warning). Failed on a 5xx, a stack trace in the body (.NET, Python, Node.js, Java) or the marker reflected without HTML escaping (reflected XSS).",
            "Handle the error and error_description parameters before anything else in the callback: log them, then show (or redirect to) a friendly page with a way to try again. HTML-escape anything you echo — better, show your own text instead of error_description — and turn off developer exception pages in production.",
            new[] { "App.CallbackUrl" },
            new[]
            {
                "RFC 6749 §4.1.2.1 (error response)",
                "OWASP: Improper Error Handling; Cross-Site Scripting (reflected)",
                "Scalekit: authenticate/fsa/complete-login (handle errors)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.App.CallbackUrl is null ? "App.CallbackUrl" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.App.CallbackUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string callbackUrl = context.Configuration.App.CallbackUrl!;
        ResultBuilder result = context.StartResult(Definition, callbackUrl);
        if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out Uri? callback))
        {
            return new[] { result.Error($"The callback URL '{callbackUrl}' is not an absolute URL.") };
        }

        string marker = ErrorPageInspector.NewMarker();
        await ProbeAsync(context, callback, "access_denied", marker, result, cancellationToken).ConfigureAwait(false);
        await ProbeAsync(context, callback, "server_error", null, result, cancellationToken).ConfigureAwait(false);
        return new[] { result.Build("The callback answers identity-provider errors with a friendly page: no server error, stack trace or reflected input.") };
    }

    private static async Task ProbeAsync(AuditContext context, Uri callback, string error, string? marker, ResultBuilder result, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("error", error) };
        if (marker is not null)
        {
            parameters.Add(new KeyValuePair<string, string>("error_description", marker));
        }

        var url = new Uri(callback.GetLeftPart(UriPartial.Path) + "?" + QueryParameters.Encode(parameters));
        ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(url).WithHeader("Accept", "text/html"), cancellationToken).ConfigureAwait(false);
        result.Evidence("error=" + error, response.Exchange.Summary);
        string body = response.BodyText;
        if (response.StatusCode >= 500)
        {
            result.Fail($"error={error}: the callback answered HTTP {response.StatusCode}; an identity-provider error is an expected event and needs a friendly 4xx page or a redirect.");
        }
        else if (response.StatusCode is >= 200 and < 300)
        {
            result.Warn($"error={error}: the callback answered HTTP {response.StatusCode}; an error page should carry a 4xx status so monitoring sees it.");
        }
        else if (!response.IsRedirect && response.MediaType != "text/html")
        {
            result.Warn($"error={error}: the callback answered HTTP {response.StatusCode} as {response.MediaType ?? "no content type"}, not an HTML page a person can read.");
        }

        foreach (string platform in ErrorPageInspector.StackTraces(body))
        {
            result.Fail($"error={error}: the page shows a {platform} stack trace: it leaks the code's structure to anyone who crafts the URL.");
        }

        if (marker is not null && ErrorPageInspector.ReflectsUnescaped(body, marker))
        {
            result.Fail($"error={error}: the page writes error_description back without HTML escaping (reflected XSS): anyone can inject markup through a crafted link.");
        }
    }
}
