using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// One Kestrel listener of the deployment and the routes it serves. All listeners share one WebApplication;
/// a request belongs to the listener whose local address and port it arrived on.
/// </summary>
internal sealed class Listener
{
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

    /// <summary>The certificate, HSTS header and legacy TLS answers of an HTTPS listener (clean unless set).</summary>
    public TransportPolicy Transport { get; init; } = TransportPolicy.Clean;

    /// <summary>
    /// The port the listener was bound to. Kestrel replaces the configured port 0 in the listen options with the
    /// bound endpoint when the server starts (its own functional tests rely on this), so read it after start.
    /// </summary>
    public int Port => _listenOptions?.IPEndPoint?.Port is int port and > 0
        ? port
        : throw new InvalidOperationException($"The listener on {Address} is not bound yet.");

    /// <summary>Configures Kestrel's endpoint for this listener: TLS with its certificate, behind the legacy-TLS responder when a fault asks.</summary>
    public void Attach(ListenOptions listenOptions, X509Certificate2 serverCertificate)
    {
        _listenOptions = listenOptions;
        if (!Https)
        {
            return;
        }

        if (Transport.LegacyTlsVersions.Count > 0)
        {
            // Connection middleware runs in the order added: this one sees the raw bytes before TLS does.
            IReadOnlySet<ushort> versions = Transport.LegacyTlsVersions;
            listenOptions.Use(next => new LegacyTlsResponder(next, versions).OnConnectionAsync);
        }

        // TLS 1.2 and 1.3 named explicitly, so a clean listener refuses TLS 1.0/1.1 whatever the local OpenSSL allows.
        listenOptions.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = Transport.Certificate ?? serverCertificate,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        });
    }

    public bool Accepts(ConnectionInfo connection) =>
        connection.LocalPort == _listenOptions?.IPEndPoint?.Port && Address.Equals(connection.LocalIpAddress);

    public async Task HandleAsync(HttpContext context)
    {
        if (Https && Transport.StrictTransportSecurity is string hsts)
        {
            context.Response.Headers.StrictTransportSecurity = hsts;
        }

        if (Log is not null)
        {
            await Log.RecordAsync(context);
        }

        await Routes.DispatchAsync(context);
    }
}
