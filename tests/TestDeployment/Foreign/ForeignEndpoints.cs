using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// A foreign authorization server on another host (127.0.0.2). It answers 200 {} to anything; the listener
/// records every request so tests can prove that credentials never reach it.
/// </summary>
internal static class ForeignEndpoints
{
    public static void Map(RouteTable routes) =>
        routes.MapFallback(context => Respond.JsonAsync(context, StatusCodes.Status200OK, new JsonObject()));
}
