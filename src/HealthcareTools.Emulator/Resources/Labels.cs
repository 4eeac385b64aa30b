using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HealthcareTools.Emulator.Http;

namespace HealthcareTools.Emulator.Resources
{
    /// <summary>Store labels: keys [\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}, values [\p{Ll}\p{Lo}\p{N}_-]{0,63}, at most 64, each at most 128 bytes.</summary>
    public static class Labels
    {
        public const int MaxCount = 64;
        private static readonly Regex Key = new Regex(@"^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_\-]{0,62}$", RegexOptions.CultureInvariant);
        private static readonly Regex Value = new Regex(@"^[\p{Ll}\p{Lo}\p{N}_\-]{0,63}$", RegexOptions.CultureInvariant);

        /// <summary>Validates a labels map from a request body; returns a clean copy or null when absent/empty.</summary>
        public static JsonObject Validate(JsonObject labels, string field = "labels")
        {
            if (labels == null || labels.Count == 0) return null;
            if (labels.Count > MaxCount) throw ApiException.InvalidArgument($"Invalid {field}: at most {MaxCount} labels are allowed, got {labels.Count}.");
            var clean = new JsonObject();
            foreach (var (key, node) in labels)
            {
                if (!(node is JsonValue v) || v.GetValueKind() != JsonValueKind.String)
                    throw ApiException.InvalidArgument($"Invalid value at '{field}[{key}]': expected a string.");
                string value = v.GetValue<string>();
                if (!Key.IsMatch(key) || Encoding.UTF8.GetByteCount(key) > 128)
                    throw ApiException.InvalidArgument($"Invalid label key '{key}': must start with a lowercase letter and contain 1-63 lowercase letters, digits, '_' or '-' (at most 128 bytes).");
                if (!Value.IsMatch(value) || Encoding.UTF8.GetByteCount(value) > 128)
                    throw ApiException.InvalidArgument($"Invalid label value '{value}' for key '{key}': must be 0-63 lowercase letters, digits, '_' or '-' (at most 128 bytes).");
                clean[key] = value;
            }
            return clean;
        }

        public static Dictionary<string, string> ToDictionary(JsonObject labels)
        {
            var result = new Dictionary<string, string>();
            if (labels == null) return result;
            foreach (var (key, node) in labels) result[key] = (string)node;
            return result;
        }
    }
}
