using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Cors;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that endpoints share their answers only with your origins (SK-QC-020).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkCorsPolicy")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkCorsPolicyCommand : NetworkCmdletBase
{
    private readonly List<string> _origins = new();

    /// <summary>Gets or sets the endpoint URL(s): app API, login, callback, logout, the MCP endpoint, or public metadata.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = Array.Empty<string>();

    /// <summary>Gets or sets the origins your web app runs on, e.g. https://app.example.com; they should be allowed, and look-alikes of them must not be.</summary>
    [Parameter]
    [Alias("AllowedOrigins")]
    [ValidateNotNullOrEmpty]
    public string[]? AllowedOrigin { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        foreach (string value in AllowedOrigin ?? Array.Empty<string>())
        {
            if (!CorsOrigins.TryNormalize(value, out string origin, out string problem))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-AllowedOrigin '{value}' is not an origin: {problem}. Give scheme://host[:port], for example https://app.example.com."),
                    ErrorIds.InvalidOrigin,
                    ErrorCategory.InvalidArgument,
                    value));
            }

            if (!_origins.Contains(origin, StringComparer.Ordinal))
            {
                _origins.Add(origin);
            }
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        System.Uri[] urls = Uri.Select(value => RequireHttpUrl(value, nameof(Uri))).ToArray();
        var configuration = new AuditConfiguration();
        foreach (string origin in _origins)
        {
            configuration.App.AllowedOrigins.Add(origin);
        }

        ApplyNetworkParameters(configuration);
        AuditRunner.Run(this, configuration, new[] { CorsPolicyCheck.ForUrls(urls, "-Uri") }, new AuditRunOptions(), showProgress: false);
    }
}
