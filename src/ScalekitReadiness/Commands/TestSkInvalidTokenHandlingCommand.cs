using System.Collections.Generic;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that a protected API or MCP endpoint refuses expired, forged, malformed and empty bearer tokens with 401 (SK-AUTH-080).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkInvalidTokenHandling")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkInvalidTokenHandlingCommand : NetworkCmdletBase
{
    /// <summary>Gets or sets the protected API URL(s), probed with GET.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ProtectedApiUrl")]
    [ValidateNotNullOrEmpty]
    public string[]? Uri { get; set; }

    /// <summary>Gets or sets the MCP endpoint URL(s), probed with an initialize POST.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? McpServerUrl { get; set; }

    /// <summary>Gets or sets the Scalekit environment URL: the forged tokens carry its issuer and the kid of its JWKS.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets a genuinely expired access token of the environment, as a [securestring] or a string.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? ExpiredToken { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var targets = new List<(string Url, bool Mcp)>();
        foreach (string url in Uri ?? System.Array.Empty<string>())
        {
            targets.Add((RequireHttpUrl(url, nameof(Uri)).AbsoluteUri, false));
        }

        foreach (string url in McpServerUrl ?? System.Array.Empty<string>())
        {
            targets.Add((RequireHttpUrl(url, nameof(McpServerUrl)).OriginalString, true));
        }

        if (targets.Count == 0)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("Give the protected API with -Uri, the MCP endpoint with -McpServerUrl, or both."),
                ErrorIds.NoTargetGiven,
                ErrorCategory.InvalidArgument,
                null));
        }

        var inputs = new AuthInputs { ExpiredToken = ExpiredToken is null ? null : SecretParameters.Plain(this, ExpiredToken, nameof(ExpiredToken)) };
        var configuration = new AuditConfiguration
        {
            EnvironmentUrl = EnvironmentUrl is null ? null : RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString,
        };
        ApplyNetworkParameters(configuration);
        AuditRunner.Run(this, configuration, new[] { new InvalidTokenHandlingCheck(inputs, targets) }, new AuditRunOptions(), showProgress: false);
    }
}
