using System;
using System.Management.Automation;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// Base of the metrics cmdlets that call the environment with its API client (Get-SkAuthLog, Measure-SkTokenExchange):
/// -EnvironmentUrl and the client credentials, each defaulting to the SCALEKIT_* environment variables; a missing
/// value stops the command.
/// </summary>
public abstract class EnvironmentClientCmdletBase : ClientCredentialCmdletBase
{
    /// <summary>Gets or sets the environment URL; default: SCALEKIT_ENVIRONMENT_URL (or SCALEKIT_ENV_URL).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Builds a configuration with the environment and its credentials, or stops the command naming what is missing.</summary>
    /// <returns>The configuration (network parameters applied) and the environment URL.</returns>
    internal (AuditConfiguration Configuration, Uri Environment) ResolveEnvironment()
    {
        var configuration = new AuditConfiguration { EnvironmentUrl = EnvironmentUrl };
        ApplyClientCredentials(configuration);
        CredentialResolver.Resolve(configuration, System.Environment.GetEnvironmentVariable);
        string? missing = configuration.EnvironmentUrl is null ? "-EnvironmentUrl (or SCALEKIT_ENVIRONMENT_URL)"
            : configuration.ClientId is null ? "-ClientId (or SCALEKIT_CLIENT_ID)"
            : configuration.ClientSecret is null ? "-ClientSecret or -Credential (or SCALEKIT_CLIENT_SECRET)"
            : null;
        if (missing is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"No {missing}: give the environment URL and an API client id and secret of the environment (Dashboard › Developers › Settings › API credentials)."),
                ErrorIds.EnvironmentCredentialsMissing,
                ErrorCategory.InvalidArgument,
                null));
        }

        Uri environment = RequireHttpUrl(configuration.EnvironmentUrl!, nameof(EnvironmentUrl));
        ApplyNetworkParameters(configuration);
        return (configuration, environment);
    }
}
