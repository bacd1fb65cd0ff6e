using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks redirect URIs against the allowed list and the production rules, or probes the authorization server with variants of them (SK-AUTH-010).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkRedirectUri", DefaultParameterSetName = OfflineSet)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkRedirectUriCommand : NetworkCmdletBase
{
    private const string OfflineSet = "Offline";
    private const string LiveSet = "Live";

    /// <summary>Gets or sets the redirect URI(s): offline, the URIs the app uses; live, the registered URIs whose variants are sent.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uri")]
    [ValidateNotNullOrEmpty]
    public string[] RedirectUri { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets the dashboard's Allowed Callback URLs to compare with, byte for byte.</summary>
    [Parameter(ParameterSetName = OfflineSet)]
    [Alias("AllowedCallbackUrl")]
    [ValidateNotNullOrEmpty]
    public string[]? AllowedRedirectUri { get; set; }

    /// <summary>Gets or sets the Scalekit environment URL whose authorization endpoint is probed (live mode).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiveSet)]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the client id the redirect URIs are registered for (live mode).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiveSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        bool live = ParameterSetName == LiveSet;
        var check = new RedirectUriCheck(live ? RedirectUriProbeMode.Live : RedirectUriProbeMode.Offline);
        foreach (string value in RedirectUri)
        {
            var configuration = new AuditConfiguration();
            if (live)
            {
                configuration.EnvironmentUrl = RequireHttpUrl(EnvironmentUrl!, nameof(EnvironmentUrl)).OriginalString;
                configuration.ClientId = ClientId;
                configuration.Dashboard.AllowedCallbackUrls.Add(value);
            }
            else
            {
                // Judged as written: a malformed URI is a finding, not an input error.
                configuration.App.RedirectUris.Add(value);
                foreach (string allowed in AllowedRedirectUri ?? System.Array.Empty<string>())
                {
                    configuration.Dashboard.AllowedCallbackUrls.Add(allowed);
                }
            }

            ApplyNetworkParameters(configuration);
            AuditRunner.Run(this, configuration, new[] { check }, new AuditRunOptions(), showProgress: false);
        }
    }
}
