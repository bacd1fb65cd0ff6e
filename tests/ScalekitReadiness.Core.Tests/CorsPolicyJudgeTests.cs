using System;
using System.Collections.Generic;
using System.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Cors;
using ScalekitReadiness.Http;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>
/// The rules on answers the test deployment does not give (public metadata with credentials, several
/// Access-Control-Allow-Origin values, "True" instead of "true"...), judged from recorded answers.
/// </summary>
public sealed class CorsPolicyJudgeTests
{
    private const string App = "https://app.example.com";
    private const string Url = "https://api.example.com/me";

    private static readonly CorsProbeOrigin s_arbitrary = new(CorsOriginRole.Arbitrary, CorsOrigins.Arbitrary);
    private static readonly CorsProbeOrigin s_null = new(CorsOriginRole.Null, CorsOrigins.Null);
    private static readonly CorsProbeOrigin s_allowed = new(CorsOriginRole.Allowed, App);

    [Fact]
    public void PublicMetadataReflectingAnyOriginWithCredentialsFails()
    {
        CheckResult result = Judge(
            CorsEndpointKind.PublicMetadata,
            Both(s_arbitrary, ("Access-Control-Allow-Origin", CorsOrigins.Arbitrary), ("Access-Control-Allow-Credentials", "true")));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.StartsWith("It reflects any origin with credentials", Assert.Single(result.Reasons));
    }

    [Fact]
    public void PublicMetadataOpenToEveryOriginWithoutCredentialsPasses()
    {
        CheckResult result = Judge(
            CorsEndpointKind.PublicMetadata,
            Both(s_arbitrary, ("Access-Control-Allow-Origin", CorsOrigins.Arbitrary)).Concat(Both(s_null, ("Access-Control-Allow-Origin", "null"))).ToArray());

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("Public metadata readable by any origin without credentials, as it should be.", result.Message);
    }

    [Fact]
    public void PublicMetadataWithWildcardAndCredentialsFails()
    {
        CheckResult result = Judge(
            CorsEndpointKind.PublicMetadata,
            Both(s_arbitrary, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.StartsWith("It answers Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true", Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData(nameof(CorsEndpointKind.AppApi), "any website can read its answers (without the user's cookies)")]
    [InlineData(nameof(CorsEndpointKind.ProtectedResource), "any website can call it with a token it holds and read the answer")]
    public void WildcardWithoutCredentialsOnACredentialedEndpointIsAWarning(string kind, string who)
    {
        CheckResult result = Judge(
            Enum.Parse<CorsEndpointKind>(kind),
            Both(s_arbitrary, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "*"))
                .Concat(Both(s_allowed, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "*"))).ToArray());

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Equal($"It answers Access-Control-Allow-Origin: * (preflight and GET): {who}. That suits public documents only; name your origins instead.", Assert.Single(result.Reasons));
    }

    [Fact]
    public void CredentialsCountOnlyWhenTheValueIsExactlyTrue()
    {
        CheckResult result = Judge(
            CorsEndpointKind.AppApi,
            Both(s_arbitrary, ("Access-Control-Allow-Origin", CorsOrigins.Arbitrary), ("Access-Control-Allow-Credentials", "True")));

        Assert.StartsWith("It reflects any origin: ", Assert.Single(result.Reasons));
    }

    [Fact]
    public void SeveralAllowOriginValuesDoNotAllowTheOrigin()
    {
        CheckResult result = Judge(
            CorsEndpointKind.AppApi,
            Both(s_allowed, ("Access-Control-Allow-Origin", App), ("Access-Control-Allow-Origin", "https://other.example.com")));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.StartsWith(
            $"It does not allow your origin {App} (preflight: Access-Control-Allow-Origin: {App} | https://other.example.com; GET: Access-Control-Allow-Origin: {App} | https://other.example.com)",
            Assert.Single(result.Reasons));
    }

    [Fact]
    public void APageNeedsNoCorsForTheAllowedOrigin()
    {
        CheckResult result = Judge(CorsEndpointKind.AppPage, Both(s_allowed));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.EndsWith("not needed for a page the browser navigates to", result.Evidence.Single(e => e.Name == "Allowed origin " + App).Value);
    }

    [Fact]
    public void TheEndpointsOwnOriginNeedsNoCors()
    {
        CheckResult result = Judge(CorsEndpointKind.AppApi, Both(s_allowed), url: App + "/api/me");

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.EndsWith("but it is the endpoint's own origin, to which browsers apply no CORS", result.Evidence.Single(e => e.Name == "Allowed origin " + App).Value);
    }

    [Fact]
    public void AnMcpEndpointThatAllowsNoOriginIsNotJudgedOnExposedHeaders()
    {
        CheckResult result = Judge(CorsEndpointKind.ProtectedResource, Both(s_arbitrary));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.StartsWith("not judged: no allowed origin may read the answers", result.Evidence.Single(e => e.Name == "Exposed headers").Value);
    }

    private static CorsAnswer[] Both(CorsProbeOrigin origin, params (string Name, string Value)[] headers) =>
        new[] { Answer(origin, true, headers), Answer(origin, false, headers) };

    private static CorsAnswer Answer(CorsProbeOrigin origin, bool preflight, (string Name, string Value)[] headers)
    {
        KeyValuePair<string, string>[] list = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToArray();
        var exchange = new ProbeExchange(preflight ? "OPTIONS" : "GET", Url, 200, Array.Empty<KeyValuePair<string, string>>(), list, 0, false, null, TimeSpan.Zero, null);
        var response = new ProbeResponse(new Uri(Url), 200, "OK", list, Array.Empty<byte>(), false, TimeSpan.Zero, exchange);
        return new CorsAnswer(origin, preflight, response);
    }

    private static CheckResult Judge(CorsEndpointKind kind, CorsAnswer[] answers, string url = Url)
    {
        using var probe = new ProbeClient(new ProbeClientOptions(), new Redactor());
        var context = new AuditContext(new AuditConfiguration(), probe, Guid.NewGuid());
        Check check = CheckCatalog.Find(CorsPolicyCheck.CheckId)!;
        return CorsPolicyJudge.Judge(kind, new Uri(url), answers, context.StartResult(check.Definition, url));
    }
}
