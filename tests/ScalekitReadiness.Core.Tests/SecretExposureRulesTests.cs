using System.Collections.Generic;
using System.Text;
using ScalekitReadiness.SecretScan;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>
/// The content rules of SK-QC-030, one line at a time. {S} is replaced by a client secret, {W} by a webhook secret
/// and {JWT} by a signed JWT, all made up at run time.
/// </summary>
public sealed class SecretExposureRulesTests
{
    [Theory]
    [InlineData("SCALEKIT_CLIENT_SECRET={S}", false, SecretRules.ScalekitClientSecret)]
    [InlineData("export SCALEKIT_CLIENT_SECRET=\"{S}\"", false, SecretRules.ScalekitClientSecret)]
    [InlineData("SK_CLIENT_SECRET={S}", false, SecretRules.ScalekitClientSecret)]
    [InlineData("      - SCALEKIT_CLIENT_SECRET={S}", false, SecretRules.ScalekitClientSecret)]
    [InlineData("ENV SCALEKIT_CLIENT_SECRET={S}", false, SecretRules.ScalekitClientSecret)]
    [InlineData("$env:SCALEKIT_CLIENT_SECRET = '{S}'", false, SecretRules.ScalekitClientSecret)]
    [InlineData("process.env.SCALEKIT_CLIENT_SECRET = \"{S}\";", false, SecretRules.ScalekitClientSecret)]
    [InlineData("spring.security.oauth2.client.registration.scalekit.client-secret={S}", true, SecretRules.ScalekitClientSecret)]
    [InlineData("const scalekit = new ScalekitClient(envUrl, clientId, \"{S}\");", false, SecretRules.ScalekitClientSecret)]
    [InlineData("sc := scalekit.NewScalekitClient(envUrl, clientID, \"{S}\")", false, SecretRules.ScalekitClientSecret)]
    [InlineData("client_secret: \"{S}\"", false, SecretRules.ClientSecretAssignment)]
    [InlineData("client_secret = '{S}'", false, SecretRules.ClientSecretAssignment)]
    [InlineData("  \"client_secret\": \"{S}\",", false, SecretRules.ClientSecretAssignment)]
    [InlineData("clientSecret := \"{S}\"", false, SecretRules.ClientSecretAssignment)]
    [InlineData("    'client_secret' => '{S}',", false, SecretRules.ClientSecretAssignment)]
    [InlineData("    ClientSecret = \"{S}\",", false, SecretRules.ClientSecretAssignment)]
    [InlineData("val clientSecret: String = \"{S}\"", false, SecretRules.ClientSecretAssignment)]
    [InlineData("client_secret: str = \"{S}\"", false, SecretRules.ClientSecretAssignment)]
    [InlineData("  client-secret: {S}", true, SecretRules.ClientSecretAssignment)]
    [InlineData("<add key=\"Scalekit:ClientSecret\" value=\"{S}\" />", false, SecretRules.ClientSecretAssignment)]
    [InlineData("<ClientSecret>{S}</ClientSecret>", false, SecretRules.ClientSecretAssignment)]
    [InlineData("curl -d \"grant_type=client_credentials&client_id=skc_1&client_secret={S}\" $URL", false, SecretRules.ClientSecretAssignment)]
    [InlineData("webhook_secret: \"{S}\"", false, SecretRules.WebhookSecret)]
    [InlineData("SCALEKIT_WEBHOOK_SECRET={W}", false, SecretRules.WebhookSecret)]
    [InlineData("const verifier = new Webhook(\"{W}\");", false, SecretRules.WebhookSecret)]
    [InlineData("curl -H \"Authorization: Bearer {JWT}\" https://api.example.com", false, SecretRules.Jwt)]
    public void ALiteralSecretIsFound(string template, bool configFile, string rule)
    {
        (string line, string secret) = Fill(template);

        LineMatch match = Assert.Single(Match(line, configFile));

        Assert.Equal(rule, match.Rule);
        Assert.Equal(secret, match.Secret);
        Assert.Equal(secret.Substring(0, 4) + "… (" + secret.Length + " chars)", match.Masked);
        Assert.DoesNotContain(secret.Substring(4), match.Masked);
    }

