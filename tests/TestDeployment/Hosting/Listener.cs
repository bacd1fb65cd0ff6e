using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// One Kestrel listener of the deployment and the routes it serves. All listeners share one WebApplication;
/// a request belongs to the listener whose local address and port it arrived on.
/// </summary>
internal sealed class Listener
{
    private const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    private ListenOptions? _listenOptions;

    public Listener(IPAddress address, bool https, RouteTable routes, RequestLog? log = null)
    {
        Address = address;
        Https = https;
        Routes = routes;
        Log = log;
    }

    public IPAddress Address { get; }

    public bool Https { get; }

    public RouteTable Routes { get; }

    /// <summary>When set, every request is recorded here before it is handled.</summary>
    public RequestLog? Log { get; }

    /// <summary>
    /// The port the listener was bound to. Kestrel replaces the configured port 0 in the listen options with the
    /// bound endpoint when the server starts (its own functional tests rely on this), so read it after start.
    /// </summary>
    public int Port => _listenOptions?.IPEndPoint?.Port is int port and > 0
        ? port
        : throw new InvalidOperationException($"The listener on {Address} is not bound yet.");

    public void Attach(ListenOptions listenOptions) => _listenOptions = listenOptions;

    public bool Accepts(ConnectionInfo connection) =>
        connection.LocalPort == _listenOptions?.IPEndPoint?.Port && Address.Equals(connection.LocalIpAddress);

    public async Task HandleAsync(HttpContext context)
    {
        if (Https)
        {
            context.Response.Headers.StrictTransportSecurity = StrictTransportSecurity;
        }

        if (Log is not null)
        {
            await Log.RecordAsync(context);
        }

        await Routes.DispatchAsync(context);
    }
}
