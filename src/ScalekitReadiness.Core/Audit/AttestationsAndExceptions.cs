using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Audit;

/// <summary>
/// Applies the configuration's attestations and exceptions to the results of a check, after it ran:
/// a Manual result covered by a fresh attestation becomes Attested, a Failed or Warning result covered by an
/// exception that has not expired becomes Excepted, and each result says who decided, when and why.
/// An attestation older than Policy.AttestationMaxAgeDays (or past its Expires) makes the result a Warning;
/// an expired exception stops applying and says so; an exception whose check passes is reported as stale.
/// Days are UTC calendar days: an exception applies through the whole of its Expires day.
/// </summary>
internal static class AttestationsAndExceptions
{
    /// <summary>Returns the results with the attestations and exceptions of <paramref name="context"/> applied.</summary>
    public static IEnumerable<CheckResult> Apply(AuditContext context, CheckDefinition check, IEnumerable<CheckResult> results) =>
        results.Select(result => Apply(context, check, result)).ToArray();

    private static CheckResult Apply(AuditContext context, CheckDefinition check, CheckResult result)
    {
        DateTime today = context.Clock().UtcDateTime.Date;
        return result.Status switch
        {
            CheckStatus.Manual => Attest(context, check, result, today),
            CheckStatus.Failed or CheckStatus.Warning => Except(context, check, result, today),
            CheckStatus.Passed => ReportStale(context, check, result, today),
            _ => result,
        };
    }

    private static CheckResult Attest(AuditContext context, CheckDefinition check, CheckResult result, DateTime today)
    {
        AttestationEntry? attestation = context.Configuration.Attestations
            .Where(a => string.Equals(a.CheckId, result.CheckId, StringComparison.OrdinalIgnoreCase) && a.On <= today)
            .OrderByDescending(a => a.On)
            .FirstOrDefault();
        if (attestation is null)
        {
            return result;
        }

        string who = $"the attestation by {attestation.By} on {Day(attestation.On)}";
        int maxAge = context.Configuration.Policy.AttestationMaxAgeDays;
        int age = (int)(today - attestation.On).TotalDays;
        if (attestation.Expires is DateTime expires && expires < today)
        {
            string reason = $"{Capitalize(who)} expired on {Day(expires)}: check again and renew it (Attestations in the configuration).";
            return With(context, check, result, CheckStatus.Warning, reason, result.Reasons.Concat(new[] { reason }));
        }

        if (age > maxAge)
        {
            string reason = $"{Capitalize(who)} is {Count(age, "day")} old, older than Policy.AttestationMaxAgeDays ({Count(maxAge, "day")}): check again and renew it (Attestations in the configuration).";
            return With(context, check, result, CheckStatus.Warning, reason, result.Reasons.Concat(new[] { reason }));
        }

        string attested = $"Attested by {attestation.By} on {Day(attestation.On)}: {attestation.Evidence}"
            + (attestation.RetentionDays is int days ? $" (retention {Count(days, "day")})" : string.Empty)
            + (attestation.Expires is DateTime until ? $"; holds until {Day(until)}" : string.Empty)
            + ".";
        return With(context, check, result, CheckStatus.Attested, attested, new[] { attested }.Concat(result.Reasons));
    }

    private static CheckResult Except(AuditContext context, CheckDefinition check, CheckResult result, DateTime today)
    {
        ExceptionEntry[] matching = Matching(context, result);
        ExceptionEntry? valid = matching.Where(e => e.Expires >= today).OrderByDescending(e => e.Expires).FirstOrDefault();
        if (valid is not null)
        {
            string reason = $"Excepted until {Day(valid.Expires)} by {valid.Owner}: {valid.Reason}";
            return With(context, check, result, CheckStatus.Excepted, reason + ". The finding: " + result.Message, new[] { reason + "." }.Concat(result.Reasons));
        }

        ExceptionEntry? expired = matching.OrderByDescending(e => e.Expires).FirstOrDefault();
        if (expired is null)
        {
            return result;
        }

        string lapsed = $"The exception for this finding ({expired.Owner}: {expired.Reason}) expired on {Day(expired.Expires)}, so the finding counts again: fix it, or renew the exception with a later Expires date.";
        return With(context, check, result, result.Status, result.Message, result.Reasons.Concat(new[] { lapsed }));
    }

    private static CheckResult ReportStale(AuditContext context, CheckDefinition check, CheckResult result, DateTime today)
    {
        ExceptionEntry? stale = Matching(context, result).OrderByDescending(e => e.Expires).FirstOrDefault();
        if (stale is null)
        {
            return result;
        }

        string reason = stale.Expires >= today
            ? $"The exception for {result.CheckId} ({stale.Owner}: {stale.Reason}; until {Day(stale.Expires)}) is stale: the check passes now. Remove it from Exceptions."
            : $"The exception for {result.CheckId} ({stale.Owner}: {stale.Reason}) expired on {Day(stale.Expires)} and the check passes now: remove it from Exceptions.";
        return With(context, check, result, CheckStatus.Passed, result.Message, result.Reasons.Concat(new[] { reason }));
    }

    private static ExceptionEntry[] Matching(AuditContext context, CheckResult result) =>
        context.Configuration.Exceptions
            .Where(e => string.Equals(e.CheckId, result.CheckId, StringComparison.OrdinalIgnoreCase) && Covers(e.Target, result.Target))
            .ToArray();

    // Exact, or * and ? wildcards as PowerShell's -like (case-insensitive); no target covers every target.
    private static bool Covers(string? pattern, string target)
    {
        if (pattern is null)
        {
            return true;
        }

        string regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
        return Regex.IsMatch(target, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    private static CheckResult With(AuditContext context, CheckDefinition check, CheckResult result, CheckStatus status, string message, IEnumerable<string> reasons) =>
        new(
            result.RunId,
            result.Deployment,
            check,
            status,
            result.Severity,
            result.Target,
            context.Redactor.Redact(message),
            new ReasonList(reasons.Select(context.Redactor.Redact).ToList()),
            result.NotRunReason,
            result.Evidence,
            result.Duration,
            result.Timestamp);

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Count(int n, string unit) => n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? string.Empty : "s");

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
