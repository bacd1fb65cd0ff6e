using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.TestDeployment;

namespace ScalekitReadiness.Tests;

/// <summary>Configurations, logins and counted runs for the core auth flow checks against the test deployment.</summary>
internal static class AuthFlowsSupport
{
    /// <summary>The deployment's environment, client and app URLs, with the callback as the allowed redirect URI.</summary>
    public static AuditConfiguration ConfigurationFor(Deployment deployment, bool withSecret = true)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.ClientId = deployment.ClientId;
        configuration.ClientSecret = withSecret ? deployment.ClientSecret : null;
        configuration.App.LoginUrl = deployment.LoginUrl;
        configuration.App.CallbackUrl = deployment.CallbackUrl;
        configuration.App.RedirectUris.Add(deployment.CallbackUrl);
        configuration.Dashboard.AllowedCallbackUrls.Add(deployment.CallbackUrl);
        return configuration;
    }

    /// <summary>Runs one check (the catalog's, or a configured instance) and counts the requests its probe client sent.</summary>
    public static async Task<(IReadOnlyList<CheckResult> Results, int Requests)> RunCountedAsync(Check check, AuditConfiguration configuration)
    {
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        IReadOnlyList<CheckResult> results = (await AuditEngine.RunCheckAsync(context, check, CancellationToken.None)).ToList();
        return (results, probe.Exchanges.Count);
    }

    public static Task<(IReadOnlyList<CheckResult> Results, int Requests)> RunCountedAsync(string checkId, AuditConfiguration configuration) =>
        RunCountedAsync(CheckCatalog.Find(checkId)!, configuration);

    /// <summary>
    /// Completes a login the way an admin's browser would (the test user is always signed in): an authorization
    /// request with PKCE S256 and a nonce for the callback URL, and the code from the redirect.
    /// </summary>
    public static async Task<(string Code, string Verifier, string Nonce)> LoginAsync(Deployment deployment, string scope = "openid email offline_access")
    {
        string verifier = Pkce.RandomValue();
        string nonce = Pkce.RandomValue(16);
        string query = QueryParameters.Encode(new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = deployment.ClientId,
            ["redirect_uri"] = deployment.CallbackUrl,
            ["scope"] = scope,
            ["state"] = Pkce.RandomValue(16),
            ["nonce"] = nonce,
            ["code_challenge"] = Pkce.S256Challenge(verifier),
            ["code_challenge_method"] = "S256",
        });
        using ProbeClient probe = TestSupport.Probe(deployment);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(new Uri(deployment.AuthorizeUrl + "?" + query)), CancellationToken.None);
        string code = QueryParameters.Of(response.Header("Location") ?? string.Empty)["code"]
            ?? throw new InvalidOperationException($"The authorization request answered {response.StatusCode} without a code.");
        return (code, verifier, nonce);
    }

    /// <summary>Everything a user can see of a result, in one string (for canary assertions).</summary>
    public static string Visible(CheckResult result) =>
        string.Join("\n", new[] { result.Target, result.Message }
            .Concat(result.Reasons)
            .Concat(result.Evidence.Select(e => e.Name + "=" + e.Value)));

    public static string? Evidence(CheckResult result, string name) =>
        result.Evidence.Where(e => e.Name == name).Select(e => e.Value).FirstOrDefault();
}
