using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Audit;

/// <summary>Progress of a run: which section and check, and how many checks are done.</summary>
internal sealed class AuditProgress
{
    public AuditProgress(CheckSection section, string checkId, int completed, int total)
    {
        Section = section;
        CheckId = checkId;
        Completed = completed;
        Total = total;
    }

    public CheckSection Section { get; }

    public string CheckId { get; }

    public int Completed { get; }

    public int Total { get; }
}

/// <summary>How a run behaves beyond the configuration.</summary>
internal sealed class AuditRunOptions
{
    /// <summary>Gets or sets a value indicating whether later sections run despite a High/Critical failure earlier.</summary>
    public bool IgnoreBlockers { get; set; }

    /// <summary>Gets or sets how many checks of one section run at once.</summary>
    public int ThrottleLimit { get; set; } = 8;
}

/// <summary>
/// Runs checks section by section (QC → AUTH → MCP → MON) with blocker semantics, checks of a section
/// concurrently, and streams each result as soon as it is final.
/// </summary>
internal static class AuditEngine
{
    /// <summary>The reason added to every result when certificate validation was switched off.</summary>
    public const string SkipCertificateCheckReason =
        "TLS certificate validation was switched off (-SkipCertificateCheck): nothing in this result proves the endpoint's certificate is valid.";

    public static async Task RunAsync(
        AuditContext context,
        IEnumerable<Check> checks,
        AuditRunOptions options,
        Action<CheckResult> onResult,
        Action<AuditProgress>? onProgress,
        CancellationToken cancellationToken)
    {
        Check[] selected = checks.ToArray();
        int completed = 0;
        CheckSection? blockingSection = null;
        foreach (IGrouping<CheckSection, Check> section in selected.GroupBy(c => c.Definition.Section).OrderBy(g => g.Key))
        {
            if (blockingSection is CheckSection blocker && !options.IgnoreBlockers)
            {
                foreach (Check check in section)
                {
                    onResult(context.StartResult(check.Definition, TargetOf(check, context)).NotRun(
                        NotRunReason.Blocked,
                        $"Blocked: a High or Critical check failed in section {blocker}, which must pass first. Fix it, or run with -IgnoreBlockers."));
                    onProgress?.Invoke(new AuditProgress(section.Key, check.Definition.Id, Interlocked.Increment(ref completed), selected.Length));
                }

                continue;
            }

            using var throttle = new SemaphoreSlim(Math.Max(1, options.ThrottleLimit));
            var sectionResults = new List<CheckResult>();
            IEnumerable<Task> running = section.Select(async check =>
            {
                await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    foreach (CheckResult result in await RunCheckAsync(context, check, cancellationToken).ConfigureAwait(false))
                    {
                        lock (sectionResults)
                        {
                            sectionResults.Add(result);
                        }

                        onResult(result);
                    }
                }
                finally
                {
                    throttle.Release();
                    onProgress?.Invoke(new AuditProgress(section.Key, check.Definition.Id, Interlocked.Increment(ref completed), selected.Length));
                }
            });
            await Task.WhenAll(running).ConfigureAwait(false);

            if (blockingSection is null && sectionResults.Any(r => r.Status == CheckStatus.Failed && r.Severity >= Severity.High))
            {
                blockingSection = section.Key;
            }
        }
    }

    /// <summary>Runs one check with the gates (state change, configuration) and turns probe failures into Error results.</summary>
    internal static async Task<IReadOnlyList<CheckResult>> RunCheckAsync(AuditContext context, Check check, CancellationToken cancellationToken)
    {
        CheckDefinition definition = check.Definition;
        string target = TargetOf(check, context);
        if (check.MissingConfiguration(context) is string missing)
        {
            return new[]
            {
                context.StartResult(definition, target).NotRun(NotRunReason.NotConfigured, $"Not configured: set {missing} to run this check."),
            };
        }

        if (definition.Safety == Safety.StateChanging && !context.Configuration.AllowStateChange)
        {
            return new[]
            {
                context.StartResult(definition, target).NotRun(
                    NotRunReason.RequiresStateChange,
                    "This check changes state (it mints tokens or invokes tools); allow it with -AllowStateChange or Safety.AllowStateChange."),
            };
        }

        IEnumerable<CheckResult> results;
        try
        {
            results = await check.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeException ex)
        {
            results = new[] { context.StartResult(definition, target).Error(ex.Message) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            results = new[]
            {
                context.StartResult(definition, target).Error(
                    $"The check itself failed ({ex.GetType().Name}: {ex.Message}). This is a defect of the auditor; please report it with the evidence."),
            };
        }

        results = AttestationsAndExceptions.Apply(context, definition, results);
        if (!context.Configuration.Network.SkipCertificateCheck)
        {
            return results.ToArray();
        }

        return results
            .Select(r => ResultBuilder.Amend(
                r,
                definition,
                r.Status == CheckStatus.Passed ? CheckStatus.Warning : r.Status,
                new[] { SkipCertificateCheckReason }))
            .ToArray();
    }

    private static string TargetOf(Check check, AuditContext context) =>
        check is ITargetedCheck targeted ? targeted.DefaultTarget(context) ?? "(not configured)" : "(deployment)";
}

/// <summary>A check whose result target can be named before it runs (for NotRun results).</summary>
internal interface ITargetedCheck
{
    public string? DefaultTarget(AuditContext context);
}
