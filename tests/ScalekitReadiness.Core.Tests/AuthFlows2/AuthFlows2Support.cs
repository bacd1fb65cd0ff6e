using System;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

/// <summary>Runs the auth-flows-II checks against a test deployment, and asserts no secret leaked into a result.</summary>
internal static class AuthFlows2Support
{
    /// <summary>The deployment's app, environment and dashboard, with the client credentials and, if asked, state changes allowed.</summary>
    public static AuditConfiguration Configuration(Deployment deployment, bool allowStateChange = false)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.ClientId = deployment.ClientId;
        configuration.ClientSecret = deployment.ClientSecret;
        configuration.App.BaseUrl = deployment.AppBaseUrl;
        configuration.App.LoginUrl = deployment.AppBaseUrl + "/login";
        configuration.App.CallbackUrl = deployment.AppBaseUrl + "/auth/callback";
        configuration.App.LogoutUrl = deployment.AppBaseUrl + "/logout";
        configuration.App.ProtectedApiUrl = deployment.AppBaseUrl + "/api/me";
        configuration.Dashboard.PostLogoutUrls.Add(deployment.AppBaseUrl + "/");
        configuration.AllowStateChange = allowStateChange;
        return configuration;
    }

    /// <summary>Runs <paramref name="check"/> through the engine (gates, error handling) and returns every result.</summary>
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(Check check, AuditConfiguration configuration, params string[] secrets)
    {
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        IReadOnlyList<CheckResult> results = await AuditEngine.RunCheckAsync(context, check, CancellationToken.None);
        AssertNoSecret(results, probe, secrets.Append(configuration.ClientSecret ?? string.Empty).ToArray());
        return results;
    }

    /// <summary>Reads a lab endpoint's text (an expired token, a refresh token...).</summary>
    public static async Task<string> LabTextAsync(Deployment deployment, string path)
    {
        using ProbeClient probe = TestSupport.Probe(deployment);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(new Uri(deployment.LabBaseUrl + path)), CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        return response.BodyText;
    }

    /// <summary>A JWT signed by a key generated here (never the environment's), with the claims a test wants.</summary>
    public static string ForgeToken(IDictionary<string, object> claims, string algorithm = SecurityAlgorithms.RsaSha256, string keyId = "test-forged")
    {
        SigningCredentials credentials;
        if (algorithm.StartsWith("HS", StringComparison.Ordinal))
        {
            credentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)) { KeyId = keyId }, algorithm);
        }
        else
        {
            using RSA rsa = RSA.Create(2048);
            credentials = new SigningCredentials(new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = keyId }, algorithm);
        }

        var handler = new JwtSecurityTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var descriptor = new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials, Subject = new ClaimsIdentity() };
        return handler.WriteToken(handler.CreateJwtSecurityToken(descriptor));
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string Evidence(CheckResult result, string name) =>
        result.Evidence.FirstOrDefault(e => e.Name == name)?.Value ?? throw new Xunit.Sdk.XunitException($"No evidence '{name}' in: {string.Join(" | ", result.Evidence.Select(e => e.Name))}");

    /// <summary>No secret, token or cookie value appears in any result text or in any recorded exchange.</summary>
    public static void AssertNoSecret(IEnumerable<CheckResult> results, ProbeClient probe, IEnumerable<string> secrets)
    {
        string text = string.Join("\n", results.SelectMany(r => new[] { r.Message, r.Target }
            .Concat(r.Reasons)
            .Concat(r.Evidence.SelectMany(e => new[] { e.Name, e.Value }))))
            + "\n" + string.Join("\n", probe.Exchanges.SelectMany(e => new[] { e.Url, e.Summary }
                .Concat(e.RequestHeaders.Select(h => h.Key + ": " + h.Value))
                .Concat(e.ResponseHeaders.Select(h => h.Key + ": " + h.Value))));
        foreach (string secret in secrets.Where(s => s.Length >= 6))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@"eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.", text);
        Assert.DoesNotMatch(@"sk_session=(?!«redacted)[^;\s]", text);
    }
}
