using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Commands;

/// <summary>Runs checks for a cmdlet: builds the context, streams results, probe lines to -Verbose/-Debug, and progress.</summary>
internal static class AuditRunner
{
    /// <summary>Runs <paramref name="checks"/> against <paramref name="configuration"/> and writes each result as it completes.</summary>
    public static void Run(
        SkCmdletBase cmdlet,
        AuditConfiguration configuration,
        IReadOnlyList<Check> checks,
        AuditRunOptions options,
        bool showProgress)
    {
        CredentialResolver.Resolve(configuration, Environment.GetEnvironmentVariable);
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        const int ActivityId = 7310;
        string activity = "Scalekit readiness audit" + (configuration.Name is null ? string.Empty : " of " + configuration.Name);
        cmdlet.RunPumped(async post =>
        {
            probe.ExchangeRecorded += exchange => post(() => WriteExchange(cmdlet, exchange));
            await AuditEngine.RunAsync(
                context,
                checks,
                options,
                result => post(() => cmdlet.WriteObject(result)),
                showProgress
                    ? progress => post(() => cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, $"{progress.Section}: {progress.CheckId}")
                    {
                        PercentComplete = progress.Total == 0 ? 100 : progress.Completed * 100 / progress.Total,
                    }))
                    : null,
                cmdlet.CancelTokenForRunner).ConfigureAwait(false);
        });
        if (showProgress)
        {
            cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private static void WriteExchange(PSCmdlet cmdlet, ProbeExchange exchange)
    {
        cmdlet.WriteVerbose(exchange.Summary);
        if (exchange.RequestHeaders.Count + exchange.ResponseHeaders.Count > 0)
        {
            cmdlet.WriteDebug(
                exchange.Method + " " + exchange.Url + Environment.NewLine
                + string.Join(Environment.NewLine, exchange.RequestHeaders.Select(h => "> " + h.Key + ": " + h.Value)) + Environment.NewLine
                + string.Join(Environment.NewLine, exchange.ResponseHeaders.Select(h => "< " + h.Key + ": " + h.Value)));
        }
    }
}
