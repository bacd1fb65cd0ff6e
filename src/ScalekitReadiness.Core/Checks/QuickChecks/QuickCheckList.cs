namespace ScalekitReadiness.Checks.QuickChecks;

/// <summary>The implemented quick checks (SK-QC).</summary>
internal static class QuickCheckList
{
    public static Check[] Checks { get; } =
    {
        new EnvironmentConfigCheck(),
        new CredentialsMatchEnvironmentCheck(),
        new HttpsEnforcementCheck(),
        new CorsPolicyCheck(),
        new SecretExposureCheck(),
    };
}
