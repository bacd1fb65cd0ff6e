using System;
using ScalekitReadiness.Cors;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class CorsPolicyOriginsTests
{
    [Theory]
    [InlineData("https://app.example.com", "https://app.example.com")]
    [InlineData("https://App.Example.COM/", "https://app.example.com")]
    [InlineData("  https://app.example.com:443 ", "https://app.example.com")]
    [InlineData("http://localhost:3000", "http://localhost:3000")]
    [InlineData("https://127.0.0.1:8443/", "https://127.0.0.1:8443")]
    public void AnOriginIsSerialisedAsBrowsersSendIt(string value, string expected)
    {
        Assert.True(CorsOrigins.TryNormalize(value, out string origin, out string problem), problem);
        Assert.Equal(expected, origin);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("null", "'null' is the opaque origin")]
    [InlineData("app.example.com", "it is not an http or https origin")]
    [InlineData("ftp://files.example.com", "it is not an http or https origin")]
    [InlineData("https://app.example.com/login", "without user, path, query or fragment (did you mean https://app.example.com?)")]
    [InlineData("https://app.example.com/?x=1", "without user, path, query or fragment")]
    [InlineData("https://app.example.com/#top", "without user, path, query or fragment")]
    [InlineData("https://me@app.example.com", "without user, path, query or fragment")]
    public void AValueThatIsNotAnOriginSaysWhy(string value, string problem)
    {
        Assert.False(CorsOrigins.TryNormalize(value, out _, out string why));
        Assert.Contains(problem, why);
    }

    [Theory]
    [InlineData("https://app.example.com", "https://app.example.com.sk-probe.invalid", "https://sk-probeexample.com")]
    [InlineData("https://app.example.co.uk:8443", "https://app.example.co.uk.sk-probe.invalid:8443", "https://sk-probeexample.co.uk:8443")]
    [InlineData("https://example.com", "https://example.com.sk-probe.invalid", "https://sk-probeexample.com")]
    [InlineData("http://localhost:3000", "http://localhost.sk-probe.invalid:3000", "http://sk-probelocalhost:3000")]
    [InlineData("https://127.0.0.1:5001", "https://127.0.0.1.sk-probe.invalid:5001", "https://sk-probe127.0.0.1:5001")]
    public void LookAlikesStartOrEndLikeTheRealOrigin(string real, string prefix, string suffix)
    {
        Assert.Equal(prefix, CorsOrigins.PrefixTrick(real));
        Assert.Equal(suffix, CorsOrigins.SuffixTrick(real));
    }

    [Theory]
    [InlineData("https://mcp.example.com/.well-known/oauth-protected-resource/mcp", true)]
    [InlineData("https://auth.example.com/.well-known/openid-configuration", true)]
    [InlineData("https://auth.example.com/keys", true)]
    [InlineData("https://auth.example.com/.well-known/jwks.json", true)]
    [InlineData("https://app.example.com/api/me", false)]
    [InlineData("https://mcp.example.com/mcp", false)]
    public void PublicMetadataIsKnownByItsPath(string url, bool isPublic)
    {
        Assert.Equal(isPublic ? CorsEndpointKind.PublicMetadata : CorsEndpointKind.Unknown, CorsEndpoint.KindFromPath(new Uri(url)));
    }
}
