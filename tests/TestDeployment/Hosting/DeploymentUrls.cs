namespace ScalekitReadiness.TestDeployment;

/// <summary>The base URLs of the listeners, known once they are bound to their ephemeral ports.</summary>
internal sealed class DeploymentUrls
{
    public DeploymentUrls(int environmentPort, int appPort, int plainHttpPort, int foreignPort, int labPort)
    {
        EnvironmentUrl = $"https://localhost:{environmentPort}";
        AppBaseUrl = $"https://127.0.0.1:{appPort}";
        McpUrl = AppBaseUrl + "/mcp";
        HttpAppBaseUrl = $"http://127.0.0.1:{plainHttpPort}";
        ForeignBaseUrl = $"https://127.0.0.2:{foreignPort}";
        LabBaseUrl = $"https://127.0.0.1:{labPort}";
    }

    /// <summary>The Scalekit-like environment (authorization server), without a trailing slash.</summary>
    public string EnvironmentUrl { get; }

    public string AppBaseUrl { get; }

    public string McpUrl { get; }

    public string HttpAppBaseUrl { get; }

    public string ForeignBaseUrl { get; }

    public string LabBaseUrl { get; }
}
