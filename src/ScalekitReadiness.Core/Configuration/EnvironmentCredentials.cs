namespace ScalekitReadiness.Configuration;

/// <summary>What the checks that call the environment with its API client need (SK-QC-002, SK-MON-001).</summary>
internal static class EnvironmentCredentials
{
    /// <summary>Names the first missing piece (URL, client id, secret) as the NotConfigured message says it, or null.</summary>
    public static string? Missing(AuditConfiguration configuration) =>
        configuration.EnvironmentUrl is null ? "Environment.Url (or SCALEKIT_ENVIRONMENT_URL)"
            : configuration.ClientId is null ? "Environment.ClientId (or SCALEKIT_CLIENT_ID)"
            : configuration.ClientSecret is null ? "the client secret (Environment.ClientSecretEnv, SCALEKIT_CLIENT_SECRET, -ClientSecret or -Credential)"
            : null;
}
