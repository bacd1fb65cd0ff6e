using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The environment's auth-log API, <c>GET /api/v1/logs/authentication/requests</c>, as Scalekit documents it: a bearer
/// token from the environment's token endpoint; <c>page_size</c> (default 10, at most 100), <c>page_token</c>,
/// <c>start_time</c>/<c>end_time</c> (RFC 3339, inclusive), repeatable case-insensitive <c>status</c>, <c>email</c>,
/// <c>client_id</c>, <c>resource_id</c>; newest first; <c>authRequests</c>, <c>next_page_token</c>,
/// <c>prev_page_token</c>, <c>total_size</c>.
/// </summary>
internal static class AuthLogEndpoint
{
    public const string Path = "/api/v1/logs/authentication/requests";

    public static Task HandleAsync(HttpContext context, DeploymentState state)
    {
        if (!HasValidToken(context.Request, state))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Error(context, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "A bearer token from the environment's token endpoint is required.");
        }

        if (state.Has(Faults.AuthLogForbidden))
        {
            return Error(context, StatusCodes.Status403Forbidden, "PERMISSION_DENIED", "This client may not read authentication logs.");
        }

        if (state.Has(Faults.AuthLogThrottled) && state.Monitoring.NextAuthLogRequest() % 2 == 0)
        {
            context.Response.Headers.RetryAfter = "1";
            return Error(context, StatusCodes.Status429TooManyRequests, "RATE_LIMITED", "Too many requests.");
        }

        IQueryCollection query = context.Request.Query;
        IEnumerable<AuthLogRecord> records = state.Monitoring.AuthLog;
        if (!TryTime(query["start_time"], out DateTimeOffset? start) || !TryTime(query["end_time"], out DateTimeOffset? end))
        {
            return Error(context, StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "start_time and end_time must be RFC 3339 UTC times.");
        }

        if (start is DateTimeOffset from)
        {
            records = records.Where(r => r.Timestamp >= from);
        }

        if (end is DateTimeOffset until)
        {
            records = records.Where(r => r.Timestamp <= until);
        }

        string[] statuses = query["status"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!.ToUpperInvariant()).ToArray();
        if (statuses.Length > 0)
        {
            records = records.Where(r => statuses.Contains(r.Status));
        }

        string email = query["email"].ToString();
        if (email.Length > 0)
        {
            records = records.Where(r => string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase));
        }

        string clientId = query["client_id"].ToString();
        if (clientId.Length > 0)
        {
            records = records.Where(r => r.ClientId == clientId);
        }

        string resourceId = query["resource_id"].ToString();
        if (resourceId.Length > 0)
        {
            records = records.Where(r => r.ResourceId == resourceId);
        }

        int pageSize = int.TryParse(query["page_size"], NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size > 0 ? Math.Min(size, 100) : 10;
        int offset = 0;
        string pageToken = query["page_token"].ToString();
        if (pageToken.Length > 0 && !TryOffset(pageToken, out offset))
        {
            return Error(context, StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", "page_token is not a token this API issued.");
        }

        AuthLogRecord[] matching = records.ToArray();
        AuthLogRecord[] page = matching.Skip(offset).Take(pageSize).ToArray();
        var body = new JsonObject
        {
            ["authRequests"] = new JsonArray(page.Select(Item).ToArray<JsonNode?>()),
            ["next_page_token"] = offset + pageSize < matching.Length ? Token(offset + pageSize) : string.Empty,
            ["prev_page_token"] = offset > 0 ? Token(Math.Max(0, offset - pageSize)) : string.Empty,
            ["total_size"] = matching.Length,
        };
        return Respond.JsonAsync(context, StatusCodes.Status200OK, body);
    }

    private static JsonObject Item(AuthLogRecord record) => new()
    {
        ["auth_request_id"] = record.Id,
        ["client_id"] = record.ClientId,
        ["client_name"] = record.ClientName,
        ["client_type"] = record.ClientType,
        ["connection_id"] = record.Email is null ? string.Empty : "conn_passwordless",
        ["connection_provider"] = record.Email is null ? string.Empty : "PASSWORDLESS",
        ["connection_type"] = record.Email is null ? string.Empty : "PASSWORDLESS",
        ["connection_details"] = new JsonArray(),
        ["email"] = record.Email ?? string.Empty,
        ["environment_id"] = "env_58327482062864001",
        ["organization_id"] = record.Email is null ? string.Empty : "org_58327482062864002",
        ["resource_id"] = record.ResourceId ?? string.Empty,
        ["resource_name"] = record.ResourceId is null ? string.Empty : "Todo MCP",
        ["resource_type"] = record.ResourceId is null ? string.Empty : "mcp",
        ["status"] = record.Status,
        ["timestamp"] = record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["workflow"] = record.Workflow,
    };

    private static string Token(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryOffset(string token, out int offset)
    {
        offset = 0;
        try
        {
            string text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }

    // An RS256 token signed by the environment's key and not expired: what the token endpoint mints.
    private static bool HasValidToken(HttpRequest request, DeploymentState state)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string[] parts = authorization.Substring(7).Trim().Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            byte[] signature = Base64Url.DecodeFromChars(parts[2]);
            if (!state.SigningKey.Rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return false;
            }

            using JsonDocument claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return claims.RootElement.TryGetProperty("exp", out JsonElement exp) && exp.GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static Task Error(HttpContext context, int status, string code, string message) =>
        Respond.JsonAsync(context, status, new JsonObject { ["code"] = status, ["error_code"] = code, ["message"] = message });
}
