namespace ScalekitReadiness;

/// <summary>The outcome of one check against one target.</summary>
public enum CheckStatus
{
    /// <summary>Every rule of the check held.</summary>
    Passed,

    /// <summary>At least one rule was broken.</summary>
    Failed,

    /// <summary>No rule was broken, but something deserves attention.</summary>
    Warning,

    /// <summary>The probe itself could not complete (DNS, TLS, timeout...); the message says what to do.</summary>
    Error,

    /// <summary>The check did not run; <see cref="CheckResult.NotRunReason"/> says why.</summary>
    NotRun,

    /// <summary>No machine can decide; a person must, and no valid attestation covers it.</summary>
    Manual,

    /// <summary>A valid attestation covers the check.</summary>
    Attested,

    /// <summary>A valid exception covers the finding.</summary>
    Excepted,
}

/// <summary>How much a failure of a check matters.</summary>
public enum Severity
{
    /// <summary>Informational only.</summary>
    Info,

    /// <summary>Low impact.</summary>
    Low,

    /// <summary>Medium impact.</summary>
    Medium,

    /// <summary>High impact: fix before production.</summary>
    High,

    /// <summary>Critical: an attacker or an outage is one step away.</summary>
    Critical,
}

/// <summary>What a check does to the systems it probes.</summary>
public enum Safety
{
    /// <summary>GETs of public documents and TLS handshakes only.</summary>
    Passive,

    /// <summary>Crafted but harmless requests (foreign origins, forged tokens, fake codes).</summary>
    Active,

    /// <summary>Mints tokens, registers clients, spends refresh tokens or invokes tools: runs only when allowed.</summary>
    StateChanging,
}

/// <summary>Why a check did not run.</summary>
public enum NotRunReason
{
    /// <summary>A High or Critical failure in an earlier section blocks this one.</summary>
    Blocked,

    /// <summary>A configuration value the check needs is missing.</summary>
    NotConfigured,

    /// <summary>The check changes state and the caller did not allow that.</summary>
    RequiresStateChange,

    /// <summary>The check does not apply to this deployment.</summary>
    NotApplicable,
}

/// <summary>The sections of the readiness checklist, in the order they run.</summary>
public enum CheckSection
{
    /// <summary>Quick checks (SK-QC-*), run first.</summary>
    QuickChecks,

    /// <summary>Core auth flows (SK-AUTH-*).</summary>
    CoreAuthFlows,

    /// <summary>MCP authentication (SK-MCP-*).</summary>
    McpAuthentication,

    /// <summary>Monitoring and incident readiness (SK-MON-*).</summary>
    Monitoring,
}
