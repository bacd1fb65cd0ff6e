using System;

namespace ScalekitReadiness.Cors;

/// <summary>What an endpoint is for, which decides what its CORS policy may allow.</summary>
internal enum CorsEndpointKind
{
    /// <summary>Not known in advance (a -Uri of the cmdlet): decided from the path and the endpoint's answer.</summary>
    Unknown,

    /// <summary>An API called by the web app's own scripts with the user's cookies (App.ProtectedApiUrl).</summary>
    AppApi,

    /// <summary>A page the browser navigates to (login, callback, logout): cookies, but no cross-origin reads expected.</summary>
    AppPage,

    /// <summary>An OAuth protected resource such as the MCP endpoint: bearer tokens, and a 401 challenge browsers must read.</summary>
    ProtectedResource,

    /// <summary>A public document (PRM, AS metadata, JWKS): readable by any origin, never with credentials.</summary>
    PublicMetadata,
}

/// <summary>One endpoint whose CORS policy is probed, and where it came from (a configuration key or a parameter).</summary>
internal sealed class CorsEndpoint
{
    public CorsEndpoint(Uri url, CorsEndpointKind kind, string source)
    {
        Url = url;
        Kind = kind;
        Source = source;
    }

    public Uri Url { get; }

    public CorsEndpointKind Kind { get; }

    /// <summary>Gets the configuration key or parameter that named the endpoint, for the evidence.</summary>
    public string Source { get; }

    /// <summary>Returns the kind a well-known or JWKS path implies, or <see cref="CorsEndpointKind.Unknown"/>.</summary>
    public static CorsEndpointKind KindFromPath(Uri url)
    {
        string path = url.AbsolutePath.TrimEnd('/');
        bool wellKnown = path.IndexOf("/.well-known/", StringComparison.OrdinalIgnoreCase) >= 0;
        bool jwks = path.EndsWith("/keys", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("/jwks", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("/jwks.json", StringComparison.OrdinalIgnoreCase);
        return wellKnown || jwks ? CorsEndpointKind.PublicMetadata : CorsEndpointKind.Unknown;
    }

    /// <summary>Describes a kind for the evidence.</summary>
    public static string Describe(CorsEndpointKind kind) => kind switch
    {
        CorsEndpointKind.AppApi => "web endpoint called with the user's cookies: only your origins, credentials allowed",
        CorsEndpointKind.AppPage => "web page the browser navigates to: no cross-origin reads needed",
        CorsEndpointKind.ProtectedResource => "OAuth protected resource (MCP endpoint): only your origins, and the 401 challenge exposed to them",
        CorsEndpointKind.PublicMetadata => "public metadata: any origin may read it, without credentials",
        _ => "not yet known",
    };
}
