using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HealthcareTools.Emulator.Http;

namespace HealthcareTools.Emulator.Iam
{
    /// <summary>Validation, merging and rendering of google.iam.v1.Policy JSON.</summary>
    public static class IamPolicies
    {
        /// <summary>Etag of a resource whose policy was never set (base64 of 00 00 01), as Google returns it.</summary>
        public const string DefaultEtag = "ACAB";

        private static readonly string[] PolicyFields = { "version", "bindings", "auditConfigs", "etag" };
        private static readonly HashSet<int> ValidVersions = new HashSet<int> { 0, 1, 3 };

        /// <summary>The response JSON: version (omitted when 0), bindings, auditConfigs, etag.</summary>
        public static JsonObject Render(JsonObject storedPolicy, string etag)
        {
            var json = new JsonObject();
            if (storedPolicy != null)
            {
                foreach (string field in new[] { "version", "bindings", "auditConfigs" })
                {
                    if (storedPolicy[field] != null) json[field] = storedPolicy[field].DeepClone();
                }
            }
            json["etag"] = etag;
            return json;
        }

        public static bool HasConditions(JsonObject policy) =>
            policy?["bindings"] is JsonArray bindings && bindings.OfType<JsonObject>().Any(b => b["condition"] != null);

        public static int RequestedVersion(string text)
        {
            if (text == null) return 0;
            if (!int.TryParse(text, out int version) || !ValidVersions.Contains(version))
                throw ApiException.InvalidArgument($"Invalid options.requestedPolicyVersion '{text}': must be 0, 1 or 3.");
            return version;
        }

        /// <summary>
        /// Applies a SetIamPolicyRequest to the current policy and returns the policy to store.
        /// The etag check is the caller's, since it needs the current etag.
        /// </summary>
        public static JsonObject Merge(JsonObject current, JsonObject requested, IReadOnlyList<string> maskPaths)
        {
            ProtoJson.RejectUnknownFields(requested, "policy", PolicyFields);
            int version = ProtoJson.GetInt32(requested, "version");
            if (!ValidVersions.Contains(version))
                throw ApiException.InvalidArgument($"Invalid policy version {version}: must be 0, 1 or 3.");

            foreach (string path in maskPaths)
            {
                if (Array.IndexOf(PolicyFields, path) < 0)
                    throw ApiException.InvalidArgument($"Invalid updateMask path '{path}': allowed paths are {string.Join(", ", PolicyFields)}.");
            }

            var result = current == null ? new JsonObject() : (JsonObject)current.DeepClone();
            result.Remove("version");
            if (maskPaths.Contains("bindings"))
            {
                var bindings = ValidBindings(ProtoJson.GetArray(requested, "bindings"));
                if (bindings.Count > 0) result["bindings"] = bindings;
                else result.Remove("bindings");
            }
            if (maskPaths.Contains("auditConfigs"))
            {
                var auditConfigs = ProtoJson.GetArray(requested, "auditConfigs");
                if (auditConfigs != null && auditConfigs.Count > 0) result["auditConfigs"] = auditConfigs.DeepClone();
                else result.Remove("auditConfigs");
            }

            if (HasConditions(result) && version != 3)
                throw ApiException.InvalidArgument("Bindings with conditions require policy version 3.");
            // Google reports version 1 for any policy that holds content but did not ask for 3.
            int storedVersion = version == 3 ? 3 : (result.Count > 0 ? 1 : 0);
            if (storedVersion != 0) result.Insert(0, "version", storedVersion);
            return result;
        }

        /// <summary>A new etag: a hash chained on the previous one, so every set changes it.</summary>
        public static string NextEtag(string resource, string previousEtag, JsonObject policy)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(resource + "\n" + previousEtag + "\n" + ProtoJson.Serialize(policy)));
            return Convert.ToBase64String(hash, 0, 9);
        }

        private static JsonArray ValidBindings(JsonArray bindings)
        {
            var result = new JsonArray();
            if (bindings == null) return result;
            foreach (var node in bindings)
            {
                if (node is not JsonObject binding) throw ApiException.InvalidArgument("Invalid policy.bindings: each binding must be an object.");
                ProtoJson.RejectUnknownFields(binding, "policy.bindings", "role", "members", "condition");
                string role = ProtoJson.GetString(binding, "role");
                if (string.IsNullOrEmpty(role)) throw ApiException.InvalidArgument("Invalid policy.bindings: role is required.");
                var members = ProtoJson.GetArray(binding, "members");
                if (members == null || members.Count == 0) throw ApiException.InvalidArgument($"Invalid binding for {role}: members must not be empty.");
                foreach (var member in members)
                {
                    string text = member is JsonValue value && value.TryGetValue(out string s) ? s : null;
                    if (!IsValidMember(text)) throw ApiException.InvalidArgument($"Invalid member '{member?.ToJsonString()}' in binding for {role}.");
                }
                var condition = ProtoJson.GetObject(binding, "condition");
                if (condition != null)
                {
                    ProtoJson.RejectUnknownFields(condition, "policy.bindings.condition", "expression", "title", "description", "location");
                    if (string.IsNullOrEmpty(ProtoJson.GetString(condition, "expression")))
                        throw ApiException.InvalidArgument($"Invalid condition in binding for {role}: expression is required.");
                }
                result.Add(binding.DeepClone());
            }
            return result;
        }

        private static bool IsValidMember(string member)
        {
            if (member == "allUsers" || member == "allAuthenticatedUsers") return true;
            if (member == null) return false;
            int colon = member.IndexOf(':');
            return colon > 0 && colon < member.Length - 1;
        }
    }
}
