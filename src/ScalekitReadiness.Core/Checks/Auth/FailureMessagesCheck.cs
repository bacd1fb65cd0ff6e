using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-090: the deployment's error surfaces — the callback's identity-provider error page and the protected
/// API's 401 — tell a person what happened (a correlation id is Info). The audit's own network failures (DNS,
/// refused, TLS, timeout, 429) become Error results with a cause and a next step: ProbeClient classifies them and
/// the engine turns them into results, so this check's own probes prove that path too.
/// </summary>
internal sealed class FailureMessagesCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-090";
    internal const string Marker = "sk-probe-idp-error";

    public FailureMessagesCheck()
        : base(new CheckDefinition(
            CheckId,
            "Failures surface as clear messages",
            CheckSection.CoreAuthFlows,
            Severity.Medium,
            Safety.Active,
            "Looks at what a person sees when auth fails: the app's callback with error=access_denied (the identity-provider error page of SK-AUTH-031) and the protected API's 401 to an invalid bearer token (SK-AUTH-080) must each carry a human message (page text, a JSON message or the challenge's error_description); a correlation id header (X-Request-Id, traceparent...) is reported as Info. The audit's own failures — DNS, connection refused, TLS, timeout, 429 — are Error results naming the cause and the next step, never an unhandled exception.",
            "Render a short page for identity-provider errors ('Sign-in was cancelled — try again', with a link back to login) and give every 401 an error_description a person can act on; add a correlation id (X-Request-Id) to error answers so support can find the request in the logs. When this check itself is Error, its message names what failed (name resolution, refused connection, certificate, timeout, rate limit) and what to do.",
            new[] { "App.CallbackUrl or App.ProtectedApiUrl" },
            new[]
            {
                "RFC 6749 §4.1.2.1 (error responses at the redirect URI)",
                "RFC 6750 §3 (error_description)",
                "OWASP Error Handling Cheat Sheet",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.App.CallbackUrl is null && context.Configuration.App.ProtectedApiUrl is null ? "App.CallbackUrl or App.ProtectedApiUrl" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.App.CallbackUrl ?? context.Configuration.App.ProtectedApiUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        ResultBuilder result = context.StartResult(Definition, DefaultTarget(context)!);
        if (context.Configuration.App.CallbackUrl is string callback)
        {
            var url = new Uri(callback + (callback.Contains("?") ? "&" : "?") + "error=access_denied&error_description=" + Marker);
            IReadOnlyList<ProbeResponse> hops = await context.Probe.SendFollowingRedirectsAsync(ProbeRequest.Get(url).WithHeader("Accept", "text/html"), cancellationToken).ConfigureAwait(false);
            foreach (ProbeResponse hop in hops)
            {
                result.Evidence("Identity-provider error page", hop.Exchange.Summary);
            }

            Judge("The page the callback shows for error=access_denied", hops[hops.Count - 1], result);
        }

        if (context.Configuration.App.ProtectedApiUrl is string api)
        {
            ProbeRequest request = ProbeRequest.Get(new Uri(api)).WithHeader("Accept", "application/json").WithHeader("Authorization", "Bearer " + ForgedTokens.Malformed());
            ProbeResponse response = await context.Probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
            result.Evidence("Invalid-token answer", response.Exchange.Summary);
            Judge($"The protected API's answer to an invalid token (HTTP {response.StatusCode})", response, result);
        }

        return new[] { result.Build("Every error surface tells a person what happened.") };
    }

    private static void Judge(string what, ProbeResponse response, ResultBuilder result)
    {
        string? message = ErrorSurface.HumanMessage(response);
        result.Evidence("Message: " + what, message ?? "(none)");
        result.Evidence("Info: correlation id", ErrorSurface.CorrelationId(response) ?? "(none; an X-Request-Id helps support find the request)");
        if (message is null)
        {
            result.Fail($"{what} gives no human message (no page text, no JSON message, no error_description): the user sees a blank or cryptic error and cannot tell what to do.");
        }
    }
}
