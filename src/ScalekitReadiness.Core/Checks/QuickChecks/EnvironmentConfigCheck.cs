using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Checks.QuickChecks;

/// <summary>
/// SK-QC-001: the environment URL, client id and client secret are present, are not placeholders, and point at a
/// production environment (https, no path, not a development or loopback host). Offline: nothing is sent.
/// </summary>
internal sealed class EnvironmentConfigCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-QC-001";

    // Host tokens that mark a non-production environment. Whole tokens only, so "devramp.ai" is not "dev".
    private static readonly HashSet<string> s_nonProductionTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "dev", "development", "staging", "stage", "test", "testing", "sandbox", "localhost",
    };

    private static readonly Regex s_placeholder = new(
        @"^(?:your[_-].*|.*[_-]here|changeme|change[_-]me|x{3,}|todo|tbd|placeholder|secret|client[_-]secret|\*+|\.\.\.)$|<[^>]*>|\{\{.*\}\}|your_client_secret",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex s_clientId = new(@"^(?:prd_)?skc_[0-9]+$", RegexOptions.CultureInvariant);

    public EnvironmentConfigCheck()
        : base(new CheckDefinition(
            CheckId,
            "Production credentials are set",
            CheckSection.QuickChecks,
            Severity.Critical,
            Safety.Passive,
            "Checks that the environment URL, client id and client secret are present (parameters, configuration, or SCALEKIT_ENVIRONMENT_URL / SCALEKIT_ENV_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET), are not placeholders, and name a production environment: an https URL without path, query or trailing slash, on a host that is not *.scalekit.dev, loopback, or labelled dev/staging/stage/test/sandbox; the client id shaped like skc_<digits> or prd_skc_<digits>. Reports where each value came from, never the secret.",
            "Use the Production environment's values from Dashboard › Developers › Settings › API credentials: SCALEKIT_ENVIRONMENT_URL=https://<your-prod-subdomain>.scalekit.com (or your custom domain, no trailing slash), SCALEKIT_CLIENT_ID=skc_…, and the production client secret, kept in a secret store and passed as an environment variable — never in code or in the configuration file.",
            Array.Empty<string>(),
            new[]
            {
                "Scalekit: authenticate/set-up-scalekit (environments and API credentials)",
                "Scalekit: dev-kit/guides/dashboard/environments",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) => null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.EnvironmentUrl ?? "(environment)";

    public override Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        ResultBuilder result = context.StartResult(Definition, DefaultTarget(context)!);

        JudgeEnvironmentUrl(configuration, result);
        JudgeClientId(configuration, result);
        JudgeClientSecret(configuration, result);

        CheckResult built = result.Build("The environment URL, client id and client secret are set and name a production environment.");
        return Task.FromResult<IEnumerable<CheckResult>>(new[] { built });
    }

    private static void JudgeEnvironmentUrl(AuditConfiguration configuration, ResultBuilder result)
    {
        string? url = configuration.EnvironmentUrl;
        if (url is null)
        {
            result.Evidence("Environment URL", "(not set)");
            result.Fail("No environment URL: set Environment.Url, -EnvironmentUrl or SCALEKIT_ENVIRONMENT_URL.");
            return;
        }

        result.Evidence("Environment URL", url + " (from " + configuration.EnvironmentUrlSource + ")");
        if (IsPlaceholder(url))
        {
            result.Fail($"The environment URL '{url}' is a placeholder.");
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Host.Length == 0)
        {
            result.Fail($"The environment URL '{url}' is not an absolute URL.");
            return;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            result.Fail($"The environment URL '{url}' is not https; Scalekit environments are served over https only.");
        }

        if (uri.AbsolutePath != "/")
        {
            result.Fail($"The environment URL '{url}' has a path ({uri.AbsolutePath}); it must be the bare origin, e.g. https://acme.scalekit.com.");
        }
        else if (url.EndsWith("/", StringComparison.Ordinal))
        {
            result.Warn($"The environment URL '{url}' ends with a slash; the SDKs join paths to it and the token issuer has none, so drop it.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            result.Fail($"The environment URL '{url}' has a query or fragment; it must be the bare origin.");
        }

        if (NonProductionReason(uri) is string why)
        {
            result.Fail($"The environment URL '{url}' is {why}, not production: the audit is meant for the production environment.");
        }
    }

    private static void JudgeClientId(AuditConfiguration configuration, ResultBuilder result)
    {
        string? clientId = configuration.ClientId;
        if (clientId is null)
        {
            result.Evidence("Client id", "(not set)");
            result.Fail("No client id: set Environment.ClientId, -ClientId or SCALEKIT_CLIENT_ID.");
            return;
        }

        result.Evidence("Client id", clientId + " (from " + configuration.ClientIdSource + ")");
        if (IsPlaceholder(clientId))
        {
            result.Fail($"The client id '{clientId}' is a placeholder.");
        }
        else if (!s_clientId.IsMatch(clientId))
        {
            result.Warn($"The client id '{clientId}' is not shaped like a Scalekit environment client id (skc_<digits> or prd_skc_<digits>).");
        }
    }

    private static void JudgeClientSecret(AuditConfiguration configuration, ResultBuilder result)
    {
        string? secret = configuration.ClientSecret;
        if (secret is null)
        {
            result.Evidence("Client secret", "(not set" + (configuration.ClientSecretSource is null ? string.Empty : ": " + configuration.ClientSecretSource) + ")");
            result.Fail("No client secret: pass -ClientSecret or -Credential, or set the environment variable named by Environment.ClientSecretEnv (default SCALEKIT_CLIENT_SECRET).");
            return;
        }

        result.Evidence("Client secret", "present (from " + configuration.ClientSecretSource + ")");
        if (secret.Trim().Length == 0 || IsPlaceholder(secret))
        {
            // Never echo the value: a placeholder may still be someone's real secret.
            result.Fail("The client secret is a placeholder value, not a real secret: set the production secret from the dashboard.");
        }
    }

    internal static bool IsPlaceholder(string value) => value.Trim().Length == 0 || s_placeholder.IsMatch(value.Trim());

    /// <summary>Returns why the host is not production, or null.</summary>
    internal static string? NonProductionReason(Uri uri)
    {
        string host = uri.Host.ToLowerInvariant();
        if (uri.IsLoopback || host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return "a loopback host";
        }

        if (host.EndsWith(".scalekit.dev", StringComparison.Ordinal))
        {
            return "a Scalekit development environment (*.scalekit.dev)";
        }

        string? token = host.Split('.', '-').FirstOrDefault(s_nonProductionTokens.Contains);
        return token is null ? null : $"a '{token}' host";
    }
}
