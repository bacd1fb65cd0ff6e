using System;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ScalekitReadiness.TestDeployment;

/// <summary>The SK-MCP-040 token faults of Faults.McpProbe.cs: a foreign issuer, a stranger's signature, an opaque token.</summary>
internal static class McpTokenFaults
{
    public const string ForeignIssuer = "https://issuer.invalid";

    /// <summary>Encodes the MCP access token as the faults shape it.</summary>
    public static string Encode(JsonObject claims, DeploymentState state)
    {
        if (state.Has(Faults.McpTokenForeignIssuer))
        {
            claims["iss"] = ForeignIssuer;
        }

        if (state.Has(Faults.McpTokenOpaque))
        {
            return "opaque_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        }

        if (!state.Has(Faults.McpTokenBadSignature))
        {
            return TokenEndpoint.Sign(state.SigningKey, claims);
        }

        using var stranger = new SigningKey(RSA.Create(2048), state.SigningKey.KeyId);
        return TokenEndpoint.Sign(stranger, claims);
    }
}
