using System;
using System.Linq;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that auth endpoints are served over HTTPS only, with HSTS, TLS 1.2+ and a valid certificate (SK-QC-010).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkHttpsEnforcement")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkHttpsEnforcementCommand : NetworkCmdletBase
{
    private int _examined;

    /// <summary>Gets or sets the endpoint URL(s): the environment, the app's login/callback/logout/API, the MCP server.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = Array.Empty<string>();

    /// <summary>Gets or sets the plain-http URL to probe instead of http://&lt;host&gt;/&lt;path&gt; on port 80; only with a single -Uri.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HttpUri { get; set; }

    /// <summary>Gets or sets the smallest acceptable Strict-Transport-Security max-age, in seconds (default 15552000, 180 days).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MinHstsMaxAgeSeconds { get; set; } = 15552000;

    /// <summary>Gets or sets the days before certificate expiry from which the result is a Warning (default 30).</summary>
    [Parameter]
    [ValidateRange(0, 3650)]
    public int CertificateExpiryWarningDays { get; set; } = 30;

    /// <summary>Gets or sets the days before certificate expiry from which the result is Failed (default 7).</summary>
    [Parameter]
    [ValidateRange(0, 3650)]
    public int CertificateExpiryFailDays { get; set; } = 7;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        System.Uri[] urls = Uri.Select(value => RequireHttpUrl(value, nameof(Uri))).ToArray();
        _examined += urls.Length;
        string? plain = null;
        if (HttpUri is not null)
        {
            if (_examined > 1)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-HttpUri names the plain-http URL of one endpoint, but several -Uri values were given. Run the command once per endpoint, or leave -HttpUri out to probe http://<host>/<path> on port 80."),
                    ErrorIds.HttpUriNeedsSingleUri,
                    ErrorCategory.InvalidArgument,
                    HttpUri));
            }

            System.Uri http = RequireHttpUrl(HttpUri, nameof(HttpUri));
            if (http.Scheme != System.Uri.UriSchemeHttp)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-HttpUri '{HttpUri}' is not a plain http:// URL. Give the http:// address of the endpoint, for example http://app.example.com/login."),
                    ErrorIds.InvalidUri,
                    ErrorCategory.InvalidArgument,
                    HttpUri));
            }

            plain = http.OriginalString;
        }

        var configuration = new AuditConfiguration();
        configuration.Policy.MinHstsMaxAgeSeconds = MinHstsMaxAgeSeconds;
        configuration.Policy.CertificateExpiryWarningDays = CertificateExpiryWarningDays;
        configuration.Policy.CertificateExpiryFailDays = CertificateExpiryFailDays;
        ApplyNetworkParameters(configuration);
        HttpsEndpoint[] endpoints = urls.Select(url => new HttpsEndpoint(url.OriginalString, plain)).ToArray();
        AuditRunner.Run(this, configuration, new[] { new HttpsEnforcementCheck(endpoints) }, new AuditRunOptions(), showProgress: false);
    }
}
