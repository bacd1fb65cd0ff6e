using System.Globalization;

namespace ScalekitReadiness.SecretScan;

/// <summary>The rule ids of SK-QC-030, as they appear in reasons. Public contract: documented in docs/checks/SK-QC-030.md.</summary>
internal static class SecretRules
{
    /// <summary>A literal assigned to a Scalekit client-secret name, or passed to the Scalekit client constructor.</summary>
    public const string ScalekitClientSecret = "scalekit-client-secret";

    /// <summary>A <c>whsec_…</c> literal, or a literal assigned to a webhook-secret name.</summary>
    public const string WebhookSecret = "webhook-secret";

    /// <summary>A literal assigned to a generic client-secret name (<c>client_secret</c>, <c>clientSecret</c>, …).</summary>
    public const string ClientSecretAssignment = "client-secret-assignment";

    /// <summary>A signed JSON Web Token.</summary>
    public const string Jwt = "jwt";

    /// <summary>A PEM private key with its body.</summary>
    public const string PrivateKey = "private-key";

    /// <summary>A <c>.env</c> or <c>.env.*</c> file tracked by git.</summary>
    public const string TrackedEnvFile = "env-file-tracked";

    /// <summary>No <c>.gitignore</c> rule covers <c>.env</c>.</summary>
    public const string GitignoreEnv = "gitignore-env";
}

/// <summary>
/// One finding of the secret scan. <see cref="Secret"/> is kept only to feed the redactor; it is never shown:
/// <see cref="Describe"/> gives the file, line, rule and the masked value.
/// </summary>
internal sealed class SecretFinding
{
    public SecretFinding(string path, int line, string rule, string detail, string? secret, string? commit = null)
    {
        Path = path;
        Line = line;
        Rule = rule;
        Detail = detail;
        Secret = secret;
        Commit = commit;
    }

    /// <summary>Gets the path relative to the scanned root, with '/' separators.</summary>
    public string Path { get; }

    /// <summary>Gets the 1-based line, or 0 for a finding about the whole file.</summary>
    public int Line { get; }

    /// <summary>Gets the rule id (<see cref="SecretRules"/>).</summary>
    public string Rule { get; }

    /// <summary>Gets the masked value (first 4 characters and the length) or, for file rules, what is wrong.</summary>
    public string Detail { get; }

    /// <summary>Gets the raw secret, for the redactor only.</summary>
    public string? Secret { get; }

    /// <summary>Gets the commit that added the secret, for findings in git history.</summary>
    public string? Commit { get; }

    /// <summary>Masks a secret: its first 4 characters and its length, never more.</summary>
    public static string Mask(string secret) =>
        secret.Substring(0, System.Math.Min(4, secret.Length)) + "… (" + secret.Length.ToString(CultureInfo.InvariantCulture) + " chars)";

    /// <summary>Returns the reason line: <c>path:line rule: masked</c>.</summary>
    public string Describe()
    {
        string location = Line > 0 ? Path + ":" + Line.ToString(CultureInfo.InvariantCulture) : Path;
        string text = location + " " + Rule + ": " + Detail;
        return Commit is null ? text : text + " (in git history, commit " + Commit.Substring(0, System.Math.Min(12, Commit.Length)) + ")";
    }
}
