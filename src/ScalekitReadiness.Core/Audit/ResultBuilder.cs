using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Audit;

/// <summary>
/// Collects the findings of one check against one target and builds the sealed <see cref="CheckResult"/>.
/// Every text passes through the redactor here, so no check can leak a secret into a result.
/// </summary>
internal sealed class ResultBuilder
{
    private readonly AuditContext _context;
    private readonly CheckDefinition _check;
    private readonly string _target;
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly List<string> _failures = new();
    private readonly List<string> _warnings = new();
    private readonly List<EvidenceItem> _evidence = new();
    private Severity? _raisedSeverity;

    public ResultBuilder(AuditContext context, CheckDefinition check, string target)
    {
        _context = context;
        _check = check;
        _target = target;
    }

    public bool HasFailures => _failures.Count > 0;

    /// <summary>Records a broken rule.</summary>
    public ResultBuilder Fail(string reason)
    {
        _failures.Add(_context.Redactor.Redact(reason));
        return this;
    }

    /// <summary>Records a broken rule that is graver than the check's default severity (a configured override still wins).</summary>
    public ResultBuilder FailWithSeverity(Severity severity, string reason) => RaiseSeverity(severity).Fail(reason);

    /// <summary>Records something that deserves attention but breaks no rule.</summary>
    public ResultBuilder Warn(string reason)
    {
        _warnings.Add(_context.Redactor.Redact(reason));
        return this;
    }

    /// <summary>Records a fact.</summary>
    public ResultBuilder Evidence(string name, string value)
    {
        _evidence.Add(new EvidenceItem(_context.Redactor.Redact(name), _context.Redactor.Redact(value)));
        return this;
    }

    /// <summary>Records a request/response pair as one evidence line.</summary>
    public ResultBuilder Evidence(ProbeExchange exchange) => Evidence("Request", exchange.Summary);

    /// <summary>Builds Failed / Warning / Passed from what was recorded.</summary>
    public CheckResult Build(string passedMessage)
    {
        CheckStatus status = _failures.Count > 0 ? CheckStatus.Failed : _warnings.Count > 0 ? CheckStatus.Warning : CheckStatus.Passed;
        string message = status switch
        {
            CheckStatus.Failed => _failures.Count == 1 ? _failures[0] : $"{_failures.Count} problems; the first: {_failures[0]}",
            CheckStatus.Warning => _warnings.Count == 1 ? _warnings[0] : $"{_warnings.Count} warnings; the first: {_warnings[0]}",
            _ => passedMessage,
        };
        return Create(status, message, _failures.Concat(_warnings).ToList(), null);
    }

    /// <summary>Raises the severity of this result above the check's default (e.g. an accepted forgery is Critical).</summary>
    public ResultBuilder RaiseSeverity(Severity severity)
    {
        _raisedSeverity = _raisedSeverity is Severity current && current >= severity ? current : severity;
        return this;
    }

    /// <summary>
    /// Builds a Manual result: no machine can decide, a person must. The engine turns it into Attested when a
    /// valid attestation covers the check. Recorded failures or warnings win over Manual.
    /// </summary>
    public CheckResult Manual(string message) =>
        _failures.Count + _warnings.Count > 0
            ? Build(message)
            : Create(CheckStatus.Manual, message, new List<string> { message }, null);

    /// <summary>Builds a NotRun result.</summary>
    public CheckResult NotRun(NotRunReason reason, string message) => Create(CheckStatus.NotRun, message, new List<string> { message }, reason);

    /// <summary>Builds an Error result: the probe itself could not complete.</summary>
    public CheckResult Error(string message) => Create(CheckStatus.Error, message, new List<string> { message }, null);

    private CheckResult Create(CheckStatus status, string message, List<string> reasons, NotRunReason? notRunReason)
    {
        Severity severity = _context.Configuration.SeverityOverrides.TryGetValue(_check.Id, out Severity overridden)
            ? overridden
            : _check.Severity;
        if (_raisedSeverity is Severity raised && raised > severity && status is CheckStatus.Failed)
        {
            severity = raised;
        }

        return new CheckResult(
            _context.RunId,
            _context.Configuration.Name,
            _check,
            status,
            severity,
            _context.Redactor.Redact(_target),
            _context.Redactor.Redact(message),
            new ReasonList(reasons.Select(_context.Redactor.Redact).ToList()),
            notRunReason,
            new EvidenceList(_evidence.ToList()),
            _stopwatch.Elapsed,
            _context.Clock());
    }

    /// <summary>Returns a copy of <paramref name="result"/> with a new status and extra reasons (engine post-processing).</summary>
    internal static CheckResult Amend(CheckResult result, CheckDefinition check, CheckStatus status, IEnumerable<string> extraReasons) =>
        new(
            result.RunId,
            result.Deployment,
            check,
            status,
            result.Severity,
            result.Target,
            result.Message,
            new ReasonList(result.Reasons.Concat(extraReasons).ToList()),
            result.NotRunReason,
            result.Evidence,
            result.Duration,
            result.Timestamp);
}
