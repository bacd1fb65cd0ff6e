using System;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks the token endpoint's authorization_code grant: fake codes, wrong secrets, no-store, and optionally a real code's exchange and single use (SK-AUTH-020).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkCodeExchange", DefaultParameterSetName = SecretSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkCodeExchangeCommand : ClientCredentialCmdletBase
{
    /// <summary>Gets or sets the environment URL; default: SCALEKIT_ENVIRONMENT_URL (or SCALEKIT_ENV_URL).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets a real authorization code from a login the admin completed in a browser.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AuthorizationCode { get; set; }

    /// <summary>Gets or sets the PKCE code_verifier that login started with.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CodeVerifier { get; set; }

    /// <summary>Gets or sets the redirect_uri that login's authorization request carried.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RedirectUri { get; set; }

    /// <summary>Gets or sets the nonce that login's authorization request carried; the ID token must echo it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Nonce { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var configuration = new AuditConfiguration();
        if (EnvironmentUrl is not null)
        {
            configuration.EnvironmentUrl = RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString;
            configuration.EnvironmentUrlSource = "parameter -EnvironmentUrl";
        }

        ApplyClientCredentials(configuration);

        CodeExchangeInputs? inputs = null;
        if (AuthorizationCode is not null)
        {
            if (CodeVerifier is null || RedirectUri is null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-AuthorizationCode needs -CodeVerifier and -RedirectUri: the token endpoint checks both against the login that produced the code."),
                    ErrorIds.AuthorizationCodeIncomplete,
                    ErrorCategory.InvalidArgument,
                    null));
            }

            inputs = new CodeExchangeInputs(AuthorizationCode, CodeVerifier!, RequireHttpUrl(RedirectUri!, nameof(RedirectUri)).OriginalString, Nonce);

            // Spending the code is the state change; -WhatIf keeps it unspent.
            configuration.AllowStateChange = ShouldProcess(
                configuration.EnvironmentUrl ?? "the environment named by SCALEKIT_ENVIRONMENT_URL",
                "Exchange the supplied authorization code, then try it a second time (SK-AUTH-020)");
        }

        ApplyNetworkParameters(configuration);
        AuditRunner.Run(this, configuration, new[] { new CodeExchangeCheck(inputs) }, new AuditRunOptions(), showProgress: false);
    }
}
