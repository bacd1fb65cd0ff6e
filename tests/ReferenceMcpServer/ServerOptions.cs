using System;
using System.Globalization;
using ModelContextProtocol.AspNetCore;

namespace ScalekitReadiness.ReferenceMcpServer;

/// <summary>The command line of the reference MCP server.</summary>
internal sealed class ServerOptions
{
    public const string Usage =
        "Usage: dotnet ReferenceMcpServer.dll --issuer URL [--ca PEM] [--tls-cert PEM --tls-key PEM | --http] [--port N]\n" +
        "         [--session-mode stateful-for-initialize|stateful|stateless] [--parent-pid PID] [--log FILE] [--ignore-stdin]\n" +
        "  --issuer    the authorization server (oidc-provider) whose JWT access tokens are accepted\n" +
        "  --ca        extra trust anchor for fetching the issuer's discovery and JWKS over https\n" +
        "  --tls-cert/--tls-key  the server certificate (PEM); without them --http is required\n" +
        "  --port      127.0.0.1 port (default 0: any free port)";

    public Uri Issuer { get; private set; } = null!;

    public string? CaPath { get; private set; }

    public string? CertificatePath { get; private set; }

    public string? KeyPath { get; private set; }

    public bool Http { get; private set; }

    public int Port { get; private set; }

    public int? ParentPid { get; private set; }

    /// <summary>How the SDK tracks sessions (default: a session for clients that send initialize).</summary>
    public HttpServerSessionMode SessionMode { get; private set; } = HttpServerSessionMode.StatefulForInitializeClients;

    public string? LogPath { get; private set; }

    /// <summary>Parses the arguments; returns null and sets <paramref name="error"/> when they are unusable.</summary>
    public static ServerOptions? Parse(string[] args, out string? error)
    {
        var options = new ServerOptions();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--http")
            {
                options.Http = true;
                continue;
            }

            if (name is "--ignore-stdin")
            {
                // Accepted for the same command line as the node peers; stdin is never read here.
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value, or is unknown.";
                return null;
            }

            string value = args[++i];
            switch (name)
            {
                case "--issuer" when Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out Uri? issuer):
                    options.Issuer = issuer;
                    break;
                case "--ca":
                    options.CaPath = value;
                    break;
                case "--tls-cert":
                    options.CertificatePath = value;
                    break;
                case "--tls-key":
                    options.KeyPath = value;
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535:
                    options.Port = port;
                    break;
                case "--parent-pid" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid):
                    options.ParentPid = pid;
                    break;
                case "--session-mode" when value is "stateful-for-initialize" or "stateful" or "stateless":
                    options.SessionMode = value switch
                    {
                        "stateful" => HttpServerSessionMode.Stateful,
                        "stateless" => HttpServerSessionMode.Stateless,
                        _ => HttpServerSessionMode.StatefulForInitializeClients,
                    };
                    break;
                case "--log":
                    options.LogPath = value;
                    break;
                default:
                    error = $"Unexpected or invalid argument '{name} {value}'.";
                    return null;
            }
        }

        if (options.Issuer is null)
        {
            error = "--issuer is required.";
        }
        else if ((options.CertificatePath is null) != (options.KeyPath is null))
        {
            error = "--tls-cert and --tls-key go together.";
        }
        else if (options.CertificatePath is null && !options.Http)
        {
            error = "Give --tls-cert and --tls-key, or --http for plain HTTP.";
        }

        return error is null ? options : null;
    }
}
