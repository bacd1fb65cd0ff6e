using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.SecretScan;

namespace ScalekitReadiness.Configuration;

/// <summary>
/// Finds secrets written in a configuration: a secret-named key holding a value (<c>ClientSecret</c>,
/// <c>WebhookSecret</c>, <c>*Token</c>, <c>*Password</c>... rather than <c>*SecretEnv</c>), a value shaped like a
/// secret anywhere (webhook secret, JWT, private key: the SK-QC-030 shapes), and a value in a <c>...Env</c> key that
/// is not the name of a variable but looks like the secret itself. Messages never repeat the value.
/// </summary>
internal static class LiteralSecretRule
{
    private static readonly Regex s_secretName = new(
        "(secret|password|passwd|token|apikey|api_key|privatekey|private_key|credential)s?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex s_variableName = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    // A variable name has words; a pasted secret has long runs of digits among letters (test_abcdef1234567890).
    private static readonly Regex s_randomLooking = new("(?=.*[a-z])(?=.*[0-9]{4})", RegexOptions.CultureInvariant);

    /// <summary>Adds one problem per secret found in <paramref name="root"/>, and the paths it covers to <paramref name="covered"/>.</summary>
    public static void Find(JToken root, List<ConfigurationProblem> problems, ISet<string> covered) => Visit(root, "$", null, problems, covered);

    /// <summary>True when <paramref name="value"/> has the shape of a secret (so a message must not repeat it).</summary>
    public static bool LooksLikeSecret(string value) => ShapeOf(value) is not null;

    private static void Visit(JToken token, string path, string? name, List<ConfigurationProblem> problems, ISet<string> covered)
    {
        switch (token)
        {
            case JObject obj:
                foreach (JProperty property in obj.Properties())
                {
                    Visit(property.Value, JsonPaths.Member(path, property.Name), property.Name, problems, covered);
                }

                break;
            case JArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    Visit(array[i], JsonPaths.Index(path, i), null, problems, covered);
                }

                break;
            case JValue { Type: JTokenType.String } value:
                string text = value.Value<string>()!;
                if (Judge(name, text) is string why)
                {
                    problems.Add(new ConfigurationProblem(path, ConfigurationErrorIds.LiteralSecret, why, line: JsonPaths.LineOf(value)));
                    covered.Add(path);
                }

                break;
            case JValue scalar when name is not null && IsSecretName(name) && scalar.Type is not (JTokenType.Null or JTokenType.Undefined):
                problems.Add(new ConfigurationProblem(path, ConfigurationErrorIds.LiteralSecret, SecretNameMessage(name), line: JsonPaths.LineOf(scalar)));
                covered.Add(path);
                break;
        }
    }

    private static string? Judge(string? name, string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (name is not null && IsSecretName(name))
        {
            return SecretNameMessage(name);
        }

        if (ShapeOf(text) is string shape)
        {
            return $"holds a {shape}: a secret must not be written in the file. Put it in an environment variable and name that variable in a ...Env key.";
        }

        if (name is not null && name.EndsWith("Env", StringComparison.OrdinalIgnoreCase) && text.Length >= SecretLineMatcher.MinSecretLength
            && (!s_variableName.IsMatch(text) || (text.Length >= 16 && s_randomLooking.IsMatch(text))))
        {
            return $"must be the NAME of an environment variable, and this value looks like the secret itself: move the secret into a variable (for example SCALEKIT_CLIENT_SECRET) and write that name in {name}.";
        }

        return null;
    }

    private static bool IsSecretName(string name) =>
        !name.EndsWith("Env", StringComparison.OrdinalIgnoreCase) && s_secretName.IsMatch(name);

    private static string SecretNameMessage(string name) =>
        $"a secret must not be written in the file: put it in an environment variable and name that variable in {name}Env (or pass it as a -Credential or [securestring] parameter).";

    private static string? ShapeOf(string value)
    {
        // http://user:password@proxy:8080 carries a password as surely as a ClientSecret key does.
        if (value.IndexOf('@') > 0 && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.UserInfo.IndexOf(':') is int colon && colon >= 0 && colon < uri.UserInfo.Length - 1)
        {
            return "URL with a password in it";
        }

        var matches = new List<LineMatch>();
        SecretLineMatcher.Match(value, configFile: false, Array.Empty<byte>(), 0, 0, matches);
        return matches.Count == 0 ? null : matches[0].Rule switch
        {
            SecretRules.WebhookSecret => "value shaped like a webhook signing secret (whsec_...)",
            SecretRules.Jwt => "value shaped like a token (a signed JWT)",
            SecretRules.PrivateKey => "value shaped like a private key",
            _ => "value shaped like a client secret",
        };
    }
}