    [Theory]
    [InlineData("SCALEKIT_CLIENT_SECRET=", false)]
    [InlineData("SCALEKIT_CLIENT_SECRET=\"\"", false)]
    [InlineData("SCALEKIT_CLIENT_SECRET=your_client_secret", true)]
    [InlineData("SCALEKIT_CLIENT_SECRET=<your-client-secret>", true)]
    [InlineData("SCALEKIT_CLIENT_SECRET=${SCALEKIT_CLIENT_SECRET}", true)]
    [InlineData("SCALEKIT_CLIENT_SECRET=changeme", true)]
    [InlineData("SCALEKIT_CLIENT_SECRET=xxxxxxxxxxxxxxxx", true)]
    [InlineData("SCALEKIT_CLIENT_SECRET: ${{ secrets.SCALEKIT_CLIENT_SECRET }}", true)]
    [InlineData("  clientSecret: process.env.SCALEKIT_CLIENT_SECRET,", false)]
    [InlineData("  clientSecret: process.env.SCALEKIT_CLIENT_SECRET!,", false)]
    [InlineData("client_secret = os.environ[\"SCALEKIT_CLIENT_SECRET\"]", false)]
    [InlineData("client_secret = os.environ.get(\"SCALEKIT_CLIENT_SECRET\")", false)]
    [InlineData("const secret = process.env.SCALEKIT_CLIENT_SECRET;", false)]
    [InlineData("  clientSecret?: string;", false)]
    [InlineData("    client_secret: str", false)]
    [InlineData("  clientSecret: secretFromVault,", false)]
    [InlineData("const scalekit = new ScalekitClient(envUrl, clientId, clientSecret);", false)]
    [InlineData("clientSecretEnv: \"SCALEKIT_CLIENT_SECRET\"", false)]
    [InlineData("\"client_secret\": \"{{ client_secret }}\"", false)]
    [InlineData("ClientSecret = \"@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sk)\"", false)]
    [InlineData("client_secret: \"op://Production/Scalekit/client-secret\"", false)]
    [InlineData("client_secret: \"short\"", false)]
    [InlineData("client_secret = \"Paste the client secret from the dashboard\"", false)]
    [InlineData("client_secret = \"test-secret-value\"", false)]
    [InlineData("SCALEKIT_WEBHOOK_SECRET=whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxx", true)]
    [InlineData("SCALEKIT_WEBHOOK_SECRET=whsec_...", true)]
    [InlineData("token = \"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.\"", false)]
    [InlineData("clientSecret: \"{S}\", // skreadiness:ignore (documented test value)", false)]
    [InlineData("-----BEGIN PUBLIC KEY-----", false)]
    [InlineData("-----BEGIN CERTIFICATE-----", false)]
    public void AReferenceEmptyValueOrPlaceholderIsNotASecret(string template, bool configFile)
    {
        (string line, _) = Fill(template);

        Assert.Empty(Match(line, configFile));
    }

    [Fact]
    public void APrivateKeyIsFoundWithItsBodyOnTheNextLines()
    {
        using var fixture = new SecretExposureFixture();
        string pem = fixture.PrivateKeyPem(out string body);
        byte[] bytes = Encoding.UTF8.GetBytes(pem);
        int next = pem.IndexOf('\n') + 1;

        var matches = new List<LineMatch>();
        SecretLineMatcher.Match("-----BEGIN PRIVATE KEY-----", false, bytes, next, bytes.Length, matches);

        LineMatch match = Assert.Single(matches);
        Assert.Equal(SecretRules.PrivateKey, match.Rule);
        Assert.Equal(body.Substring(0, 4) + "… (" + body.Length + " base64 chars)", match.Masked);
    }

    [Fact]
    public void APrivateKeyInsideAJsonStringIsFound()
    {
        using var fixture = new SecretExposureFixture();
        string pem = fixture.PrivateKeyPem(out string body);
        string line = "  \"private_key\": \"" + pem.Replace("\n", "\\n") + "\",";

        LineMatch match = Assert.Single(Match(line, false));

        Assert.Equal(SecretRules.PrivateKey, match.Rule);
        Assert.Equal(body.Substring(0, 4) + "… (" + body.Length + " base64 chars)", match.Masked);
    }

    [Theory]
    [InlineData("if (pem.StartsWith(\"-----BEGIN PRIVATE KEY-----\"))\n    throwInvalidKeyFormatExceptionForTheCaller();\n")]
    [InlineData("const marker = '-----BEGIN RSA PRIVATE KEY-----';\nreturn text.includes(marker);\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")]
    public void CodeThatOnlyMentionsThePemMarkerIsNotAKey(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int next = text.IndexOf('\n') + 1;
        var matches = new List<LineMatch>();

        SecretLineMatcher.Match(text.Substring(0, next - 1), false, bytes, next, bytes.Length, matches);

        Assert.Empty(matches);
    }

    [Fact]
    public void TheSameValueFoundByTwoRulesIsReportedOnce()
    {
        string webhook = SecretExposureFixture.NewWebhookSecret();

        LineMatch match = Assert.Single(Match("webhookSecret: \"" + webhook + "\"", false));

        Assert.Equal(SecretRules.WebhookSecret, match.Rule);
    }

    private static List<LineMatch> Match(string line, bool configFile)
    {
        var matches = new List<LineMatch>();
        SecretLineMatcher.Match(line, configFile, System.Array.Empty<byte>(), 0, 0, matches);
        return matches;
    }

    private static (string Line, string Secret) Fill(string template)
    {
        string secret = template.Contains("{W}") ? SecretExposureFixture.NewWebhookSecret()
            : template.Contains("{JWT}") ? SecretExposureFixture.NewJwt()
            : SecretExposureFixture.NewClientSecret();
        return (template.Replace("{S}", secret).Replace("{W}", secret).Replace("{JWT}", secret), secret);
    }
}
