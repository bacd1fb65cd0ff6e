using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.SecretScan;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>SK-QC-030 against source trees generated in the test: every rule's positive and negative cases.</summary>
public sealed class SecretExposureCheckTests
{
    private const string Id = SecretExposureCheck.CheckId;

    [Fact]
    public async Task ATreeWithoutCredentialsPasses()
    {
        using var fixture = new SecretExposureFixture();
        WriteNegativeCases(fixture);

        CheckResult result = await fixture.RunAsync();

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal(fixture.Root, result.Target);
        Assert.StartsWith("No committed credential found in 3 file(s)", result.Message);
        Assert.Equal("none", Evidence(result, "Findings by rule"));
        Assert.StartsWith("not a git repository: every file under the path was scanned", Evidence(result, "Git"));
    }

    [Fact]
    public async Task EveryContentRuleIsFoundWithFileLineRuleAndMaskedValue()
    {
        using var fixture = new SecretExposureFixture();
        WriteNegativeCases(fixture);
        string envSecret = fixture.ClientSecret();
        fixture.Write("app/.env", $"# local settings\nSCALEKIT_ENVIRONMENT_URL=https://acme.scalekit.com\nSCALEKIT_CLIENT_SECRET={envSecret}\n");
        string constructorSecret = fixture.ClientSecret();
        string webhook = fixture.WebhookSecret();
        string objectSecret = fixture.ClientSecret();
        fixture.Write("src/server.ts", string.Join("\n",
            "import { ScalekitClient } from \"@scalekit-sdk/node\";",
            $"const scalekit = new ScalekitClient(process.env.SCALEKIT_ENVIRONMENT_URL!, process.env.SCALEKIT_CLIENT_ID!, \"{constructorSecret}\");",
            $"const webhookSecret = \"{webhook}\";",
            $"const options = {{ clientSecret: \"{objectSecret}\" }};",
            "const fromEnv = { clientSecret: process.env.SCALEKIT_CLIENT_SECRET };",
            "let clientSecret: string;") + "\n");
        string pythonSecret = fixture.ClientSecret();
        string jwt = fixture.Jwt();
        fixture.Write("src/client.py", string.Join("\r\n",
            "import os",
            "client_secret = os.environ[\"SCALEKIT_CLIENT_SECRET\"]",
            $"client_secret: str = \"{pythonSecret}\"",
            "sk = ScalekitClient(env_url, client_id, os.getenv(\"SCALEKIT_CLIENT_SECRET\"))",
            $"TOKEN = \"{jwt}\"") + "\r\n");
        string yamlSecret = fixture.ClientSecret();
        fixture.Write("config/app.yaml", $"scalekit:\n  client_id: skc_58327482062864390\n  client_secret: {yamlSecret}\n  webhook_secret: ${{SCALEKIT_WEBHOOK_SECRET}}\n");
        string appSettingsSecret = fixture.ClientSecret();
        fixture.Write("src/appsettings.json", $"{{\n  \"Scalekit\": {{\n    \"ClientSecret\": \"{appSettingsSecret}\"\n  }}\n}}\n");
        string pem = fixture.PrivateKeyPem(out string pemBody);
        fixture.Write("keys/service.pem", pem);
        string jsonPem = fixture.PrivateKeyPem(out string jsonPemBody);
        fixture.Write("keys/service-account.json", "{\"type\":\"service_account\",\"private_key\":\"" + jsonPem.Replace("\n", "\\n") + "\"}\n");

        CheckResult result = await fixture.RunAsync();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(
            new[]
            {
                $"app/.env:3 scalekit-client-secret: {Masked(envSecret)}",
                $"config/app.yaml:3 client-secret-assignment: {Masked(yamlSecret)}",
                $"keys/service-account.json:1 private-key: {jsonPemBody.Substring(0, 4)}… ({jsonPemBody.Length} base64 chars)",
                $"keys/service.pem:1 private-key: {pemBody.Substring(0, 4)}… ({pemBody.Length} base64 chars)",
                $"src/appsettings.json:3 client-secret-assignment: {Masked(appSettingsSecret)}",
                $"src/client.py:3 client-secret-assignment: {Masked(pythonSecret)}",
                $"src/client.py:5 jwt: {Masked(jwt)}",
                $"src/server.ts:2 scalekit-client-secret: {Masked(constructorSecret)}",
                $"src/server.ts:3 webhook-secret: {Masked(webhook)}",
                $"src/server.ts:4 client-secret-assignment: {Masked(objectSecret)}",
            },
            result.Reasons);
        Assert.StartsWith("10 problems; the first: app/.env:3 scalekit-client-secret: ", result.Message);
        Assert.Equal("client-secret-assignment: 4, jwt: 1, private-key: 2, scalekit-client-secret: 2, webhook-secret: 1", Evidence(result, "Findings by rule"));
        Assert.StartsWith("10 (", Evidence(result, "Files scanned"));
    }

