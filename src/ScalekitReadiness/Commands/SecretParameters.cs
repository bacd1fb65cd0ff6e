using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Security;

namespace ScalekitReadiness.Commands;

/// <summary>Reads the token, cookie and HAR parameters of the auth-flow cmdlets; a token may come as [securestring] or as a string.</summary>
internal static class SecretParameters
{
    /// <summary>The plain value of a [securestring] or string parameter; stops the command on anything else.</summary>
    public static string Plain(PSCmdlet cmdlet, object value, string parameterName)
    {
        object inner = value is PSObject wrapped ? wrapped.BaseObject : value;
        string? plain = inner switch
        {
            SecureString secure => new NetworkCredential(string.Empty, secure).Password,
            string text => text,
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(plain))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-{parameterName} must be a non-empty [securestring] (Read-Host -AsSecureString, Get-Secret, Get-AutomationVariable) or a string; got {(inner is null ? "nothing" : inner.GetType().Name)}. The value itself is never shown."),
                ErrorIds.SecretParameterInvalid,
                ErrorCategory.InvalidArgument,
                parameterName));
        }

        return plain!.Trim();
    }

    /// <summary>The full path of an existing HAR file; stops the command with <see cref="ErrorIds.HarFileNotFound"/> otherwise.</summary>
    public static string HarFile(PSCmdlet cmdlet, string path)
    {
        string full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        if (!File.Exists(full))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new FileNotFoundException($"The HAR file '{full}' does not exist. Export it from the browser's developer tools after a complete login (Network tab › Export HAR; in Chrome choose 'with sensitive data').", full),
                ErrorIds.HarFileNotFound,
                ErrorCategory.ObjectNotFound,
                full));
        }

        return full;
    }
}
