using System;

namespace ScalekitReadiness.Configuration;

/// <summary>
/// Fills the environment URL, client id and client secret that parameters and the configuration left open from
/// the environment variables Scalekit's SDKs use, and records where each value came from.
/// Order: parameter, then configuration (the secret through <c>Environment.ClientSecretEnv</c>), then
/// <c>SCALEKIT_ENVIRONMENT_URL</c> (alias <c>SCALEKIT_ENV_URL</c>), <c>SCALEKIT_CLIENT_ID</c>, <c>SCALEKIT_CLIENT_SECRET</c>.
/// </summary>
internal static class CredentialResolver
{
    public const string EnvironmentUrlVariable = "SCALEKIT_ENVIRONMENT_URL";
    public const string EnvironmentUrlAliasVariable = "SCALEKIT_ENV_URL";
    public const string ClientIdVariable = "SCALEKIT_CLIENT_ID";
    public const string ClientSecretVariable = "SCALEKIT_CLIENT_SECRET";

    /// <param name="configuration">The configuration to complete.</param>
    /// <param name="getVariable">Reads an environment variable (injectable for tests).</param>
    public static void Resolve(AuditConfiguration configuration, Func<string, string?> getVariable)
    {
        if (configuration.EnvironmentUrl is null)
        {
            foreach (string name in new[] { EnvironmentUrlVariable, EnvironmentUrlAliasVariable })
            {
                if (Value(getVariable, name) is string url)
                {
                    configuration.EnvironmentUrl = url;
                    configuration.EnvironmentUrlSource = "environment variable " + name;
                    break;
                }
            }
        }

        if (configuration.ClientId is null && Value(getVariable, ClientIdVariable) is string clientId)
        {
            configuration.ClientId = clientId;
            configuration.ClientIdSource = "environment variable " + ClientIdVariable;
        }

        if (configuration.ClientSecret is null)
        {
            string name = configuration.ClientSecretEnv ?? ClientSecretVariable;
            if (Value(getVariable, name) is string secret)
            {
                configuration.ClientSecret = secret;
                configuration.ClientSecretSource = "environment variable " + name
                    + (configuration.ClientSecretEnv is null ? string.Empty : " (named by Environment.ClientSecretEnv)");
            }
            else if (configuration.ClientSecretEnv is not null)
            {
                configuration.ClientSecretSource = "environment variable " + name + " (named by Environment.ClientSecretEnv) is not set";
            }
        }

        ResolveMcp(configuration.Mcp, getVariable);
    }

    /// <summary>Reads the MCP clients' secrets from the variables Mcp.ClientSecretEnv and Mcp.LimitedClient.ClientSecretEnv name.</summary>
    private static void ResolveMcp(McpSettings mcp, Func<string, string?> getVariable)
    {
        if (mcp.ClientSecret is null && mcp.ClientSecretEnv is string name)
        {
            mcp.ClientSecret = Value(getVariable, name);
            mcp.ClientSecretSource = "environment variable " + name + " (named by Mcp.ClientSecretEnv)" + (mcp.ClientSecret is null ? " is not set" : string.Empty);
        }

        if (mcp.LimitedClientSecret is null && mcp.LimitedClientSecretEnv is string limited)
        {
            mcp.LimitedClientSecret = Value(getVariable, limited);
        }
    }

    private static string? Value(Func<string, string?> getVariable, string name)
    {
        string? value = getVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
