using System;
using System.IO;
using System.Management.Automation;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Commands;

/// <summary>Base of cmdlets that probe the network: the common network parameters and their validation.</summary>
public abstract class NetworkCmdletBase : SkCmdletBase
{
    /// <summary>Gets or sets the per-request timeout in seconds (default 10).</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Gets or sets an explicit HTTP proxy; by default the system proxy is used.</summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    /// <summary>Gets or sets a PEM file of extra trusted CA certificates, for internal or self-signed chains.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TrustedCaPath { get; set; }

    /// <summary>Gets or sets a value indicating whether TLS certificate validation is switched off. Every result then carries a Warning reason saying so.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Gets or sets the most requests per second sent to one host (default 5).</summary>
    [Parameter]
    [ValidateRange(0.1, 100)]
    public double MaxRequestsPerSecond { get; set; } = 5;

    /// <summary>Copies the network parameters into a configuration, validating the CA file (terminating on error).</summary>
    /// <param name="configuration">The configuration to fill.</param>
    internal void ApplyNetworkParameters(AuditConfiguration configuration)
    {
        NetworkSettings network = configuration.Network;
        if (MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSeconds)))
        {
            network.TimeoutSeconds = TimeoutSeconds;
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxRequestsPerSecond)))
        {
            network.MaxRequestsPerSecond = MaxRequestsPerSecond;
        }

        if (Proxy is not null)
        {
            network.Proxy = RequireHttpUrl(Proxy.OriginalString, nameof(Proxy)).AbsoluteUri;
        }

        if (TrustedCaPath is not null)
        {
            network.TrustedCaPath = ResolvePath(TrustedCaPath);
        }

        if (SkipCertificateCheck.IsPresent)
        {
            network.SkipCertificateCheck = true;
            WriteWarning("TLS certificate validation is switched off for this run (-SkipCertificateCheck); every result says so.");
        }

        if (network.TrustedCaPath is string caPath)
        {
            if (!File.Exists(caPath))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new FileNotFoundException($"The trusted-CA file '{caPath}' does not exist. Give the path of a PEM file with the CA certificate(s).", caPath),
                    ErrorIds.TrustedCaFileNotFound,
                    ErrorCategory.ObjectNotFound,
                    caPath));
            }

            try
            {
                CertificateTrust.LoadPem(caPath);
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or System.Security.Cryptography.CryptographicException)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidDataException($"The trusted-CA file '{caPath}' is not usable: {ex.Message} It must hold PEM certificates (-----BEGIN CERTIFICATE-----).", ex),
                    ErrorIds.TrustedCaFileInvalid,
                    ErrorCategory.InvalidData,
                    caPath));
            }
        }
    }

    /// <summary>Parses an absolute http(s) URL or stops the command with <see cref="ErrorIds.InvalidUri"/>.</summary>
    /// <param name="value">The value as given.</param>
    /// <param name="parameterName">The parameter, for the message.</param>
    /// <returns>The URL.</returns>
    internal Uri RequireHttpUrl(string value, string parameterName)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0)
        {
            return uri;
        }

        ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"-{parameterName} '{value}' is not an absolute http(s) URL. Give the full URL, for example https://mcp.example.com/mcp."),
            ErrorIds.InvalidUri,
            ErrorCategory.InvalidArgument,
            value));
        return null!; // unreachable: ThrowTerminatingError always throws
    }
}
