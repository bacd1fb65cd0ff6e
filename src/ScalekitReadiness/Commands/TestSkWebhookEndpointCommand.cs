using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Monitoring;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that a Scalekit webhook receiver rejects unsigned, wrongly signed and replayed events (SK-MON-020).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkWebhookEndpoint")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkWebhookEndpointCommand : NetworkCmdletBase
{
    /// <summary>Gets or sets the receiver's URL, e.g. https://app.example.com/webhooks/scalekit.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("WebhookUrl")]
    [ValidateNotNullOrEmpty]
    public string Uri { get; set; } = string.Empty;

    /// <summary>Gets or sets the NAME of the environment variable that holds the signing secret (whsec_…); needed for the replay probe.</summary>
    [Parameter]
    [Alias("WebhookSecretEnv")]
    [ValidateNotNullOrEmpty]
    public string? SecretEnv { get; set; }

    /// <summary>Gets or sets attestations (hashtables with CheckId, By, On, Evidence), e.g. that failures reach error tracking.</summary>
    [Parameter]
    [ValidateNotNull]
    public object[]? Attestation { get; set; }

    /// <summary>Gets or sets how old an attestation may be, in days (default 180, Policy.AttestationMaxAgeDays).</summary>
    [Parameter]
    [ValidateRange(1, 3650)]
    public int MaxAgeDays { get; set; } = 180;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var configuration = new AuditConfiguration();
        configuration.Monitoring.WebhookUrl = RequireHttpUrl(Uri, nameof(Uri)).OriginalString;
        configuration.Monitoring.WebhookSecretEnv = SecretEnv;
        configuration.Policy.AttestationMaxAgeDays = MaxAgeDays;
        AttestationParameter.Apply(this, Attestation, configuration);
        ApplyNetworkParameters(configuration);
        AuditRunner.Run(this, configuration, new[] { CheckCatalog.Find(WebhookVerificationCheck.CheckId)! }, new AuditRunOptions(), showProgress: false);
    }
}
