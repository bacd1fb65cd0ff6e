using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The probe-client laboratory: endpoints that exercise the audit's HTTP client (redirects, timeouts, size
/// limits, rate limiting, redaction). The listener records every request with its arrival time.
/// </summary>
internal static class LabEndpoints
{
    private const int ChunkSize = 8 * 1024;

    private static readonly byte[] s_chunk = Enumerable.Repeat((byte)'a', ChunkSize).ToArray();

    public static void Map(RouteTable routes, DeploymentState state)
    {
        var rateLimitedKeys = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        routes
            .Map("/lab/ok", context => Respond.TextAsync(context, StatusCodes.Status200OK, "ok"), HttpMethods.Get)
            .MapPrefix("/lab/redirect/", RedirectAsync, HttpMethods.Get)
            .Map("/lab/redirect-loop", RedirectLoopAsync, HttpMethods.Get)
            .Map("/lab/slow", context => SlowAsync(context, state), HttpMethods.Get)
            .Map("/lab/big", context => BigAsync(context, state, declareLength: false), HttpMethods.Get)
            .Map("/lab/big-declared", context => BigAsync(context, state, declareLength: true), HttpMethods.Get)
            .Map("/lab/ratelimited", context => RateLimitedAsync(context, rateLimitedKeys), HttpMethods.Get)
            .Map("/lab/set-cookie", SetCookieAsync, HttpMethods.Get)
            .Map("/lab/echo", EchoAsync, HttpMethods.Get, HttpMethods.Post)
            .Map("/lab/always-429", AlwaysRateLimitedAsync, HttpMethods.Get, HttpMethods.Post)
            .Map("/lab/refresh-token", context => Respond.TextAsync(context, StatusCodes.Status200OK, RefreshTokenExchange.IssueForTests(state)), HttpMethods.Get)
            .Map("/lab/resource-token", context => Respond.TextAsync(context, StatusCodes.Status200OK, TokenFaults.ResourceIssuerAccessToken(state)), HttpMethods.Get)
            .Map("/lab/expired-token", context => Respond.TextAsync(context, StatusCodes.Status200OK, TokenFaults.ExpiredAccessToken(state)), HttpMethods.Get);
    }

    /// <summary>/lab/redirect/{n}: a chain of n relative 302s ending in 200 "done".</summary>
    private static Task RedirectAsync(HttpContext context, string rest)
    {
        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int remaining))
        {
            return Respond.TextAsync(context, StatusCodes.Status404NotFound, "not found");
        }

        if (remaining == 0)
        {
            return Respond.TextAsync(context, StatusCodes.Status200OK, "done");
        }

        Respond.Redirect(context, StatusCodes.Status302Found, "/lab/redirect/" + (remaining - 1).ToString(CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }

    private static Task RedirectLoopAsync(HttpContext context)
    {
        Respond.Redirect(context, StatusCodes.Status302Found, "/lab/redirect-loop");
        return Task.CompletedTask;
    }

    /// <summary>/lab/slow?ms=N: answers after N ms, or not at all when the client gives up first.</summary>
    private static async Task SlowAsync(HttpContext context, DeploymentState state)
    {
        if (!TryGetNonNegativeQuery(context, "ms", out long milliseconds) || milliseconds > int.MaxValue)
        {
            await Respond.TextAsync(context, StatusCodes.Status400BadRequest, "ms must be a non-negative integer");
            return;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, or the deployment is stopping: reset the connection rather than let an empty
            // 200 suggest the wait completed.
            context.Abort();
            return;
        }

        await Respond.TextAsync(context, StatusCodes.Status200OK, "slow");
    }

    /// <summary>
    /// /lab/big?bytes=N streams N bytes of 'a' in 8 KiB writes. Without a declared length HTTP/1.1 sends it chunked,
    /// so only the client's running byte count can enforce a size limit.
    /// </summary>
    private static async Task BigAsync(HttpContext context, DeploymentState state, bool declareLength)
    {
        if (!TryGetNonNegativeQuery(context, "bytes", out long total))
        {
            await Respond.TextAsync(context, StatusCodes.Status400BadRequest, "bytes must be a non-negative integer");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        if (declareLength)
        {
            context.Response.ContentLength = total;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        try
        {
            for (long sent = 0; sent < total; sent += ChunkSize)
            {
                int count = (int)Math.Min(ChunkSize, total - sent);
                await context.Response.Body.WriteAsync(s_chunk.AsMemory(0, count), cancellation.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // A client enforcing a size limit hangs up mid-stream; that is the expected outcome, not an error.
            context.Abort();
        }
    }

    /// <summary>/lab/ratelimited?key=K: the first request per key gets 429 with Retry-After: 1, later ones 200.</summary>
    private static Task RateLimitedAsync(HttpContext context, ConcurrentDictionary<string, bool> seenKeys)
    {
        string? key = context.Request.Query["key"];
        if (key is null)
        {
            return Respond.TextAsync(context, StatusCodes.Status400BadRequest, "key is required");
        }

        if (seenKeys.TryAdd(key, true))
        {
            context.Response.Headers.RetryAfter = "1";
            return Respond.TextAsync(context, StatusCodes.Status429TooManyRequests, "rate limited");
        }

        return Respond.TextAsync(context, StatusCodes.Status200OK, "ok");
    }

    /// <summary>/lab/always-429: every request gets 429 with a Retry-After of two minutes, longer than the audit waits.</summary>
    private static Task AlwaysRateLimitedAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "120";
        return Respond.TextAsync(context, StatusCodes.Status429TooManyRequests, "rate limited");
    }

    /// <summary>/lab/set-cookie: a secret in both a cookie and the body, for the evidence-redaction tests.</summary>
    private static Task SetCookieAsync(HttpContext context)
    {
        string secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Headers.SetCookie = $"session={secret}; Path=/; HttpOnly; Secure; SameSite=Lax";
        return Respond.JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["access_token"] = secret });
    }

    /// <summary>/lab/echo: the request's method, path, headers and body as JSON.</summary>
    private static async Task EchoAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var headers = new JsonObject();
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value.ToArray());
        }

        var echo = new JsonObject
        {
            ["method"] = context.Request.Method,
            ["path"] = context.Request.GetEncodedPathAndQuery(),
            ["headers"] = headers,
            ["body"] = body,
        };
        await Respond.JsonAsync(context, StatusCodes.Status200OK, echo);
    }

    private static bool TryGetNonNegativeQuery(HttpContext context, string name, out long value) =>
        long.TryParse(context.Request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
