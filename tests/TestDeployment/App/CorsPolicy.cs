using System;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The CORS policy of the app listener's web endpoints and of the MCP endpoint: only the app's own origin
/// (https://127.0.0.1:&lt;appPort&gt;) may read answers. Each SK-QC-020 fault breaks exactly one rule, on every
/// endpoint that applies the policy. The PRM is public and answers <c>*</c> itself (see <see cref="ProtectedResourceMetadata"/>).
/// </summary>
internal static class CorsPolicy
{
    /// <summary>Adds the CORS response headers for the request's Origin.</summary>
    /// <param name="context">The request and response.</param>
    /// <param name="state">The deployment, for its faults and its app origin.</param>
    /// <param name="withCredentials">Whether the endpoint shares credentialed answers: the app's cookie endpoints do; the MCP endpoint, which takes bearer tokens, does not.</param>
    /// <param name="exposedHeaders">The Access-Control-Expose-Headers value for an allowed origin, or null.</param>
    public static void Apply(HttpContext context, DeploymentState state, bool withCredentials, string? exposedHeaders)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.Vary = "Origin";
        StringValues values = context.Request.Headers.Origin;
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return;
        }

        string origin = values[0]!;
        if (state.Has(Faults.CorsWildcardCredentials))
        {
            Allow(headers, "*", credentials: true, exposedHeaders);
        }
        else if (state.Has(Faults.CorsReflectCredentials))
        {
            Allow(headers, origin, credentials: true, exposedHeaders);
        }
        else if (state.Has(Faults.CorsReflectAny))
        {
            Allow(headers, origin, credentials: false, exposedHeaders);
        }
        else if (IsAllowed(origin, state))
        {
            Allow(headers, origin, withCredentials, exposedHeaders);
        }
    }

    private static bool IsAllowed(string origin, DeploymentState state)
    {
        string app = state.Urls.AppBaseUrl;
        if (string.Equals(origin, app, StringComparison.Ordinal))
        {
            return true;
        }

        if (state.Has(Faults.CorsAllowNull) && origin == "null")
        {
            return true;
        }

        // The two classic allow-list bugs: looking at how the origin starts, or how it ends, instead of all of it.
        var appUri = new Uri(app);
        if (state.Has(Faults.CorsPrefixMatch) && origin.StartsWith(appUri.Scheme + "://" + appUri.Host, StringComparison.Ordinal))
        {
            return true;
        }

        return state.Has(Faults.CorsSuffixMatch) && origin.EndsWith(appUri.Authority, StringComparison.Ordinal);
    }

    private static void Allow(IHeaderDictionary headers, string origin, bool credentials, string? exposedHeaders)
    {
        headers.AccessControlAllowOrigin = origin;
        if (credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (exposedHeaders is not null)
        {
            headers.AccessControlExposeHeaders = exposedHeaders;
        }
    }
}
