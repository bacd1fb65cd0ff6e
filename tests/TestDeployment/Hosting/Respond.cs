using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>Writes complete responses with an exact Content-Type and a Content-Length.</summary>
internal static class Respond
{
    public const string JsonContentType = "application/json";
    public const string TextContentType = "text/plain; charset=utf-8";

    public static Task TextAsync(HttpContext context, int statusCode, string text) =>
        BodyAsync(context, statusCode, TextContentType, text);

    public static Task JsonAsync(HttpContext context, int statusCode, JsonNode document, string contentType = JsonContentType) =>
        BodyAsync(context, statusCode, contentType, document.ToJsonString());

    public static Task BodyAsync(HttpContext context, int statusCode, string contentType, string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    public static void Redirect(HttpContext context, int statusCode, string location)
    {
        context.Response.StatusCode = statusCode;
        context.Response.Headers.Location = location;
        context.Response.ContentLength = 0;
    }
}
