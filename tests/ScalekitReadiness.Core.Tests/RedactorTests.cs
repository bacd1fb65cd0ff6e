using ScalekitReadiness.Http;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class RedactorTests
{
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz"; // skreadiness:ignore (made-up test value)

    [Theory]
    [InlineData("{\"access_token\":\"opaque-123456\",\"token_type\":\"Bearer\"}", "opaque-123456")]
    [InlineData("{\"refresh_token\" : \"rt-abcdef\"}", "rt-abcdef")]
    [InlineData("grant_type=client_credentials&client_id=skc_1&client_secret=s3cr3t-value", "s3cr3t-value")] // skreadiness:ignore (made-up test value)
    [InlineData("https://app.example.test/cb?code=authcode-999&state=xyz", "authcode-999")]
    [InlineData("Bearer " + Jwt, Jwt)]
    public void SecretsAreReplacedByTheirMarker(string text, string secret)
    {
        string redacted = new Redactor().Redact(text);

        Assert.DoesNotContain(secret, redacted);
        Assert.Contains(Redactor.Marker(secret), redacted);
    }

    [Fact]
    public void NonSecretsSurvive()
    {
        const string text = "{\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"todo:read\"} state=xyz";
        Assert.Equal(text, new Redactor().Redact(text));
    }

    [Fact]
    public void AKnownSecretIsScrubbedWherever_itAppears()
    {
        var redactor = new Redactor();
        redactor.AddSecret("plain-client-secret");

        Assert.Equal("error: " + Redactor.Marker("plain-client-secret") + " rejected", redactor.Redact("error: plain-client-secret rejected"));
    }

    [Fact]
    public void TheMarkerIsSha256PrefixedAndStable()
    {
        Assert.Equal("«redacted:sha256:2cf24dba»", Redactor.Marker("hello"));
    }

    [Fact]
    public void HeadersKeepTheirShapeButNotTheirSecrets()
    {
        var redactor = new Redactor();

        Assert.Equal("Bearer " + Redactor.Marker("abc.def"), redactor.RedactAuthorization("Bearer abc.def"));
        Assert.Equal("a=" + Redactor.Marker("1") + "; b=" + Redactor.Marker("2"), redactor.RedactCookieHeader("a=1; b=2"));
        Assert.Equal("sid=" + Redactor.Marker("xyz") + "; Path=/; HttpOnly", redactor.RedactSetCookieHeader("sid=xyz; Path=/; HttpOnly"));
    }
}
