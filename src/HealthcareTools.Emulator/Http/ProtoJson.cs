using System;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>Helpers for the proto3 JSON mapping: defaults omitted, int64 as strings, RFC 3339 UTC timestamps.</summary>
    public static class ProtoJson
    {
        public static readonly JsonSerializerOptions WriteOptions = new JsonSerializerOptions
        {
            // Keep non-ASCII IDs readable; the output is never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };

        public static string Serialize(JsonNode node) => node == null ? "{}" : node.ToJsonString(WriteOptions);

        /// <summary>RFC 3339 in UTC with a Z, with 0, 3 or 6 fractional digits as Google prints them.</summary>
        public static string Timestamp(DateTimeOffset time)
        {
            var utc = time.UtcDateTime;
            long microseconds = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
            string seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            if (microseconds == 0) return seconds + "Z";
            if (microseconds % 1000 == 0) return seconds + "." + (microseconds / 1000).ToString("000", CultureInfo.InvariantCulture) + "Z";
            return seconds + "." + microseconds.ToString("000000", CultureInfo.InvariantCulture) + "Z";
        }

        public static string Int64(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Adds a string property unless it is null or empty (the proto3 default).</summary>
        public static void SetString(JsonObject target, string name, string value)
        {
            if (!string.IsNullOrEmpty(value)) target[name] = value;
        }

        /// <summary>Adds an int64 property as a JSON string unless it is 0.</summary>
        public static void SetInt64(JsonObject target, string name, long value)
        {
            if (value != 0) target[name] = Int64(value);
        }

        public static void SetInt32(JsonObject target, string name, int value)
        {
            if (value != 0) target[name] = value;
        }

        public static void SetBool(JsonObject target, string name, bool value)
        {
            if (value) target[name] = true;
        }

        /// <summary>Reads an optional string property; a non-string value is a client error.</summary>
        public static string GetString(JsonObject source, string name)
        {
            if (source == null || !source.TryGetPropertyValue(name, out var node) || node == null) return null;
            if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String) return value.GetValue<string>();
            throw ApiException.InvalidArgument($"Invalid value at '{name}': expected a string.");
        }

        /// <summary>Reads an optional object property; a non-object value is a client error.</summary>
        public static JsonObject GetObject(JsonObject source, string name)
        {
            if (source == null || !source.TryGetPropertyValue(name, out var node) || node == null) return null;
            return node as JsonObject ?? throw ApiException.InvalidArgument($"Invalid value at '{name}': expected an object.");
        }

        /// <summary>Reads an optional array property; a non-array value is a client error.</summary>
        public static JsonArray GetArray(JsonObject source, string name)
        {
            if (source == null || !source.TryGetPropertyValue(name, out var node) || node == null) return null;
            return node as JsonArray ?? throw ApiException.InvalidArgument($"Invalid value at '{name}': expected an array.");
        }

        /// <summary>Reads an optional int32 property, accepting a number or a numeric string as proto3 JSON does.</summary>
        public static int GetInt32(JsonObject source, string name)
        {
            if (source == null || !source.TryGetPropertyValue(name, out var node) || node == null) return 0;
            if (node is JsonValue value)
            {
                if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int number)) return number;
                if (value.GetValueKind() == JsonValueKind.String &&
                    int.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed)) return parsed;
            }
            throw ApiException.InvalidArgument($"Invalid value at '{name}': expected an int32.");
        }

        /// <summary>Rejects properties the message does not define, as Google's JSON parser does.</summary>
        public static void RejectUnknownFields(JsonObject source, string messageName, params string[] knownFields)
        {
            if (source == null) return;
            foreach (var property in source)
            {
                if (Array.IndexOf(knownFields, property.Key) < 0)
                    throw ApiException.InvalidArgument($"Invalid JSON payload received. Unknown name \"{property.Key}\" at '{messageName}': Cannot find field.");
            }
        }
    }
}
