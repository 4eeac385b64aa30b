using System.Collections.Generic;
using System.Text;
using HealthcareTools.Client.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.Http
{
    /// <summary>Turns an error answer into <see cref="HealthcareApiException"/>: the Google envelope
    /// {"error":{code,message,status,details}} when present, else the status text and a cleaned excerpt of the body.</summary>
    internal static class ApiErrorParser
    {
        private const int ExcerptLength = 200;

        internal static HealthcareApiException Parse(int httpStatus, string reasonPhrase, string body, string resourceName)
        {
            var envelope = TryReadEnvelope(body);
            if (envelope != null)
            {
                var status = ModelJson.Str(envelope, "status") ?? StatusNameForHttp(httpStatus);
                var message = ModelJson.Str(envelope, "message") ?? reasonPhrase;
                var details = new List<string>();
                if (envelope["details"] is JArray array)
                {
                    foreach (var detail in array)
                    {
                        details.Add(JsonText.Compact(detail));
                    }
                }
                return new HealthcareApiException(httpStatus, status, message, details, resourceName);
            }

            var excerpt = Excerpt(body);
            var text = string.IsNullOrEmpty(reasonPhrase) ? "(no status text)" : reasonPhrase;
            if (excerpt.Length > 0)
            {
                text += ": " + excerpt;
            }
            return new HealthcareApiException(httpStatus, StatusNameForHttp(httpStatus), text, new List<string>(), resourceName);
        }

        private static JObject TryReadEnvelope(string body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return null;
            }
            JToken parsed;
            try
            {
                parsed = JsonText.Parse(body);
            }
            catch (JsonException)
            {
                return null;
            }
            // Some Google front ends wrap the envelope in a one-element array.
            if (parsed is JArray array && array.Count > 0)
            {
                parsed = array[0];
            }
            return (parsed as JObject)?["error"] as JObject;
        }

        /// <summary>The first 200 characters with control characters (and so any terminal escapes) replaced by spaces.</summary>
        internal static string Excerpt(string body)
        {
            if (string.IsNullOrEmpty(body))
            {
                return string.Empty;
            }
            var builder = new StringBuilder();
            foreach (var character in body)
            {
                if (builder.Length >= ExcerptLength)
                {
                    break;
                }
                builder.Append(char.IsControl(character) ? ' ' : character);
            }
            var text = builder.ToString().Trim();
            return body.Length > ExcerptLength ? text + "..." : text;
        }

        /// <summary>Canonical status name for an HTTP status when the server sent none (Google's HTTP↔code mapping).</summary>
        internal static string StatusNameForHttp(int httpStatus)
        {
            switch (httpStatus)
            {
                case 400: return "INVALID_ARGUMENT";
                case 401: return "UNAUTHENTICATED";
                case 403: return "PERMISSION_DENIED";
                case 404: return "NOT_FOUND";
                case 409: return "ABORTED";
                case 412: return "FAILED_PRECONDITION";
                case 416: return "OUT_OF_RANGE";
                case 429: return "RESOURCE_EXHAUSTED";
                case 499: return "CANCELLED";
                case 500: return "INTERNAL";
                case 501: return "UNIMPLEMENTED";
                case 503: return "UNAVAILABLE";
                case 504: return "DEADLINE_EXCEEDED";
                default: return null;
            }
        }
    }
}
