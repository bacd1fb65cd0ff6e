using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that the app's session and token cookies are HttpOnly, Secure and SameSite (SK-AUTH-040), live or from a HAR file.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkSessionCookie", DefaultParameterSetName = LiveSet)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkSessionCookieCommand : NetworkCmdletBase
{
    private const string LiveSet = "Live";
    private const string HarSet = "Har";

    /// <summary>Gets or sets the URL(s) where the walk starts, typically the app's login URL.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LiveSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("LoginUrl")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets a HAR file exported from the browser after a complete login.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HarSet)]
    [ValidateNotNullOrEmpty]
    public string? HarPath { get; set; }

    /// <summary>Gets or sets the app's protected API, also visited after the live walk with the cookies it earned.</summary>
    [Parameter(ParameterSetName = LiveSet)]
    [ValidateNotNullOrEmpty]
    public string? ProtectedApiUrl { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var inputs = new AuthInputs();
        var configuration = new AuditConfiguration();
        if (HarPath is not null)
        {
            inputs.HarPath = SecretParameters.HarFile(this, HarPath);
        }

        foreach (string value in Uri)
        {
            inputs.StartUrls.Add(RequireHttpUrl(value, nameof(Uri)).AbsoluteUri);
        }

        if (ProtectedApiUrl is not null)
        {
            configuration.App.ProtectedApiUrl = RequireHttpUrl(ProtectedApiUrl, nameof(ProtectedApiUrl)).AbsoluteUri;
        }

        ApplyNetworkParameters(configuration);
        AuditRunner.Run(this, configuration, new[] { new SessionCookieCheck(inputs) }, new AuditRunOptions(), showProgress: false);
    }
}
