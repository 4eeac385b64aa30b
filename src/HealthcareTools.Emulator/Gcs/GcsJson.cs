using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Gcs
{
    /// <summary>Resource JSON of the Cloud Storage JSON API (bucket, object) and its error envelope.</summary>
    public static class GcsJson
    {
        public const string ContentType = "application/json; charset=UTF-8";

        /// <summary>Object metadata fields the emulator stores and echoes verbatim.</summary>
        public static readonly string[] StoredObjectFields = { "metadata", "contentEncoding", "cacheControl", "contentDisposition", "contentLanguage" };

        private static readonly JsonSerializerOptions Compact = new JsonSerializerOptions { WriteIndented = false };

        public static string Time(long ticks) =>
            new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>Percent-encodes a bucket or object name as one path segment (slashes become %2F).</summary>
        public static string Segment(string name) => Uri.EscapeDataString(name);

        public static JsonObject Bucket(GcsBucketRow row, string baseUrl)
        {
            var json = new JsonObject
            {
                ["kind"] = "storage#bucket",
                ["selfLink"] = $"{baseUrl}storage/v1/b/{Segment(row.Name)}",
                ["id"] = row.Name,
                ["name"] = row.Name,
                ["projectNumber"] = ProjectNumber(row.Project),
                ["metageneration"] = row.Metageneration.ToString(CultureInfo.InvariantCulture),
                ["location"] = (string)row.Body["location"] ?? "US",
                ["storageClass"] = (string)row.Body["storageClass"] ?? "STANDARD",
                ["etag"] = Etag(row.Metageneration, 0),
                ["timeCreated"] = Time(row.CreateTicks),
                ["updated"] = Time(row.UpdateTicks),
                ["locationType"] = (string)row.Body["locationType"] ?? "multi-region",
            };
            if (row.Body["labels"] is JsonObject labels) json["labels"] = labels.DeepClone();
            return json;
        }

        public static JsonObject Object(GcsObjectRow row, string baseUrl)
        {
            string path = $"b/{Segment(row.Bucket)}/o/{Segment(row.Name)}";
            string generation = row.Generation.ToString(CultureInfo.InvariantCulture);
            var json = new JsonObject
            {
                ["kind"] = "storage#object",
                ["id"] = $"{row.Bucket}/{row.Name}/{generation}",
                ["selfLink"] = $"{baseUrl}storage/v1/{path}",
                ["mediaLink"] = $"{baseUrl}download/storage/v1/{path}?generation={generation}&alt=media",
                ["name"] = row.Name,
                ["bucket"] = row.Bucket,
                ["generation"] = generation,
                ["metageneration"] = row.Metageneration.ToString(CultureInfo.InvariantCulture),
                ["contentType"] = row.ContentType,
                ["storageClass"] = "STANDARD",
                ["size"] = row.Size.ToString(CultureInfo.InvariantCulture),
                ["md5Hash"] = row.Md5,
                ["crc32c"] = row.Crc32c,
                ["etag"] = Etag(row.Metageneration, row.Generation),
                ["timeCreated"] = Time(row.CreateTicks),
                ["updated"] = Time(row.UpdateTicks),
                ["timeStorageClassUpdated"] = Time(row.CreateTicks),
            };
            foreach (string field in StoredObjectFields)
            {
                if (row.Metadata != null && row.Metadata[field] is JsonNode value) json[field] = value.DeepClone();
            }
            return json;
        }

        /// <summary><c>{"error":{"code":N,"message":M,"errors":[{"message":M,"domain":"global","reason":R}]}}</c>.</summary>
        public static JsonObject Error(int code, string reason, string message) => new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
            },
        };

        public static Task WriteAsync(HttpContext http, int statusCode, JsonNode body)
        {
            http.Response.StatusCode = statusCode;
            http.Response.ContentType = ContentType;
            byte[] bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Compact));
            http.Response.ContentLength = bytes.Length;
            return http.Response.Body.WriteAsync(bytes, 0, bytes.Length, http.RequestAborted);
        }

        private static string Etag(long metageneration, long generation) =>
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{generation}/{metageneration}"));

        /// <summary>Projects are named by ID here; the number is a stable digest of it.</summary>
        private static string ProjectNumber(string project)
        {
            ulong hash = 1469598103934665603UL;
            foreach (char c in project) hash = (hash ^ c) * 1099511628211UL;
            return (hash % 900_000_000_000UL + 100_000_000_000UL).ToString(CultureInfo.InvariantCulture);
        }
    }
}
