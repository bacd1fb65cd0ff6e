using System.Collections;
using System.IO;
using System.Management.Automation;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>Reads -Attestation objects (hashtables or objects with the configuration's attestation keys) into a configuration.</summary>
internal static class AttestationParameter
{
    /// <summary>Validates <paramref name="values"/> with the configuration's rules and adds them, or stops the command with <see cref="ErrorIds.AttestationInvalid"/>.</summary>
    public static void Apply(PSCmdlet cmdlet, object[]? values, AuditConfiguration configuration)
    {
        if (values is null || values.Length == 0)
        {
            return;
        }

        var items = new ArrayList();
        foreach (object value in values)
        {
            items.Add(value is PSObject wrapped && wrapped.BaseObject is IDictionary dictionary ? dictionary : value);
        }

        try
        {
            AuditConfiguration read = ConfigurationReader.FromDictionary(new Hashtable { ["Attestations"] = items }, "-Attestation", cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            foreach (AttestationEntry entry in read.Attestations)
            {
                configuration.Attestations.Add(entry);
            }
        }
        catch (ConfigurationException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new InvalidDataException(ex.Message.Replace("$.Attestations", "-Attestation"), ex),
                ErrorIds.AttestationInvalid,
                ErrorCategory.InvalidArgument,
                values));
        }
    }
}