    [Fact]
    public async Task NoFoundSecretAppearsInTheResultAndTheRedactorKnowsEachOne()
    {
        using var fixture = new SecretExposureFixture();
        fixture.Write("src/a.ts", $"const a = {{ clientSecret: \"{fixture.ClientSecret()}\" }};\n");
        fixture.Write("src/b.env", $"SCALEKIT_WEBHOOK_SECRET={fixture.WebhookSecret()}\n");
        fixture.Write("src/c.txt", $"Bearer {fixture.Jwt()}\n");
        fixture.Write("keys/k.pem", fixture.PrivateKeyPem(out _));

        CheckResult result = await fixture.RunAsync();

        Assert.Equal(4, result.Reasons.Count);
        string everything = JsonConvert.SerializeObject(result) + result.Evidence + string.Join("\n", result.Reasons) + result.Message;
        foreach (string secret in fixture.Secrets)
        {
            Assert.DoesNotContain(secret, everything);
            Assert.DoesNotContain(secret, fixture.LastRedactor!.Redact("echo " + secret));
        }
    }

    [Fact]
    public async Task VendorFoldersBinariesTheIgnoreFileAndExcludePatternsAreSkipped()
    {
        using var fixture = new SecretExposureFixture();
        fixture.Write("node_modules/sdk/index.js", $"SCALEKIT_CLIENT_SECRET={fixture.ClientSecret()}\n");
        fixture.Write("packages/web/node_modules/x/y.js", $"const w = \"{fixture.WebhookSecret()}\";\n");
        fixture.Write("bin/Release/appsettings.json", $"{{\"ClientSecret\": \"{fixture.ClientSecret()}\"}}\n");
        fixture.Write("src/Api/obj/generated.cs", $"var t = \"{fixture.Jwt()}\";\n");
        fixture.WriteBytes("assets/logo.png", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0, 1, 2 }.Concat(Encoding.ASCII.GetBytes($"\nSCALEKIT_CLIENT_SECRET={fixture.ClientSecret()}\n")).ToArray());
        fixture.Write(".skreadinessignore", "# test fixtures hold made-up values\nfixtures/\n*.snap\n!keep.snap\n");
        fixture.Write("fixtures/token.txt", fixture.Jwt() + "\n");
        fixture.Write("ui/__snapshots__/a.snap", $"client_secret: \"{fixture.ClientSecret()}\"\n");
        string kept = fixture.ClientSecret();
        fixture.Write("ui/__snapshots__/keep.snap", $"client_secret: \"{kept}\"\n");
        fixture.Write("generated/client.ts", $"export const clientSecret = \"{fixture.ClientSecret()}\";\n");
        fixture.Write("docs/api.min.js", $"var t=\"{fixture.Jwt()}\";\n");

