using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>One /v1 request as handlers see it: the parsed path, query and body.</summary>
    public sealed class ApiContext
    {
        public ApiContext(HttpContext http, ApiPath path)
        {
            Http = http;
            Path = path;
        }

        public HttpContext Http { get; }
        public ApiPath Path { get; }
        public CancellationToken Aborted => Http.RequestAborted;

        /// <summary>A query parameter, or null when absent or empty.</summary>
        public string Query(string name)
        {
            string value = Http.Request.Query[name];
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>
        /// Reads the body as a JSON object; an empty body counts as {}. Malformed JSON or a
        /// non-object is INVALID_ARGUMENT, like Google's "Invalid JSON payload received".
        /// </summary>
        public async Task<JsonObject> ReadJsonObjectAsync()
        {
            byte[] bytes;
            try
            {
                using var buffer = new MemoryStream();
                await Http.Request.Body.CopyToAsync(buffer, Aborted);
                bytes = buffer.ToArray();
            }
            catch (InvalidDataException ex)
            {
                // Raised by the gzip decoder for a corrupt Content-Encoding: gzip body.
                throw ApiException.InvalidArgument("Invalid compressed request body: " + ex.Message);
            }

            if (IsBlank(bytes)) return new JsonObject();
            JsonNode node;
            try
            {
                node = JsonNode.Parse(bytes);
            }
            catch (JsonException ex)
            {
                throw ApiException.InvalidArgument("Invalid JSON payload received. " + ex.Message);
            }
            return node as JsonObject ?? throw ApiException.InvalidArgument("Invalid JSON payload received. Expected a JSON object.");
        }

        private static bool IsBlank(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
            }
            return true;
        }
    }
}
