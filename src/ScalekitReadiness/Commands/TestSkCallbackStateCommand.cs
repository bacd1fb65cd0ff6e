using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that the app's callback refuses missing, forged and unbound state and shows a friendly page for identity-provider errors (SK-AUTH-030, SK-AUTH-031).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkCallbackState")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkCallbackStateCommand : NetworkCmdletBase
{
    private readonly Check[] _checks =
    {
        CheckCatalog.Find(CallbackStateCheck.CheckId)!,
        CheckCatalog.Find(IdentityProviderErrorCheck.CheckId)!,
    };

    /// <summary>Gets or sets the app's callback URL(s), e.g. https://app.example.com/auth/callback.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] CallbackUrl { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets the app's login URL, for the case of a fresh login's state sent without its cookie.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LoginUrl { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (string value in CallbackUrl)
        {
            var configuration = new AuditConfiguration();
            configuration.App.CallbackUrl = RequireHttpUrl(value, nameof(CallbackUrl)).OriginalString;
            configuration.App.LoginUrl = LoginUrl is null ? null : RequireHttpUrl(LoginUrl, nameof(LoginUrl)).OriginalString;
            ApplyNetworkParameters(configuration);
            AuditRunner.Run(this, configuration, _checks, new AuditRunOptions { ThrottleLimit = 1 }, showProgress: false);
        }
    }
}
