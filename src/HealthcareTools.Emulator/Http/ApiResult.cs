using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>
    /// A successful answer: a JSON body, or (DICOMweb) a writer that streams any content type.
    /// Errors travel as <see cref="ApiException"/>.
    /// </summary>
    public sealed class ApiResult
    {
        public ApiResult(JsonNode body, int statusCode = 200)
        {
            Body = body;
            StatusCode = statusCode;
        }

        private ApiResult(int statusCode, Func<HttpContext, Task> writer)
        {
            StatusCode = statusCode;
            Writer = writer;
        }

        public JsonNode Body { get; }
        public int StatusCode { get; }

        /// <summary>When set, writes the whole response (status code already set by the dispatcher).</summary>
        public Func<HttpContext, Task> Writer { get; }

        public static ApiResult Ok(JsonNode body) => new ApiResult(body);

        /// <summary>The proto3 JSON of google.protobuf.Empty.</summary>
        public static ApiResult Empty() => new ApiResult(new JsonObject());

        /// <summary>A non-JSON or streamed answer; <paramref name="writer"/> sets headers and writes the body.</summary>
        public static ApiResult Stream(int statusCode, Func<HttpContext, Task> writer) => new ApiResult(statusCode, writer);
    }
}
