using System.Management.Automation;
using System.Net;
using System.Security;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// Base of the cmdlets that authenticate as the environment's API client: -ClientId and -ClientSecret (parameter set
/// Secret) or -Credential (parameter set Credential), each defaulting to the SCALEKIT_* environment variables.
/// </summary>
public abstract class ClientCredentialCmdletBase : NetworkCmdletBase
{
    /// <summary>The parameter set of -ClientId and -ClientSecret (the default).</summary>
    protected const string SecretSet = "Secret";

    /// <summary>The parameter set of -Credential.</summary>
    protected const string CredentialSet = "Credential";

    /// <summary>Gets or sets the client id; default: SCALEKIT_CLIENT_ID.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the client secret; default: SCALEKIT_CLIENT_SECRET.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>Gets or sets the client id (user name) and secret (password), e.g. from Get-AutomationPSCredential.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>Copies the client id and secret that were given into <paramref name="configuration"/>, with their sources.</summary>
    /// <param name="configuration">The configuration to fill; unset values stay for the SCALEKIT_* variables.</param>
    internal void ApplyClientCredentials(AuditConfiguration configuration)
    {
        if (Credential is not null)
        {
            configuration.ClientId = Credential.UserName;
            configuration.ClientIdSource = "parameter -Credential (user name)";
            configuration.ClientSecret = Credential.GetNetworkCredential().Password;
            configuration.ClientSecretSource = "parameter -Credential (password)";
            return;
        }

        if (ClientId is not null)
        {
            configuration.ClientId = ClientId;
            configuration.ClientIdSource = "parameter -ClientId";
        }

        if (ClientSecret is not null)
        {
            configuration.ClientSecret = new NetworkCredential(string.Empty, ClientSecret).Password;
            configuration.ClientSecretSource = "parameter -ClientSecret";
        }
    }
}
