using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace ScalekitReadiness.SecretScan;

/// <summary>A secret found on one line: the rule and the raw value (kept for the redactor, shown only masked).</summary>
internal readonly struct LineMatch
{
    public LineMatch(string rule, string secret, string masked)
    {
        Rule = rule;
        Secret = secret;
        Masked = masked;
    }

    public string Rule { get; }

    public string Secret { get; }

    public string Masked { get; }
}

/// <summary>
/// Judges one candidate line (a line on which the content scanner found an anchor literal) against the content
/// rules of SK-QC-030. It runs only on candidate lines, so the regexes here never see most of a tree.
/// </summary>
internal static class SecretLineMatcher
{
    /// <summary>A line holding this marker is never reported (for a known, harmless test value).</summary>
    public const string InlineIgnoreMarker = "skreadiness:ignore";

    /// <summary>The shortest literal that counts as a secret; shorter values are test stubs, not credentials.</summary>
    public const int MinSecretLength = 8;

    private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant;

    private static readonly Regex s_webhook = new(@"(?<![A-Za-z0-9_])whsec_(?<body>[A-Za-z0-9+/=_-]{16,})", Options);

    private static readonly Regex s_jwt = new(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}", Options);

    private static readonly Regex s_privateKey = new(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", Options);

    // After the name: closing quotes/brackets, an optional type annotation (TS, Python, Kotlin), the operator, the value.
    private static readonly Regex s_assignment = new(
        @"\G[""'\]]*(?:[ \t]*:[ \t]*[A-Za-z_][A-Za-z0-9_.<>\[\]|?]*(?=[ \t]*=[^=>]))?[ \t]*(?<op>:=|=>|=(?!=)|:(?!:)|value[ \t]*=)[ \t]*(?:""(?<q>[^""\r\n]*)""|'(?<q>[^'\r\n]*)'|`(?<q>[^`\r\n]*)`|(?<u>[^\s""'`,;)}\]#&<]*))",
        Options | RegexOptions.IgnoreCase);

    // new ScalekitClient(url, id, "secret"), ScalekitClient(url, id, 'secret'), scalekit.NewScalekitClient(url, id, "secret").
    private static readonly Regex s_constructor = new(
        @"Scalekit(?:Client)?[ \t]*\([ \t]*[^,()\r\n]+,[ \t]*[^,()\r\n]+,[ \t]*(?:""(?<q>[^""\r\n]*)""|'(?<q>[^'\r\n]*)'|`(?<q>[^`\r\n]*)`)",
        Options);

    private static readonly Regex s_environmentVariableName = new(@"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", Options);

    private static readonly Regex s_unquotedLiteral = new(@"^[A-Za-z0-9+/=_.~:@!*-]+$", Options);

    private static readonly char[] s_base64Evidence = "0123456789+/".ToCharArray();

    private static readonly string[] s_referencePrefixes =
    {
        "$", "%", "@Microsoft.KeyVault", "{{", "#{", "arn:", "op://", "vault:", "ref+", "!", "env:", "secret://", "(",
        "process.env", "os.environ", "os.getenv", "import.meta.env", "Deno.env", "System.getenv", "Environment.",
    };

    private static readonly string[] s_referenceInfixes = { "${", "{{", "#{", "%(", "$(" };

    private static readonly string[] s_placeholderWords =
    {
        "your", "xxx", "changeme", "change_me", "change-me", "replace", "placeholder", "dummy", "example", "sample",
        "redacted", "<", ">", "...", "…", "***", "todo", "insert", "fake", "here", "secret", "password",
    };

    private static readonly HashSet<string> s_unquotedNonValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "none", "nil", "true", "false", "undefined", "empty",
    };

    private static readonly HashSet<string> s_dotenvPrefixes = new(StringComparer.OrdinalIgnoreCase) { string.Empty, "export", "ENV", "-", "set" };

