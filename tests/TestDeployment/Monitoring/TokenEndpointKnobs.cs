using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>The token endpoint's latency knob and its rate limit (fault <see cref="Faults.TokenRateLimited"/>).</summary>
internal static class TokenEndpointKnobs
{
    /// <summary>Waits the configured latency; answers 429 when rate limited. Returns true when the request was answered.</summary>
    public static async Task<bool> InterceptAsync(HttpContext context, DeploymentState state)
    {
        if (state.Monitoring.TokenLatency > System.TimeSpan.Zero)
        {
            await Task.Delay(state.Monitoring.TokenLatency, context.RequestAborted);
        }

        if (state.Has(Faults.TokenRateLimited) && state.Monitoring.NextTokenRequest() % 4 == 0)
        {
            context.Response.Headers.RetryAfter = "1";
            await Respond.JsonAsync(context, StatusCodes.Status429TooManyRequests, new JsonObject
            {
                ["error"] = "rate_limited",
                ["error_code"] = "RATE_LIMITED",
                ["error_description"] = "Too many requests; retry after the Retry-After delay.",
            });
            return true;
        }

        return false;
    }
}
