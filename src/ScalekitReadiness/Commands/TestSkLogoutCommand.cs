using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Logs a session out to check that logout clears it completely and ends the Scalekit session (SK-AUTH-070).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkLogout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkLogoutCommand : NetworkCmdletBase
{
    /// <summary>Gets or sets the app's logout URL.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? LogoutUrl { get; set; }

    /// <summary>Gets or sets the session cookie(s) to log out with (name=value[; name2=value2]), as a [securestring] or a string.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? SessionCookie { get; set; }

    /// <summary>Gets or sets the app's login URL, walked to earn a session when no -SessionCookie is given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LoginUrl { get; set; }

    /// <summary>Gets or sets the app's protected API, used to prove the session works before and is refused after logout.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProtectedApiUrl { get; set; }

    /// <summary>Gets or sets the Scalekit environment URL; the logout must redirect to its /oidc/logout.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the Post Logout URLs registered in the dashboard.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? PostLogoutUrl { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var inputs = new AuthInputs();
        if (SessionCookie is not null)
        {
            inputs.SessionCookie = SecretParameters.Plain(this, SessionCookie, nameof(SessionCookie));
        }

        var configuration = new AuditConfiguration();
        configuration.App.LogoutUrl = RequireHttpUrl(LogoutUrl!, nameof(LogoutUrl)).AbsoluteUri;
        configuration.App.LoginUrl = LoginUrl is null ? null : RequireHttpUrl(LoginUrl, nameof(LoginUrl)).AbsoluteUri;
        configuration.App.ProtectedApiUrl = ProtectedApiUrl is null ? null : RequireHttpUrl(ProtectedApiUrl, nameof(ProtectedApiUrl)).AbsoluteUri;
        configuration.EnvironmentUrl = EnvironmentUrl is null ? null : RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString;
        foreach (string url in PostLogoutUrl ?? System.Array.Empty<string>())
        {
            configuration.Dashboard.PostLogoutUrls.Add(url);
        }

        ApplyNetworkParameters(configuration);
        configuration.AllowStateChange = ShouldProcess(configuration.App.LogoutUrl, "Log the session out (SK-AUTH-070); the session used ends");
        AuditRunner.Run(this, configuration, new[] { new LogoutCheck(inputs) }, new AuditRunOptions(), showProgress: false);
    }
}
