using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>Writes JSON bodies and Google's error envelope.</summary>
    public static class JsonResponses
    {
        public const string ContentType = "application/json; charset=UTF-8";

        public static Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
        {
            context.Response.StatusCode = statusCode;
            context.Response.ContentType = ContentType;
            byte[] bytes = Encoding.UTF8.GetBytes(ProtoJson.Serialize(body));
            context.Response.ContentLength = bytes.Length;
            return context.Response.Body.WriteAsync(bytes, 0, bytes.Length, context.RequestAborted);
        }

        /// <summary>The envelope: <c>{"error":{"code":HTTP,"message":...,"status":NAME}}</c>.</summary>
        public static JsonObject ErrorEnvelope(GoogleStatus status, string message, int? httpStatus = null) => new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = httpStatus ?? status.HttpStatus,
                ["message"] = message,
                ["status"] = status.Name,
            },
        };

        public static Task WriteErrorAsync(HttpContext context, GoogleStatus status, string message, int? httpStatus = null) =>
            WriteAsync(context, httpStatus ?? status.HttpStatus, ErrorEnvelope(status, message, httpStatus));
    }
}
