using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that the app's login URL starts a correct authorization request (SK-AUTH-001).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkLoginInitiation")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkLoginInitiationCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(LoginInitiationCheck.CheckId)!;

    /// <summary>Gets or sets the app's login URL(s), e.g. https://app.example.com/login.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] LoginUrl { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets the Scalekit environment URL; default: SCALEKIT_ENVIRONMENT_URL.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the client id the app must send; default: SCALEKIT_CLIENT_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the redirect URIs the app may send (the dashboard's Allowed Callback URLs).</summary>
    [Parameter]
    [Alias("AllowedCallbackUrl")]
    [ValidateNotNullOrEmpty]
    public string[]? AllowedRedirectUri { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (string value in LoginUrl)
        {
            var configuration = new AuditConfiguration
            {
                EnvironmentUrl = EnvironmentUrl is null ? null : RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString,
                ClientId = ClientId,
            };
            configuration.App.LoginUrl = RequireHttpUrl(value, nameof(LoginUrl)).OriginalString;
            foreach (string allowed in AllowedRedirectUri ?? System.Array.Empty<string>())
            {
                configuration.Dashboard.AllowedCallbackUrls.Add(allowed);
            }

            ApplyNetworkParameters(configuration);
            AuditRunner.Run(this, configuration, new[] { _check }, new AuditRunOptions(), showProgress: false);
        }
    }
}
