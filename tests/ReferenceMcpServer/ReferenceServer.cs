using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace ScalekitReadiness.ReferenceMcpServer;

/// <summary>
/// A clean MCP server built the way the official C# MCP SDK documents it: Streamable HTTP at /mcp, only RS256
/// <c>at+jwt</c> access tokens from the configured issuer whose audience is this server's own /mcp URL, protected
/// resource metadata at the root and the path-aware well-known URLs, RFC 6750 challenges that name the metadata and
/// the scope, 403 insufficient_scope for a tool the token's scopes do not cover.
/// </summary>
internal static class ReferenceServer
{
    public const string ResourceName = "ScalekitReadiness reference MCP server";

    public static WebApplication Build(ServerOptions options, ServerUrls urls)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        // Keys live in memory for this process only; the "unencrypted at rest" warning does not apply.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // stdout carries only the ready line.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Configuration["AllowedHosts"] = "localhost;127.0.0.1";

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (options.CertificatePath is not null)
                {
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath));
                }
            });
        });

        builder.Services.AddSingleton(urls);
        builder.Services.AddSingleton<ScopeGate>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt => ConfigureJwt(jwt, options, urls));
        builder.Services.AddAuthorization();
        builder.Services.AddMcpServer(server => server.ServerInfo = new() { Name = "scalekit-readiness-reference", Version = "1.0.0" })
            // Session-era clients (initialize) get an Mcp-Session-Id; 2026-07-28 clients run stateless.
            .WithHttpTransport(transport => transport.SessionMode = options.SessionMode)
            .WithTools([typeof(Tools)])
            .WithResources([typeof(Resources)]);

        WebApplication app = builder.Build();
        app.UseHostFiltering();
        app.Use((context, next) => RefuseForeignOriginAsync(context, next, urls));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<ScopeGate>();

        app.MapGet(ServerUrls.RootMetadataPath, (HttpContext context) => ResourceMetadata(context, options, urls));
        app.MapGet(ServerUrls.PathAwareMetadataPath, (HttpContext context) => ResourceMetadata(context, options, urls));
        app.MapMcp(ServerUrls.McpPath).RequireAuthorization();
        return app;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, ServerOptions options, ServerUrls urls)
    {
        string issuer = options.Issuer.AbsoluteUri.TrimEnd('/');
        jwt.Authority = issuer;
        jwt.MetadataAddress = issuer + "/.well-known/openid-configuration";
        jwt.RequireHttpsMetadata = options.Issuer.Scheme == Uri.UriSchemeHttps;
        jwt.MapInboundClaims = false;
        if (options.CaPath is not null)
        {
            jwt.BackchannelHttpHandler = TrustingHandler(options.CaPath);
        }

        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateAudience = true,
            // Port 0: the URL is known only once Kestrel listens, so the audience is read per token.
            AudienceValidator = (audiences, _, _) => audiences.Contains(urls.McpUrl, StringComparer.Ordinal),
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "sub",
        };
        jwt.Events = new JwtBearerEvents { OnChallenge = context => ChallengeAsync(context, urls) };
    }

    /// <summary>401 per RFC 6750 §3 and MCP: the metadata URL and the scope; an error code only when a token was sent.</summary>
    private static Task ChallengeAsync(JwtBearerChallengeContext context, ServerUrls urls)
    {
        context.HandleResponse();
        string metadata = $"resource_metadata=\"{urls.ResourceMetadataUrl}\", scope=\"{ScopeGate.ToolsScope}\"";
        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        if (context.AuthenticateFailure is null)
        {
            response.Headers.WWWAuthenticate = "Bearer " + metadata;
            return response.WriteAsJsonAsync(new { error = "unauthorized", error_description = "A bearer access token is required" });
        }

        string description = context.AuthenticateFailure is SecurityTokenExpiredException ? "The access token expired" : "The access token is invalid";
        response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{description}\", {metadata}";
        return response.WriteAsJsonAsync(new { error = "invalid_token", error_description = description });
    }

    /// <summary>MCP transports must validate Origin (DNS rebinding): a browser request from another origin gets 403.</summary>
    private static Task RefuseForeignOriginAsync(HttpContext context, RequestDelegate next, ServerUrls urls)
    {
        string? origin = context.Request.Headers.Origin;
        if (origin is null || !context.Request.Path.StartsWithSegments(ServerUrls.McpPath, StringComparison.Ordinal)
            || string.Equals(origin, urls.Origin, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(new { error = "forbidden_origin", error_description = "Requests from this origin are not accepted" });
    }

    private static IResult ResourceMetadata(HttpContext context, ServerOptions options, ServerUrls urls)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        var document = new JsonObject
        {
            ["resource"] = urls.McpUrl,
            ["authorization_servers"] = new JsonArray(options.Issuer.AbsoluteUri.TrimEnd('/')),
            ["scopes_supported"] = new JsonArray(ScopeGate.ToolsScope, ScopeGate.AdminScope),
            ["bearer_methods_supported"] = new JsonArray("header"),
            ["resource_name"] = ResourceName,
        };
        return Results.Text(document.ToJsonString(), "application/json");
    }

    private static SocketsHttpHandler TrustingHandler(string caPath)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.ImportFromPemFile(caPath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = policy;
        return handler;
    }
}
