using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Metrics;
using ScalekitReadiness.Monitoring;

namespace ScalekitReadiness.Checks.Monitoring;

/// <summary>
/// SK-MON-001: the auth log can be read for monitoring (<c>GET &lt;env&gt;/api/v1/logs/authentication/requests</c> with a
/// client_credentials token), it holds entries of the last <c>Policy.LogActivityWindowDays</c>, and something reads it:
/// the scheduled <c>Monitoring.AlertRunbook</c>, or a person (attestation).
/// </summary>
internal sealed class AuthLogMonitoringCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MON-001";

    public AuthLogMonitoringCheck()
        : base(new CheckDefinition(
            CheckId,
            "Auth logs are monitored",
            CheckSection.Monitoring,
            Severity.High,
            Safety.StateChanging,
            "Mints a client_credentials token and reads one entry of the auth-log API (GET <env>/api/v1/logs/authentication/requests?page_size=1): 200 proves log access for monitoring. Then asks for entries of the last Policy.LogActivityWindowDays (default 7): none is a Warning (nothing is logged, or nothing is watching). Passed when Monitoring.AlertRunbook runs Find-SkSuspiciousAuthActivity on the log; otherwise Manual until an attestation says who reviews Dashboard › Auth Logs.",
            "Give monitoring an API client of the environment and read the log on a schedule: Get-SkAuthLog | Find-SkSuspiciousAuthActivity in a scheduled task or Azure Automation runbook (name it in Monitoring.AlertRunbook), or attest (Attestations: CheckId SK-MON-001) who reviews Dashboard › Auth Logs and how often. If the API answers 401/403, use the environment's API credentials (Dashboard › Developers › Settings › API credentials).",
            new[] { "Environment.Url", "Environment.ClientId", "Environment.ClientSecretEnv" },
            new[]
            {
                "Scalekit: guides/dashboard/auth-logs (Dashboard › Auth Logs)",
                "Scalekit API: GET /api/v1/logs/authentication/requests (AuditLogsService_ListAuthRequests)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) => EnvironmentCredentials.Missing(context.Configuration);

    public string? DefaultTarget(AuditContext context) =>
        context.Configuration.EnvironmentUrl is string url ? url.TrimEnd('/') + AuthLogClient.Path : null;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        ResultBuilder result = context.StartResult(Definition, DefaultTarget(context)!);
        if (!Uri.TryCreate(configuration.EnvironmentUrl, UriKind.Absolute, out Uri? environment))
        {
            result.Fail($"The environment URL '{configuration.EnvironmentUrl}' is not an absolute URL (see SK-QC-001).");
            return new[] { result.Build(string.Empty) };
        }

        var client = new AuthLogClient(context.Probe, environment, configuration.ClientId!, configuration.ClientSecret!);
        int windowDays = configuration.Policy.LogActivityWindowDays;
        AuthLogPage recent;
        try
        {
            AuthLogPage any = await client.ReadPageAsync(new AuthLogQuery { PageSize = 1 }, null, cancellationToken).ConfigureAwait(false);
            result.Evidence("Auth log", any.Response.Exchange.Summary);
            result.Evidence("Entries in the log", any.TotalSize?.ToString(CultureInfo.InvariantCulture) ?? (any.Entries.Count == 0 ? "none" : "not counted by the API"));
            recent = await client.ReadPageAsync(new AuthLogQuery { PageSize = 1, StartTime = context.Clock().AddDays(-windowDays) }, null, cancellationToken).ConfigureAwait(false);
            result.Evidence("Last " + Days(windowDays), recent.Response.Exchange.Summary);
        }
        catch (AuthLogException ex)
        {
            if (client.TokenResponse is not null)
            {
                result.Evidence("Token endpoint", client.TokenResponse.Exchange.Summary);
            }

            result.Fail(ex.Message + " Monitoring cannot read the log.");
            return new[] { result.Build(string.Empty) };
        }

        long recentCount = recent.TotalSize ?? recent.Entries.Count;
        if (recent.Entries.Count == 0)
        {
            result.Warn($"The auth log has no entry in the last {Days(windowDays)} (Policy.LogActivityWindowDays): nothing is logged — is this the production environment? — or nobody signs in.");
        }
        else
        {
            result.Evidence("Newest entry", recent.Entries.Max(e => e.Timestamp).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        string access = $"The auth-log API answers with this client ({recentCount.ToString(CultureInfo.InvariantCulture)} entries in the last {Days(windowDays)})";
        if (configuration.Monitoring.AlertRunbook is string runbook)
        {
            if (AlertRunbook.FinderLine(runbook, out string? problem) is string line)
            {
                result.Evidence("Monitoring.AlertRunbook", runbook + ": " + line);
                return new[] { result.Build($"{access}, and {runbook} reads it on a schedule ({AlertRunbook.FinderCmdlet}).") };
            }

            result.Evidence("Monitoring.AlertRunbook", problem!);
        }

        return new[]
        {
            result.Manual($"{access}; whether someone watches it cannot be seen from outside. Schedule Get-SkAuthLog | {AlertRunbook.FinderCmdlet} (Monitoring.AlertRunbook), or attest who reviews Dashboard › Auth Logs (Attestations, CheckId {CheckId})."),
        };
    }

    private static string Days(int days) => days.ToString(CultureInfo.InvariantCulture) + (days == 1 ? " day" : " days");
}
