using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks the Scalekit environment URL and API credentials (SK-QC-001, SK-QC-002).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkEnvironmentConfig", DefaultParameterSetName = SecretSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkEnvironmentConfigCommand : ClientCredentialCmdletBase
{
    /// <summary>Gets or sets the environment URL; default: SCALEKIT_ENVIRONMENT_URL (or SCALEKIT_ENV_URL).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets a value indicating whether SK-QC-002 may mint one client_credentials token.</summary>
    [Parameter]
    public SwitchParameter AllowStateChange { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var configuration = new AuditConfiguration();
        if (EnvironmentUrl is not null)
        {
            // Judged as written (SK-QC-001 reports http, paths, placeholders), so no URL validation here.
            configuration.EnvironmentUrl = EnvironmentUrl;
            configuration.EnvironmentUrlSource = "parameter -EnvironmentUrl";
        }

        ApplyClientCredentials(configuration);
        ApplyNetworkParameters(configuration);
        configuration.AllowStateChange = AllowStateChange.IsPresent
            && ShouldProcess(configuration.EnvironmentUrl ?? "the environment named by SCALEKIT_ENVIRONMENT_URL", "Mint one client_credentials access token (SK-QC-002)");
        var checks = new[]
        {
            CheckCatalog.Find(EnvironmentConfigCheck.CheckId)!,
            CheckCatalog.Find(CredentialsMatchEnvironmentCheck.CheckId)!,
        };
        AuditRunner.Run(this, configuration, checks, new AuditRunOptions { ThrottleLimit = 1 }, showProgress: false);
    }
}
