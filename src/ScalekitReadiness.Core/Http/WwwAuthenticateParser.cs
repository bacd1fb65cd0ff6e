using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace ScalekitReadiness.Http;

/// <summary>One challenge of a WWW-Authenticate header: a scheme and its parameters.</summary>
internal sealed class AuthChallenge
{
    public AuthChallenge(string scheme)
    {
        Scheme = scheme;
    }

    public string Scheme { get; }

    /// <summary>Gets the parameters; names are case-insensitive (RFC 9110 §11.2).</summary>
    public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out string? value) ? value : null;
}

/// <summary>
/// Parses WWW-Authenticate (RFC 9110 §11.6.1) the way real servers write it, including the unescaped quotes
/// inside <c>error_description</c> that the official MCP TypeScript SDK emits: a quote closes a quoted string
/// only where the header goes on with a new parameter, a new challenge, or ends.
/// </summary>
internal static class WwwAuthenticateParser
{
    private static readonly Regex s_nextParameter = new(@"\G\s*,\s*(?:[A-Za-z0-9!#$%&'*+.^_`|~-]+\s+)?[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=", RegexOptions.CultureInvariant);
    private static readonly Regex s_end = new(@"\G\s*(?:,\s*)?$", RegexOptions.CultureInvariant);

    /// <summary>Parses every value of the header (a response may carry several WWW-Authenticate lines).</summary>
    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string> headerValues)
    {
        var challenges = new List<AuthChallenge>();
        foreach (string value in headerValues)
        {
            ParseOne(value, challenges);
        }

        return challenges;
    }

    private static void ParseOne(string header, List<AuthChallenge> challenges)
    {
        int i = 0;
        AuthChallenge? current = null;
        while (i < header.Length)
        {
            SkipSeparators(header, ref i);
            int tokenStart = i;
            while (i < header.Length && IsTokenChar(header[i]))
            {
                i++;
            }

            if (i == tokenStart)
            {
                i++; // not a token: skip the stray character
                continue;
            }

            string token = header.Substring(tokenStart, i - tokenStart);
            int afterToken = i;
            SkipSpaces(header, ref i);
            if (i < header.Length && header[i] == '=' && current is not null && !IsToken68Tail(header, i))
            {
                i++;
                SkipSpaces(header, ref i);
                current.Parameters[token] = ReadValue(header, ref i);
                continue;
            }

            // A bare token starts a new challenge (its scheme).
            i = afterToken;
            current = new AuthChallenge(token);
            challenges.Add(current);
        }
    }

    private static string ReadValue(string header, ref int i)
    {
        if (i < header.Length && header[i] == '"')
        {
            i++;
            var value = new StringBuilder();
            while (i < header.Length)
            {
                char c = header[i];
                if (c == '\\' && i + 1 < header.Length)
                {
                    value.Append(header[i + 1]);
                    i += 2;
                    continue;
                }

                if (c == '"' && (s_nextParameter.IsMatch(header, i + 1) || s_end.IsMatch(header, i + 1)))
                {
                    i++;
                    return value.ToString();
                }

                value.Append(c);
                i++;
            }

            return value.ToString();
        }

        int start = i;
        while (i < header.Length && header[i] != ',' && !char.IsWhiteSpace(header[i]))
        {
            i++;
        }

        return header.Substring(start, i - start);
    }

    // "Basic dXNlcjpwYXNz==" style token68 credentials end in '=' padding; they are not parameters.
    private static bool IsToken68Tail(string header, int equalsIndex)
    {
        int j = equalsIndex;
        while (j < header.Length && header[j] == '=')
        {
            j++;
        }

        SkipSpaces(header, ref j);
        return j - equalsIndex > 1 || (j < header.Length && header[j] == ',' && j > equalsIndex + 1);
    }

    private static void SkipSeparators(string header, ref int i)
    {
        while (i < header.Length && (header[i] == ',' || char.IsWhiteSpace(header[i])))
        {
            i++;
        }
    }

    private static void SkipSpaces(string header, ref int i)
    {
        while (i < header.Length && char.IsWhiteSpace(header[i]))
        {
            i++;
        }
    }

    private static bool IsTokenChar(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
}
