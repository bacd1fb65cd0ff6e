using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Commands;

/// <summary>Runs checks for a cmdlet: builds the context, streams results, probe lines to -Verbose/-Debug, and progress.</summary>
internal static class AuditRunner
{
    private const int ActivityId = 7310;

    /// <summary>Runs <paramref name="checks"/> against <paramref name="configuration"/> and writes each result as it completes.</summary>
    public static void Run(
        SkCmdletBase cmdlet,
        AuditConfiguration configuration,
        IReadOnlyList<Check> checks,
        AuditRunOptions options,
        bool showProgress) =>
        RunMany(cmdlet, new[] { configuration }, checks, options, showProgress, deploymentThrottle: 1);

    /// <summary>
    /// Audits several deployments (a fleet) at once, at most <paramref name="deploymentThrottle"/> at a time; every
    /// result carries its deployment's name and all share one run id.
    /// </summary>
    public static void RunMany(
        SkCmdletBase cmdlet,
        IReadOnlyList<AuditConfiguration> configurations,
        IReadOnlyList<Check> checks,
        AuditRunOptions options,
        bool showProgress,
        int deploymentThrottle)
    {
        var runId = Guid.NewGuid();
        var probes = new List<ProbeClient>();
        try
        {
            var contexts = new List<AuditContext>();
            foreach (AuditConfiguration configuration in configurations)
            {
                CredentialResolver.Resolve(configuration, Environment.GetEnvironmentVariable);
                ProbeClient probe = AuditContext.CreateProbe(configuration);
                probes.Add(probe);
                contexts.Add(new AuditContext(configuration, probe, runId));
            }

            cmdlet.RunPumped(async post =>
            {
                using var throttle = new SemaphoreSlim(Math.Max(1, deploymentThrottle));
                await Task.WhenAll(contexts.Select(async (context, index) =>
                {
                    await throttle.WaitAsync(cmdlet.CancelTokenForRunner).ConfigureAwait(false);
                    try
                    {
                        context.Probe.ExchangeRecorded += exchange => post(() => WriteExchange(cmdlet, exchange));
                        string activity = Activity(context.Configuration);
                        await AuditEngine.RunAsync(
                            context,
                            checks,
                            options,
                            result => post(() => cmdlet.WriteObject(result)),
                            showProgress
                                ? progress => post(() => cmdlet.WriteProgress(new ProgressRecord(ActivityId + index, activity, $"{progress.Section}: {progress.CheckId}")
                                {
                                    PercentComplete = progress.Total == 0 ? 100 : progress.Completed * 100 / progress.Total,
                                }))
                                : null,
                            cmdlet.CancelTokenForRunner).ConfigureAwait(false);
                    }
                    finally
                    {
                        throttle.Release();
                    }
                })).ConfigureAwait(false);
            });

            if (showProgress)
            {
                for (int index = 0; index < contexts.Count; index++)
                {
                    cmdlet.WriteProgress(new ProgressRecord(ActivityId + index, Activity(contexts[index].Configuration), "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
        }
        finally
        {
            probes.ForEach(p => p.Dispose());
        }
    }

    private static string Activity(AuditConfiguration configuration) =>
        "Scalekit readiness audit" + (configuration.Name is null ? string.Empty : " of " + configuration.Name);

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
