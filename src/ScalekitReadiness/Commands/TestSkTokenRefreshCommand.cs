using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Spends a refresh token to check that the refresh_token grant works and rotates (SK-AUTH-060).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkTokenRefresh", DefaultParameterSetName = SecretSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkTokenRefreshCommand : ClientCredentialCmdletBase
{
    /// <summary>Gets or sets the refresh token to spend, as a [securestring] or a string.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public object? RefreshToken { get; set; }

    /// <summary>Gets or sets the environment URL; default: SCALEKIT_ENVIRONMENT_URL.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets a HAR file, in which the app's own silent refreshes are reported.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HarPath { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var inputs = new AuthInputs { RefreshToken = SecretParameters.Plain(this, RefreshToken!, nameof(RefreshToken)) };
        var configuration = new AuditConfiguration();
        if (EnvironmentUrl is not null)
        {
            configuration.EnvironmentUrl = RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString;
        }

        if (HarPath is not null)
        {
            inputs.HarPath = SecretParameters.HarFile(this, HarPath);
        }

        ApplyClientCredentials(configuration);
        ApplyNetworkParameters(configuration);
        configuration.AllowStateChange = ShouldProcess(
            configuration.EnvironmentUrl ?? "the environment named by SCALEKIT_ENVIRONMENT_URL",
            "Spend the refresh token (refresh_token grant), then replay it to prove it was rotated (SK-AUTH-060)");
        AuditRunner.Run(this, configuration, new[] { new TokenRefreshCheck(inputs) }, new AuditRunOptions(), showProgress: false);
    }
}
