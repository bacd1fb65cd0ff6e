namespace ScalekitReadiness.Checks.Monitoring;

/// <summary>The implemented monitoring and incident-readiness checks (SK-MON).</summary>
internal static class MonitoringCheckList
{
    public static Check[] Checks { get; } =
    {
        new AuthLogMonitoringCheck(),
        new SuspiciousActivityAlertCheck(),
        new WebhookVerificationCheck(),
        new LogRetentionCheck(),
        new IncidentRunbookCheck(),
        new RollbackPlanCheck(),
    };
}
