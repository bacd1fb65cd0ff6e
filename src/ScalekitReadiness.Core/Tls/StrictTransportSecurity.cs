using System;
using System.Collections.Generic;
using System.Globalization;

namespace ScalekitReadiness.Tls;

/// <summary>A parsed <c>Strict-Transport-Security</c> header (RFC 6797 §6.1), as a browser reads it.</summary>
internal sealed class StrictTransportSecurity
{
    private StrictTransportSecurity(long? maxAge, bool includeSubDomains, bool preload, string? problem)
    {
        MaxAge = maxAge;
        IncludeSubDomains = includeSubDomains;
        Preload = preload;
        Problem = problem;
    }

    /// <summary>Gets max-age in seconds, or null when it is missing or not a number.</summary>
    public long? MaxAge { get; }

    public bool IncludeSubDomains { get; }

    public bool Preload { get; }

    /// <summary>Gets why a browser would ignore the header, or null when it is valid.</summary>
    public string? Problem { get; }

    /// <summary>Parses one header value. Directive names are case-insensitive; values may be quoted.</summary>
    public static StrictTransportSecurity Parse(string value)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long? maxAge = null;
        string? problem = null;
        foreach (string part in value.Split(';'))
        {
            string directive = part.Trim();
            if (directive.Length == 0)
            {
                continue;
            }

            int equals = directive.IndexOf('=');
            string name = (equals < 0 ? directive : directive.Substring(0, equals)).Trim();
            string? argument = equals < 0 ? null : directive.Substring(equals + 1).Trim().Trim('"');
            if (!seen.Add(name))
            {
                // RFC 6797 §6.1: a directive that appears twice makes the whole header invalid.
                problem ??= $"the directive '{name}' appears more than once, so browsers ignore the whole header (RFC 6797 §6.1)";
                continue;
            }

            if (string.Equals(name, "max-age", StringComparison.OrdinalIgnoreCase))
            {
                if (argument is not null && long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
                {
                    maxAge = seconds;
                }
                else
                {
                    problem ??= $"max-age '{argument}' is not a number of seconds, so browsers ignore the header";
                }
            }
        }

        if (maxAge is null)
        {
            problem ??= "it has no max-age directive, which RFC 6797 §6.1.1 requires; browsers ignore the header";
        }

        return new StrictTransportSecurity(maxAge, seen.Contains("includeSubDomains"), seen.Contains("preload"), problem);
    }
}
