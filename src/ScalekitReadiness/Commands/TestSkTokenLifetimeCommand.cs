using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that access, ID and refresh token lifetimes fit the policy and the session settings (SK-AUTH-050).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkTokenLifetime", DefaultParameterSetName = SecretSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkTokenLifetimeCommand : ClientCredentialCmdletBase
{
    /// <summary>Gets or sets the access token(s) to judge, each a [securestring] or a string.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public object[]? AccessToken { get; set; }

    /// <summary>Gets or sets a HAR file whose Bearer headers and token responses are judged.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HarPath { get; set; }

    /// <summary>Gets or sets the environment URL (to mint a token with -AllowStateChange); default: SCALEKIT_ENVIRONMENT_URL.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the longest acceptable access-token lifetime in seconds (default 3600).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public long MaxAccessTokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Gets or sets the idle session timeout of Dashboard › Session settings, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public long SessionIdleTimeoutSeconds { get; set; }

    /// <summary>Gets or sets the absolute session timeout of Dashboard › Session settings, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public long SessionAbsoluteTimeoutSeconds { get; set; }

    /// <summary>Gets or sets a value indicating whether the audit may mint one client_credentials token when none is given.</summary>
    [Parameter]
    public SwitchParameter AllowStateChange { get; set; }

    private readonly AuthInputs _inputs = new();

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
        if (HarPath is not null)
        {
            _inputs.HarPath = SecretParameters.HarFile(this, HarPath);
        }

        if (EnvironmentUrl is not null)
        {
            configuration.EnvironmentUrl = RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString;
        }

        configuration.Policy.MaxAccessTokenLifetimeSeconds = MaxAccessTokenLifetimeSeconds;
        configuration.Dashboard.SessionIdleTimeoutSeconds = MyInvocation.BoundParameters.ContainsKey(nameof(SessionIdleTimeoutSeconds)) ? SessionIdleTimeoutSeconds : null;
        configuration.Dashboard.SessionAbsoluteTimeoutSeconds = MyInvocation.BoundParameters.ContainsKey(nameof(SessionAbsoluteTimeoutSeconds)) ? SessionAbsoluteTimeoutSeconds : null;
        ApplyClientCredentials(configuration);
        ApplyNetworkParameters(configuration);
        _inputs.MintToken = _inputs.AccessTokens.Count == 0 && _inputs.HarPath is null && AllowStateChange.IsPresent
            && ShouldProcess(configuration.EnvironmentUrl ?? "the environment named by SCALEKIT_ENVIRONMENT_URL", "Mint one client_credentials access token to judge (SK-AUTH-050)");
        AuditRunner.Run(this, configuration, new[] { new TokenLifetimeCheck(_inputs) }, new AuditRunOptions(), showProgress: false);
    }
}
