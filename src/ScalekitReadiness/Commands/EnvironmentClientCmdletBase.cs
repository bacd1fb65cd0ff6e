using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// Base of the cmdlets that call the environment with its API client (Get-SkAuthLog, Measure-SkTokenExchange):
/// -EnvironmentUrl, -ClientId and -ClientSecret or -Credential, each defaulting to the SCALEKIT_* environment variables.
/// </summary>
public abstract class EnvironmentClientCmdletBase : NetworkCmdletBase
{
    /// <summary>The parameter set of -ClientId/-ClientSecret.</summary>
    protected const string SecretSet = "Secret";

    /// <summary>The parameter set of -Credential.</summary>
    protected const string CredentialSet = "Credential";

    /// <summary>Gets or sets the environment URL; default: SCALEKIT_ENVIRONMENT_URL (or SCALEKIT_ENV_URL).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the API client id; default: SCALEKIT_CLIENT_ID.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the API client secret; default: SCALEKIT_CLIENT_SECRET.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>Gets or sets the client id (user name) and secret (password), e.g. from Get-AutomationPSCredential.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>Builds a configuration with the environment and its credentials, or stops the command naming what is missing.</summary>
    /// <returns>The configuration (network parameters applied) and the environment URL.</returns>
    internal (AuditConfiguration Configuration, Uri Environment) ResolveEnvironment()
    {
        var configuration = new AuditConfiguration { EnvironmentUrl = EnvironmentUrl };
        if (Credential is not null)
        {
            configuration.ClientId = Credential.UserName;
            configuration.ClientSecret = Credential.GetNetworkCredential().Password;
        }
        else
        {
            configuration.ClientId = ClientId;
            configuration.ClientSecret = ClientSecret is null ? null : new NetworkCredential(string.Empty, ClientSecret).Password;
        }

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