        var options = new SecretScanOptions();
        options.Exclude.Add("generated/");
        options.Exclude.Add("*.min.js");
        CheckResult result = await fixture.RunAsync(options);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"ui/__snapshots__/keep.snap:1 client-secret-assignment: {Masked(kept)}", Assert.Single(result.Reasons));
        Assert.Equal("1 binary file(s); 4 node_modules/bin/obj/.git folder(s) or files in them; 4 excluded by .skreadinessignore or -Exclude", Evidence(result, "Skipped"));
        Assert.EndsWith(".skreadinessignore (3 pattern(s))", Evidence(result, "Ignore file"));
        Assert.StartsWith("2 (", Evidence(result, "Files scanned"));
    }

    [Fact]
    public async Task LineNumbersHoldAcrossReadChunksAndInsideVeryLongLines()
    {
        using var fixture = new SecretExposureFixture();
        var text = new StringBuilder();
        string first = fixture.ClientSecret();
        text.Append("SCALEKIT_CLIENT_SECRET=").Append(first).Append('\n');
        for (int i = 2; i < 60_000; i++)
        {
            text.Append("export function handler").Append(i).Append("(request, response) { return response.json({ ok: true, id: ").Append(i).Append(" }); }\n");
        }

        string pem = fixture.PrivateKeyPem(out string pemBody);
        text.Append(pem); // the header is line 60000, the body crosses several 1 MiB read chunks' worth of text
        string last = fixture.WebhookSecret();
        text.Append("const w = \"").Append(last).Append("\";\n");
        fixture.Write("big/handlers.ts", text.ToString());
        Assert.True(text.Length > 5 * 1024 * 1024);
        string minified = fixture.Jwt();
        fixture.Write("big/bundle.js", "var a=1;" + new string('x', 80_000) + ";var t=\"" + minified + "\";" + new string('y', 80_000) + "\n");

        CheckResult result = await fixture.RunAsync();

        int pemLines = pem.Count(c => c == '\n');
        Assert.Equal(
            new[]
            {
                $"big/bundle.js:1 jwt: {Masked(minified)}",
                $"big/handlers.ts:1 scalekit-client-secret: {Masked(first)}",
                $"big/handlers.ts:60000 private-key: {pemBody.Substring(0, 4)}… ({pemBody.Length} base64 chars)",
                $"big/handlers.ts:{60000 + pemLines} webhook-secret: {Masked(last)}",
            },
            result.Reasons);
    }

    [Fact]
    public async Task ATrackedEnvFileAndAGitignoreWithoutEnvAreReported()
    {
        using var fixture = new SecretExposureFixture();
        fixture.Git("init", "-q");
        string secret = fixture.ClientSecret();
        fixture.Write(".env", $"SCALEKIT_CLIENT_SECRET={secret}\n");
        fixture.Write(".env.example", "SCALEKIT_CLIENT_SECRET=\n");
        fixture.Write("services/api/.env.production", "LOG_LEVEL=info\n");
        fixture.Write("README.md", "# app\n");
        fixture.Git("add", ".");
        fixture.Git("commit", "-q", "-m", "initial");

        CheckResult result = await fixture.RunAsync();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(
            new[]
            {
                ".env env-file-tracked: the file is tracked by git, so everyone with the repository has its values. Run 'git rm --cached .env', ignore it in .gitignore and rotate what it held.",
                $".env:1 scalekit-client-secret: {Masked(secret)}",
                "services/api/.env.production env-file-tracked: the file is tracked by git, so everyone with the repository has its values. Run 'git rm --cached services/api/.env.production', ignore it in .gitignore and rotate what it held.",
                ".gitignore gitignore-env: no .gitignore rule covers .env, so 'git add .' commits a local .env. Add '.env' and '.env.*' (with '!.env.example') to .gitignore.",
            },
            result.Reasons);
        Assert.Equal("none", Evidence(result, ".env ignore rule"));
        Assert.StartsWith("git repository ", Evidence(result, "Git"));
    }

    [Fact]
    public async Task AGitRepositoryThatIgnoresEnvPassesAndItsIgnoredLocalSecretsAreNotScanned()
    {
        using var fixture = new SecretExposureFixture();
        fixture.Git("init", "-q");
        fixture.Write(".gitignore", "node_modules/\n.env\n.env.*\n!.env.example\n");
        fixture.Write(".env.example", "SCALEKIT_CLIENT_SECRET=\n");
        fixture.Write("src/index.ts", "const secret = process.env.SCALEKIT_CLIENT_SECRET;\n");
        fixture.Git("add", ".");
        fixture.Git("commit", "-q", "-m", "initial");
        fixture.Write(".env", $"SCALEKIT_CLIENT_SECRET={fixture.ClientSecret()}\n"); // the recommended local setup
        fixture.Write(".env.local", $"SCALEKIT_WEBHOOK_SECRET={fixture.WebhookSecret()}\n");
        fixture.Write("src/new-file.ts", "export const x = 1;\n"); // untracked, not ignored: scanned

        CheckResult result = await fixture.RunAsync();

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(".gitignore:2:.env", Evidence(result, ".env ignore rule"));
        Assert.StartsWith("4 (", Evidence(result, "Files scanned"));
    }

    [Fact]
    public async Task AnUntrackedEnvFileGitWouldCommitIsScanned()
    {
        using var fixture = new SecretExposureFixture();
        fixture.Git("init", "-q");
        fixture.Write("README.md", "# app\n");
        fixture.Git("add", ".");
        fixture.Git("commit", "-q", "-m", "initial");
        string secret = fixture.ClientSecret();
        fixture.Write(".env", $"SCALEKIT_CLIENT_SECRET={secret}\n");

        CheckResult result = await fixture.RunAsync();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains($".env:1 scalekit-client-secret: {Masked(secret)}", result.Reasons);
        Assert.DoesNotContain(result.Reasons, r => r.Contains("env-file-tracked"));
    }

    [Theory]
    [InlineData(".env*\n!.env\n", null, ".gitignore re-includes .env with '!.env'")]
    [InlineData("", ".env\n", ".env is ignored only by .git/info/exclude on this machine")]
    public async Task AGitignoreGapIsAWarning(string gitignore, string? infoExclude, string reason)
    {
        using var fixture = new SecretExposureFixture();
        fixture.Git("init", "-q");
        fixture.Write(".gitignore", gitignore);
        if (infoExclude is not null)
        {
            fixture.Write(".git/info/exclude", infoExclude);
        }

        fixture.Write("src/index.ts", "export const x = 1;\n");

        CheckResult result = await fixture.RunAsync();

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.StartsWith(".gitignore gitignore-env: " + reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task ASecretRemovedFromTheTreeIsFoundInHistoryOnlyWithIncludeHistory()
    {
        using var fixture = new SecretExposureFixture();
        (string secret, string added) = CommitASecretThenRemoveIt(fixture);

        CheckResult withoutHistory = await fixture.RunAsync();
        var options = new SecretScanOptions { IncludeHistory = true };
        CheckResult withHistory = await fixture.RunAsync(options);

        Assert.Equal(CheckStatus.Passed, withoutHistory.Status);
        Assert.Equal("not read (-IncludeHistory or Source.IncludeHistory reads it)", Evidence(withoutHistory, "History"));
        Assert.Equal(CheckStatus.Failed, withHistory.Status);
        Assert.Equal(
            $"src/config.ts:2 client-secret-assignment: {Masked(secret)} (in git history, commit {added.Substring(0, 12)})",
            Assert.Single(withHistory.Reasons));
        Assert.StartsWith("read 2 commit(s)", Evidence(withHistory, "History"));
    }

    [Fact]
    public async Task SourceIncludeHistoryAndSourceExcludeOfTheConfigurationApply()
    {
        using var fixture = new SecretExposureFixture();
        string generated = fixture.ClientSecret();
        (string removed, string added) = CommitASecretThenRemoveIt(fixture, () => fixture.Write("generated/client.ts", $"export const clientSecret = \"{generated}\";\n"));

        CheckResult plain = await fixture.RunAsync();
        CheckResult configured = await fixture.RunAsync(configure: c =>
        {
            c.SourceIncludeHistory = true;
            c.SourceExclude.Add("generated/");
        });

        Assert.Equal($"generated/client.ts:1 client-secret-assignment: {Masked(generated)}", Assert.Single(plain.Reasons));
        Assert.Equal(CheckStatus.Failed, configured.Status);
        string reason = Assert.Single(configured.Reasons);
        Assert.Equal($"src/config.ts:2 client-secret-assignment: {Masked(removed)} (in git history, commit {added.Substring(0, 12)})", reason);
        Assert.StartsWith("read 2 commit(s)", Evidence(configured, "History"));
        Assert.EndsWith("1 excluded by .skreadinessignore or -Exclude", Evidence(configured, "Skipped"));
    }

    /// <summary>Commits src/config.ts with a literal secret, then a second commit reads it from the environment (plus <paramref name="alsoInSecondCommit"/>).</summary>
    private static (string Secret, string Commit) CommitASecretThenRemoveIt(SecretExposureFixture fixture, Action? alsoInSecondCommit = null)
    {
        fixture.Git("init", "-q");
        fixture.Write(".gitignore", ".env\n");
        string secret = fixture.ClientSecret();
        fixture.Write("src/config.ts", $"export const config = {{\n  clientSecret: \"{secret}\",\n}};\n");
        fixture.Git("add", ".");
        fixture.Git("commit", "-q", "-m", "add config");
        string added = fixture.Git("rev-parse", "HEAD");
        fixture.Write("src/config.ts", "export const config = {\n  clientSecret: process.env.SCALEKIT_CLIENT_SECRET,\n};\n");
        alsoInSecondCommit?.Invoke();
        fixture.Git("add", ".");
        fixture.Git("commit", "-q", "-m", "read the secret from the environment");
        return (secret, added);
    }

    [Fact]
    public async Task HistoryIsNotApplicableOutsideGit()
    {
        using var fixture = new SecretExposureFixture();
        fixture.Write("a.txt", "hello\n");

        CheckResult result = await fixture.RunAsync(new SecretScanOptions { IncludeHistory = true });

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("not applicable: not a git repository", Evidence(result, "History"));
    }

    [Fact]
    public async Task ASingleFileCanBeScanned()
    {
        using var fixture = new SecretExposureFixture();
        string secret = fixture.ClientSecret();
        string file = fixture.Write("deploy/values.yaml", $"scalekit:\n  clientSecret: {secret}\n");

        CheckResult result = await fixture.RunAsync(path: file);

        Assert.Equal($"values.yaml:2 client-secret-assignment: {Masked(secret)}", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task FindingsBeyondTheListingCapAreCounted()
    {
        using var fixture = new SecretExposureFixture();
        var text = new StringBuilder();
        for (int i = 0; i < SecretExposureCheck.MaxListedFindings + 5; i++)
        {
            text.Append("token").Append(i).Append(" = \"").Append(SecretExposureFixture.NewJwt()).Append("\"\n");
        }

        fixture.Write("tokens.py", text.ToString());

        CheckResult result = await fixture.RunAsync();

        Assert.Equal(SecretExposureCheck.MaxListedFindings + 1, result.Reasons.Count);
        Assert.StartsWith("… and 5 more findings", result.Reasons[^1]);
        Assert.Equal("jwt: 1005", Evidence(result, "Findings by rule"));
    }

    [Fact]
    public async Task AScanThatReadNothingIsAWarning()
    {
        using var fixture = new SecretExposureFixture();
        fixture.Git("init", "-q");
        fixture.Write(".gitignore", ".env\nbuild/\n");
        fixture.Write("build/out.js", "var x = 1;\n");
        fixture.Git("add", ".gitignore");
        fixture.Git("commit", "-q", "-m", "initial");

        CheckResult result = await fixture.RunAsync(path: Path.Combine(fixture.Root, "build"));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.StartsWith("No file was scanned: ", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AMissingSourcePathIsAnError()
    {
        string missing = Path.Combine(Path.GetTempPath(), "sk-missing-" + Guid.NewGuid().ToString("N"));

        CheckResult result = await TestSupport.RunSingleAsync(Id, new AuditConfiguration { SourcePath = missing });

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains($"The source path '{missing}' does not exist", result.Message);
    }

    [Fact]
    public async Task WithoutSourcePathTheCheckIsNotConfigured()
    {
        CheckResult result = await TestSupport.RunSingleAsync(Id, new AuditConfiguration());

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("Source.Path", result.Message);
    }

    private static void WriteNegativeCases(SecretExposureFixture fixture)
    {
        fixture.Write("docs/setup.md", string.Join("\n",
            "SCALEKIT_CLIENT_SECRET=",
            "SCALEKIT_CLIENT_SECRET=your_client_secret",
            "SCALEKIT_CLIENT_SECRET=<your-secret>",
            "SCALEKIT_CLIENT_SECRET=${SCALEKIT_CLIENT_SECRET}",
            "client_secret = \"changeme\"",
            "client_secret: \"xxxxxxxxxxxxxxxx\"",
            "SCALEKIT_WEBHOOK_SECRET=whsec_xxxxxxxxxxxxxxxxxxxxxxxx",
            "clientSecretEnv: \"SCALEKIT_CLIENT_SECRET\"",
            "\"client_secret\": \"Enter the client secret from the dashboard\"",
            "-----BEGIN PUBLIC KEY-----",
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo",
            "-----END PUBLIC KEY-----",
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.") + "\n");
        fixture.Write("src/keys.ts", string.Join("\n",
            "export function isPrivateKey(pem: string): boolean {",
            "  if (pem.startsWith(\"-----BEGIN PRIVATE KEY-----\"))",
            "    return throwInvalidKeyFormatExceptionForTheCaller();",
            "  return false;",
            "}",
            $"const fixtureValue = {{ clientSecret: \"{SecretExposureFixture.NewClientSecret()}\" }}; // skreadiness:ignore") + "\n");
        fixture.Write(".github/workflows/deploy.yml", "env:\n  SCALEKIT_CLIENT_SECRET: ${{ secrets.SCALEKIT_CLIENT_SECRET }}\n");
    }

    private static string Masked(string secret) => secret.Substring(0, 4) + "… (" + secret.Length + " chars)";

    private static string Evidence(CheckResult result, string name) =>
        result.Evidence.Single(e => e.Name == name).Value;
}
