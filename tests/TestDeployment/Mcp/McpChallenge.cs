using System.Text;

namespace ScalekitReadiness.TestDeployment;

/// <summary>The MCP server's RFC 6750 / RFC 9728 Bearer challenges, with the SK-MCP-001 faults applied.</summary>
internal static class McpChallenge
{
    /// <summary>The scopes a client should ask for (the 401 challenge's scope).</summary>
    public const string Scopes = "todo:read todo:write";

    /// <summary>The 401 challenge: <paramref name="error"/> is null for a request without a token.</summary>
    public static string Unauthorized(DeploymentState state, string? error, string? description) =>
        Build(state, error, description, Scopes);

    /// <summary>The 403 step-up challenge naming every scope the operation needs.</summary>
    public static string InsufficientScope(DeploymentState state, string requiredScopes) =>
        Build(state, "insufficient_scope", "The access token lacks the scope this operation needs", requiredScopes);

    private static string Build(DeploymentState state, string? error, string? description, string scope)
    {
        var challenge = new StringBuilder("Bearer realm=\"OAuth\"");
        if (error is not null && !(error == "invalid_token" && state.Has(Faults.McpInvalidTokenNoError)))
        {
            challenge.Append(", error=\"").Append(error).Append('"');
            if (description is not null)
            {
                challenge.Append(", error_description=\"").Append(description).Append('"');
            }
        }

        string? metadataUrl = ResourceMetadataUrl(state);
        if (metadataUrl is not null)
        {
            challenge.Append(", resource_metadata=\"").Append(metadataUrl).Append('"');
        }

        challenge.Append(", scope=\"").Append(scope).Append('"');
        return challenge.ToString();
    }

    private static string? ResourceMetadataUrl(DeploymentState state)
    {
        if (state.Has(Faults.McpChallengeNoResourceMetadata))
        {
            return null;
        }

        string? url = ProtectedResourceMetadata.ChallengeUrl(state);
        return url is not null && state.Has(Faults.McpChallengeRelativeResourceMetadata)
            ? url[state.Urls.AppBaseUrl.Length..]
            : url;
    }
}
