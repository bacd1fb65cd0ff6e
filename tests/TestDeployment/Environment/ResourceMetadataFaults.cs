using System.Text.Json.Nodes;

namespace ScalekitReadiness.TestDeployment;

/// <summary>Applies the SK-MCP-020 faults to the resource-scoped authorization server metadata.</summary>
internal static class ResourceMetadataFaults
{
    public static void Apply(JsonObject metadata, DeploymentState state)
    {
        string environment = state.Urls.EnvironmentUrl;
        if (state.Has(Faults.AsMetadataIssuerMismatch))
        {
            metadata["issuer"] = environment;
        }

        if (state.Has(Faults.AsMetadataNoS256))
        {
            metadata.Remove("code_challenge_methods_supported");
        }

        if (state.Has(Faults.AsMetadataHttpEndpoint))
        {
            metadata["token_endpoint"] = "http://" + state.ResourceIssuer["https://".Length..] + "/oauth/token";
        }

        if (state.Has(Faults.AsMetadataNoCodeResponseType))
        {
            metadata["response_types_supported"] = new JsonArray("token");
        }

        if (state.Has(Faults.AsMetadataNoAuthorizationCodeGrant))
        {
            metadata["grant_types_supported"] = new JsonArray("client_credentials");
        }

        if (state.Has(Faults.AsMetadataNoRegistration))
        {
            metadata.Remove("registration_endpoint");
            metadata.Remove("client_id_metadata_document_supported");
        }

        if (state.Has(Faults.AsMetadataJwksUnreachable))
        {
            metadata["jwks_uri"] = environment + "/keys-retired";
        }
    }
}
