using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks the environment's JWKS and that tokens verify against it with RS256 and a Scalekit issuer (SK-AUTH-051).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkTokenSignature", DefaultParameterSetName = SecretSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkTokenSignatureCommand : ClientCredentialCmdletBase
{
    private readonly AuthInputs _inputs = new();

    /// <summary>Gets or sets the environment URL; default: SCALEKIT_ENVIRONMENT_URL.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the access token(s) to verify, each a [securestring] or a string.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public object[]? AccessToken { get; set; }

    /// <summary>Gets or sets a HAR file whose Bearer headers and token responses are verified.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HarPath { get; set; }

    /// <summary>Gets or sets the MCP server's resource id (res_...), for the exact resource issuer form.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResourceId { get; set; }

    /// <summary>Gets or sets a value indicating whether the audit may mint one client_credentials token when none is given.</summary>
    [Parameter]
    public SwitchParameter AllowStateChange { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (object token in AccessToken ?? System.Array.Empty<object>())
        {
            _inputs.AccessTokens.Add(SecretParameters.Plain(this, token, nameof(AccessToken)));
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var configuration = new AuditConfiguration();
        if (EnvironmentUrl is not null)
        {
            configuration.EnvironmentUrl = RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString;
            configuration.EnvironmentUrlSource = "parameter -EnvironmentUrl";
        }

        if (HarPath is not null)
        {
            _inputs.HarPath = SecretParameters.HarFile(this, HarPath);
        }

        configuration.Mcp.ResourceId = ResourceId;
        ApplyClientCredentials(configuration);
        ApplyNetworkParameters(configuration);
        _inputs.MintToken = _inputs.AccessTokens.Count == 0 && _inputs.HarPath is null && AllowStateChange.IsPresent
            && ShouldProcess(configuration.EnvironmentUrl ?? "the environment named by SCALEKIT_ENVIRONMENT_URL", "Mint one client_credentials access token to verify (SK-AUTH-051)");
        AuditRunner.Run(this, configuration, new[] { new TokenSignatureCheck(_inputs) }, new AuditRunOptions(), showProgress: false);
    }
}
