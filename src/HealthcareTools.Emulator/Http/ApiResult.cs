using System.Text.Json.Nodes;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>A successful JSON answer; errors travel as <see cref="ApiException"/>.</summary>
    public sealed class ApiResult
    {
        public ApiResult(JsonNode body, int statusCode = 200)
        {
            Body = body;
            StatusCode = statusCode;
        }

        public JsonNode Body { get; }
        public int StatusCode { get; }

        public static ApiResult Ok(JsonNode body) => new ApiResult(body);

        /// <summary>The proto3 JSON of google.protobuf.Empty.</summary>
        public static ApiResult Empty() => new ApiResult(new JsonObject());
    }
}
