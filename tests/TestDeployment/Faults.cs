using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The named fault switches of the test deployment. The names are a contract with the tests:
/// each fault breaks exactly one rule of a production deployment and nothing else.
/// </summary>
/// <remarks>
/// Adding a public <c>const string</c> here (or in another part of this partial class: one file per area) is all it takes to make a fault known:
/// <see cref="All"/> is built from the constants by reflection.
/// </remarks>
public static partial class Faults
{
    // SK-MCP-010: protected resource metadata (PRM) discovery and content.

    /// <summary>No PRM at either well-known URL, and the 401 challenge carries no resource_metadata.</summary>
    public const string PrmMissing = "prm-missing";

    /// <summary>PRM only at the path-aware well-known URL (a passing case, like the official SDK).</summary>
    public const string PrmPathOnly = "prm-path-only";

    /// <summary>PRM only at the root well-known URL, and the challenge points there (a passing case).</summary>
    public const string PrmRootOnly = "prm-root-only";

    /// <summary>The challenge's resource_metadata points at a URL that answers 404.</summary>
    public const string PrmHeaderUrlBroken = "prm-header-url-broken";

    /// <summary>PRM served as text/plain.</summary>
    public const string PrmWrongContentType = "prm-wrong-content-type";

    /// <summary>PRM body is truncated, invalid JSON.</summary>
    public const string PrmNotJson = "prm-not-json";

    /// <summary>PRM body is a JSON array holding the document.</summary>
    public const string PrmNotObject = "prm-not-object";

    /// <summary>PRM body padded to about 80 KiB.</summary>
    public const string PrmTooLarge = "prm-too-large";

    /// <summary>PRM resource names another resource on the same origin.</summary>
    public const string PrmResourceMismatch = "prm-resource-mismatch";

    /// <summary>PRM resource is the MCP URL with a trailing slash.</summary>
    public const string PrmResourceTrailingSlash = "prm-resource-trailing-slash";

    /// <summary>PRM has no authorization_servers member.</summary>
    public const string PrmNoAuthorizationServers = "prm-no-authorization-servers";

    /// <summary>The authorization server URL uses http://.</summary>
    public const string PrmAsHttp = "prm-as-http";

    /// <summary>The authorization server URL is prefixed with a second "https://".</summary>
    public const string PrmAsDoubleScheme = "prm-as-double-scheme";

    /// <summary>The authorization server URL is relative.</summary>
    public const string PrmAsRelative = "prm-as-relative";

    /// <summary>The authorization server URL points at the foreign host.</summary>
    public const string PrmAsForeignHost = "prm-as-foreign-host";

    /// <summary>bearer_methods_supported also offers the query string.</summary>
    public const string PrmBearerQuery = "prm-bearer-query";

    /// <summary>bearer_methods_supported does not offer the header.</summary>
    public const string PrmBearerNoHeader = "prm-bearer-no-header";

    /// <summary>scopes_supported is empty.</summary>
    public const string PrmEmptyScopes = "prm-empty-scopes";

    /// <summary>scopes_supported includes offline_access.</summary>
    public const string PrmOfflineAccess = "prm-offline-access";

    /// <summary>PRM has no resource_name member.</summary>
    public const string PrmNoResourceName = "prm-no-resource-name";

    // Transport.

    /// <summary>The plain-HTTP listener serves the app content instead of redirecting to HTTPS.</summary>
    public const string HttpServesContent = "http-serves-content";

    /// <summary>The plain-HTTP listener redirects to https on another host (the foreign host).</summary>
    public const string HttpRedirectsElsewhere = "http-redirects-elsewhere";

    /// <summary>No Strict-Transport-Security header on the app listener.</summary>
    public const string HstsMissing = "hsts-missing";

    /// <summary>Strict-Transport-Security max-age=300 on the app listener.</summary>
    public const string HstsShort = "hsts-short";

    /// <summary>Strict-Transport-Security without includeSubDomains on the app listener.</summary>
    public const string HstsNoSubdomains = "hsts-no-subdomains";

    /// <summary>The app listener's certificate expires in 20 days (inside the 30-day warning window).</summary>
    public const string CertExpiringSoon = "cert-expiring-soon";

    /// <summary>The app listener's certificate expires in 5 days (inside the 7-day failure window).</summary>
    public const string CertExpiringCritical = "cert-expiring-critical";

    /// <summary>The app listener's certificate expired yesterday.</summary>
    public const string CertExpired = "cert-expired";

    /// <summary>The app listener's certificate is valid only for another host name.</summary>
    public const string CertWrongHost = "cert-wrong-host";

    /// <summary>The app listener's port answers a TLS 1.0 ClientHello with a TLS 1.0 ServerHello.</summary>
    public const string Tls10Accepted = "tls10-accepted";

    /// <summary>The app listener's port answers a TLS 1.1 ClientHello with a TLS 1.1 ServerHello.</summary>
    public const string Tls11Accepted = "tls11-accepted";

    // SK-QC-020: CORS on the app endpoints and the MCP endpoint.

    /// <summary>Any Origin is reflected in Access-Control-Allow-Origin (without credentials).</summary>
    public const string CorsReflectAny = "cors-reflect-any";

    /// <summary>Any Origin is reflected, with Access-Control-Allow-Credentials: true.</summary>
    public const string CorsReflectCredentials = "cors-reflect-credentials";

    /// <summary>Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true on credentialed endpoints.</summary>
    public const string CorsWildcardCredentials = "cors-wildcard-credentials";

    /// <summary>The origin "null" is allowed.</summary>
    public const string CorsAllowNull = "cors-allow-null";

    /// <summary>Any origin whose host starts with the app's host is allowed (https://127.0.0.1.sk-probe.invalid passes).</summary>
    public const string CorsPrefixMatch = "cors-prefix-match";

    /// <summary>Any origin that ends with the app's host is allowed (https://sk-probe127.0.0.1 passes).</summary>
    public const string CorsSuffixMatch = "cors-suffix-match";

    /// <summary>The MCP endpoint does not list WWW-Authenticate in Access-Control-Expose-Headers.</summary>
    public const string CorsMcpNoExpose = "cors-mcp-no-expose";

    // SK-QC-002: the environment's token endpoint.

    /// <summary>The environment's discovery document names an issuer with a trailing slash.</summary>
    public const string IssuerTrailingSlash = "issuer-trailing-slash";

    /// <summary>Every known fault name, sorted ordinally.</summary>
    public static IReadOnlyCollection<string> All { get; } = typeof(Faults)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToArray();
}
