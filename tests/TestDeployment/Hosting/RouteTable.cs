using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// A deliberately small router: exact paths, a few prefixes and a fallback. Paths match ordinally
/// (case-sensitive, no trailing-slash leniency) because the audits look at exact URLs.
/// </summary>
/// <remarks>
/// ASP.NET endpoint routing is not used because all listeners share one WebApplication and are told apart by
/// local endpoint; endpoint routing has a single global route table.
/// </remarks>
internal sealed class RouteTable
{
    private readonly Dictionary<string, Route> _exact = new(StringComparer.Ordinal);
    private readonly List<PrefixRoute> _prefixes = [];
    private RequestDelegate _fallback = NotFoundAsync;

    /// <summary>Maps an exact path for the given methods; other methods get 405.</summary>
    public RouteTable Map(string path, RequestDelegate handler, params string[] methods)
    {
        _exact.Add(path, new Route(handler, methods));
        return this;
    }

    /// <summary>Maps every path under <paramref name="prefix"/>; the handler receives the rest of the path.</summary>
    public RouteTable MapPrefix(string prefix, Func<HttpContext, string, Task> handler, params string[] methods)
    {
        _prefixes.Add(new PrefixRoute(prefix, new Route(context => handler(context, context.Request.Path.Value![prefix.Length..]), methods)));
        return this;
    }

    /// <summary>Handles every request no route matched (by default 404).</summary>
    public RouteTable MapFallback(RequestDelegate handler)
    {
        _fallback = handler;
        return this;
    }

    public Task DispatchAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "/";
        if (_exact.TryGetValue(path, out Route? route))
        {
            return route.InvokeAsync(context);
        }

        foreach (PrefixRoute prefixRoute in _prefixes)
        {
            if (path.StartsWith(prefixRoute.Prefix, StringComparison.Ordinal))
            {
                return prefixRoute.Route.InvokeAsync(context);
            }
        }

        return _fallback(context);
    }

    private static Task NotFoundAsync(HttpContext context) =>
        Respond.TextAsync(context, StatusCodes.Status404NotFound, "not found");

    private sealed record PrefixRoute(string Prefix, Route Route);

    private sealed record Route(RequestDelegate Handler, string[] Methods)
    {
        public Task InvokeAsync(HttpContext context)
        {
            if (Array.IndexOf(Methods, context.Request.Method) < 0)
            {
                context.Response.Headers.Allow = string.Join(", ", Methods);
                return Respond.TextAsync(context, StatusCodes.Status405MethodNotAllowed, "method not allowed");
            }

            return Handler(context);
        }
    }
}