    /// <summary>Adds the secrets on <paramref name="line"/> to <paramref name="matches"/>.</summary>
    /// <param name="line">The candidate line, without its line break.</param>
    /// <param name="configFile">True for files where an unquoted value is a literal (.env, YAML, .properties, shell...).</param>
    /// <param name="buffer">The bytes the line came from, to read a PEM body on the following lines.</param>
    /// <param name="followStart">Where the next line starts in <paramref name="buffer"/>.</param>
    /// <param name="followEnd">Where the readable bytes end.</param>
    /// <param name="matches">Receives the matches; one per distinct secret.</param>
    public static void Match(string line, bool configFile, byte[] buffer, int followStart, int followEnd, List<LineMatch> matches)
    {
        if (line.IndexOf(InlineIgnoreMarker, StringComparison.Ordinal) >= 0)
        {
            return;
        }

        int first = matches.Count;
        if (line.IndexOf("PRIVATE KEY", StringComparison.Ordinal) >= 0)
        {
            MatchPrivateKey(line, buffer, followStart, followEnd, matches, first);
        }

        if (line.IndexOf("whsec_", StringComparison.Ordinal) >= 0)
        {
            foreach (Match m in s_webhook.Matches(line))
            {
                if (!IsPlaceholder(m.Groups["body"].Value))
                {
                    Add(matches, first, SecretRules.WebhookSecret, m.Value);
                }
            }
        }

        if (line.IndexOf("eyJ", StringComparison.Ordinal) >= 0)
        {
            foreach (Match m in s_jwt.Matches(line))
            {
                if (IsJwt(m.Value))
                {
                    Add(matches, first, SecretRules.Jwt, m.Value);
                }
            }
        }

        if (line.IndexOf("calekit", StringComparison.Ordinal) >= 0)
        {
            foreach (Match m in s_constructor.Matches(line))
            {
                string value = m.Groups["q"].Value;
                if (IsLiteralSecret(value))
                {
                    Add(matches, first, SecretRules.ScalekitClientSecret, value);
                }
            }
        }

        if (line.IndexOf("ecret", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            MatchAssignments(line, configFile, matches, first);
        }
    }

    /// <summary>True for a quoted or unquoted value that is a literal secret, not a reference or a placeholder.</summary>
    internal static bool IsLiteralSecret(string value)
    {
        if (value.Length < MinSecretLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return !IsReference(value) && !IsPlaceholder(value);
    }

    private static void MatchAssignments(string line, bool configFile, List<LineMatch> matches, int first)
    {
        // Found by hand rather than by regex: most candidate lines mention a secret without assigning one
        // (process.env.SCALEKIT_CLIENT_SECRET, os.environ[...]) and must be let go cheaply.
        int from = 0;
        int at;
        while ((at = line.IndexOf("secret", from, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            from = at + 6;
            int nameEnd = at + 6;
            if (nameEnd < line.Length && IsIdentifierChar(line[nameEnd]))
            {
                continue; // clientSecretEnv, CLIENT_SECRET_NAME
            }

            int prefixEnd = at > 0 && line[at - 1] is '_' or '.' or '-' ? at - 1 : at;
            int coreStart = EndsWithWord(line, prefixEnd, "client") ? prefixEnd - 6 : EndsWithWord(line, prefixEnd, "webhook") ? prefixEnd - 7 : -1;
            if (coreStart < 0)
            {
                continue;
            }

            int nameStart = coreStart;
            while (nameStart > 0 && IsNameChar(line[nameStart - 1]))
            {
                nameStart--;
            }

            char before = nameStart > 0 ? line[nameStart - 1] : '\0';
            int operatorAt = nameEnd;
            while (operatorAt < line.Length && line[operatorAt] is '"' or '\'' or ']' or ' ' or '\t')
            {
                operatorAt++;
            }

            char op = operatorAt < line.Length ? line[operatorAt] : '\0';
            if (op is not ('=' or ':' or 'v' or 'V' or '>'))
            {
                continue;
            }

            string fullName = line.Substring(nameStart, nameEnd - nameStart);
            string? value;
            bool literal;
            if (op == '>')
            {
                // <ClientSecret>value</ClientSecret>
                int close = line.IndexOf('<', nameEnd + 1);
                value = before == '<' && operatorAt == nameEnd && close > nameEnd ? line.Substring(nameEnd + 1, close - nameEnd - 1) : null;
                literal = value is not null;
            }
            else
            {
                Match assignment = s_assignment.Match(line, nameEnd);
                if (!assignment.Success)
                {
                    continue;
                }

                if (assignment.Groups["q"].Success)
                {
                    value = assignment.Groups["q"].Value;
                    literal = true;
                }
                else
                {
                    value = assignment.Groups["u"].Value;
                    bool dotenvShaped = assignment.Groups["op"].Index == nameEnd && assignment.Groups["op"].Value == "="
                        && s_dotenvPrefixes.Contains(line.Substring(0, nameStart).Trim());
                    bool formField = before is '?' or '&';
                    literal = (configFile || dotenvShaped || formField)
                        && s_unquotedLiteral.IsMatch(value)
                        && !s_unquotedNonValues.Contains(value);
                }
            }

            if (literal && value is not null && IsLiteralSecret(value))
            {
                Add(matches, first, RuleOfName(fullName), value);
            }
        }
    }

    private static bool EndsWithWord(string line, int end, string word) =>
        end >= word.Length && string.Compare(line, end - word.Length, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsIdentifierChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_';

    private static string RuleOfName(string name)
    {
        if (name.IndexOf("webhook", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return SecretRules.WebhookSecret;
        }

        return name.IndexOf("scalekit", StringComparison.OrdinalIgnoreCase) >= 0 || name.StartsWith("SK_", StringComparison.OrdinalIgnoreCase)
            ? SecretRules.ScalekitClientSecret
            : SecretRules.ClientSecretAssignment;
    }

    private static bool IsNameChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-';

    private static void MatchPrivateKey(string line, byte[] buffer, int followStart, int followEnd, List<LineMatch> matches, int first)
    {
        Match header = s_privateKey.Match(line);
        if (!header.Success)
        {
            return;
        }

        // The body is on the same line (a JSON "\n"-escaped key) or on the lines after the header.
        string rest = line.Substring(header.Index + header.Length);
        int available = Math.Min(followEnd - followStart, 16 * 1024);
        string text = available > 0 ? rest + "\n" + Encoding.UTF8.GetString(buffer, followStart, available) : rest;
        if (ReadPemBody(text, out string firstRun, out int length))
        {
            Add(matches, first, SecretRules.PrivateKey, firstRun, length);
        }
    }

    /// <summary>
    /// Reads a PEM body: skips line breaks (real or escaped), quotes, '+' and ',' of string concatenation, and
    /// "Name: value" header lines; then counts base64 characters up to the END line. A code line that merely
    /// mentions the BEGIN marker has no base64 run of 16+ characters with a digit, '+' or '/' after it.
    /// </summary>
    internal static bool ReadPemBody(string text, out string firstRun, out int length)
    {
        firstRun = string.Empty;
        length = 0;
        int i = SkipSeparators(text, 0);
        for (int headers = 0; headers < 4 && IsPemHeaderLine(text, i); headers++)
        {
            int lineBreak = text.IndexOf('\n', i);
            int escaped = text.IndexOf("\\n", i, StringComparison.Ordinal);
            int next = lineBreak < 0 ? escaped : escaped < 0 ? lineBreak : Math.Min(lineBreak, escaped);
            if (next < 0)
            {
                return false;
            }

            i = SkipSeparators(text, next);
        }

        int runStart = i;
        while (i < text.Length && IsBase64(text[i]))
        {
            i++;
        }

        string run = text.Substring(runStart, i - runStart);
        bool terminated = i == text.Length || text[i] is '\n' or '\r' or '\\' or '"' or '\'' or ' ' or '\t' or '`';
        if (run.Length < 16 || !terminated || run.IndexOfAny(s_base64Evidence) < 0)
        {
            return false;
        }

        firstRun = run;
        length = run.Length;
        while (i < text.Length && length < 64 * 1024)
        {
            i = SkipSeparators(text, i);
            if (i >= text.Length || !IsBase64(text[i]))
            {
                break;
            }

            length++;
            i++;
        }

        return true;
    }

    private static bool IsPemHeaderLine(string text, int i)
    {
        int j = i;
        while (j < text.Length && (char.IsLetter(text[j]) || text[j] == '-'))
        {
            j++;
        }

        return j > i && j + 1 < text.Length && text[j] == ':' && text[j + 1] == ' ';
    }

    private static int SkipSeparators(string text, int i)
    {
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is 'n' or 'r')
            {
                i += 2;
            }
            else if (c is '\n' or '\r' or ' ' or '\t' or '"' or '\'' or '`' or ',' or '|')
            {
                i++;
            }
            else if (c == '+' && (i == 0 || !IsBase64(text[i - 1])) && (i + 1 == text.Length || text[i + 1] is ' ' or '\t' or '\r' or '\n' or '"' or '\'' or '`'))
            {
                // The '+' of string concatenation ("…\n" +), not a '+' of the base64 body.
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static bool IsBase64(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=';

    private static bool IsJwt(string token)
    {
        string[] parts = token.Split('.');
        string? header = DecodeBase64Url(parts[0]);
        string? payload = DecodeBase64Url(parts[1]);
        return header is not null && payload is not null
            && header.TrimStart().StartsWith("{", StringComparison.Ordinal)
            && header.IndexOf("\"alg\"", StringComparison.Ordinal) >= 0
            && payload.TrimStart().StartsWith("{", StringComparison.Ordinal);
    }

    private static string? DecodeBase64Url(string part)
    {
        string base64 = part.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsReference(string value)
    {
        foreach (string prefix in s_referencePrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (string infix in s_referenceInfixes)
        {
            if (value.IndexOf(infix, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return s_environmentVariableName.IsMatch(value);
    }

    private static bool IsPlaceholder(string value)
    {
        bool allSame = true;
        for (int i = 1; i < value.Length && allSame; i++)
        {
            allSame = value[i] == value[0];
        }

        if (allSame)
        {
            return true;
        }

        foreach (string word in s_placeholderWords)
        {
            if (value.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(List<LineMatch> matches, int first, string rule, string secret, int? length = null)
    {
        for (int i = first; i < matches.Count; i++)
        {
            if (string.Equals(matches[i].Secret, secret, StringComparison.Ordinal)
                || matches[i].Secret.IndexOf(secret, StringComparison.Ordinal) >= 0
                || secret.IndexOf(matches[i].Secret, StringComparison.Ordinal) >= 0)
            {
                return;
            }
        }

        string masked = length is int bodyLength
            ? secret.Substring(0, 4) + "… (" + bodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture) + " base64 chars)"
            : SecretFinding.Mask(secret);
        matches.Add(new LineMatch(rule, secret, masked));
    }
}
