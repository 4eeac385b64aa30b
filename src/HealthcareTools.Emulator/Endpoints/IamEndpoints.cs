using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Iam;
using HealthcareTools.Emulator.Resources;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>getIamPolicy, setIamPolicy and testIamPermissions on any IAM-capable resource (see <see cref="ResourceNames"/>).</summary>
    public sealed class IamEndpoints : IEndpointGroup
    {
        private static readonly Regex PermissionName = new Regex(@"^healthcare\.[A-Za-z0-9]+\.[A-Za-z0-9]+$", RegexOptions.CultureInvariant);

        private readonly EmulatorRuntime _runtime;

        public IamEndpoints(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        public IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path)
        {
            if (path.Verb == null || ResourceNames.IamResourceKind(path) == null) return null;
            switch (path.Verb)
            {
                // Some clients POST getIamPolicy with {options:{...}}; GET with query is the REST form.
                case "getIamPolicy": return Methods.Of(("GET", GetPolicy), ("POST", GetPolicy));
                case "setIamPolicy": return Methods.Of(("POST", SetPolicy));
                case "testIamPermissions": return Methods.Of(("POST", TestPermissions));
                default: return null;
            }
        }

        private async Task<ApiResult> GetPolicy(ApiContext context)
        {
            var (resource, kind) = Resource(context.Path);
            string versionText = context.Query("options.requestedPolicyVersion");
            if (HttpMethods.IsPost(context.Http.Request.Method))
            {
                var body = await context.ReadJsonObjectAsync();
                ProtoJson.RejectUnknownFields(body, "request", "options");
                var options = ProtoJson.GetObject(body, "options");
                int bodyVersion = ProtoJson.GetInt32(options, "requestedPolicyVersion");
                if (bodyVersion != 0) versionText = bodyVersion.ToString(CultureInfo.InvariantCulture);
            }
            int requestedVersion = IamPolicies.RequestedVersion(versionText);

            var stored = await _runtime.Database.ReadAsync(s =>
            {
                if (s.Resources.Get(resource, kind) == null) throw NotFound(resource);
                return s.IamPolicies.Get(resource);
            });
            if (stored == null) return ApiResult.Ok(IamPolicies.Render(null, IamPolicies.DefaultEtag));
            if (IamPolicies.HasConditions(stored.Value.Policy) && requestedVersion < 3)
                throw ApiException.InvalidArgument("The policy has conditional role bindings; set options.requestedPolicyVersion to 3.");
            return ApiResult.Ok(IamPolicies.Render(stored.Value.Policy, stored.Value.Etag));
        }

        private async Task<ApiResult> SetPolicy(ApiContext context)
        {
            var (resource, kind) = Resource(context.Path);
            var body = await context.ReadJsonObjectAsync();
            ProtoJson.RejectUnknownFields(body, "request", "policy", "updateMask");
            var requested = ProtoJson.GetObject(body, "policy") ?? throw ApiException.InvalidArgument("policy is required.");
            var maskPaths = UpdateMask.Split(ProtoJson.GetString(body, "updateMask"));
            if (maskPaths.Count == 0) maskPaths = new[] { "bindings", "etag" };
            string requestedEtag = ProtoJson.GetString(requested, "etag");

            var (policy, etag) = await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(resource, kind) == null) throw NotFound(resource);
                var current = session.IamPolicies.Get(resource);
                string currentEtag = current?.Etag ?? IamPolicies.DefaultEtag;
                if (!string.IsNullOrEmpty(requestedEtag) && requestedEtag != currentEtag)
                    throw ApiException.Aborted("There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.");
                var merged = IamPolicies.Merge(current?.Policy, requested, maskPaths);
                string nextEtag = IamPolicies.NextEtag(resource, currentEtag, merged);
                session.IamPolicies.Put(resource, merged, nextEtag);
                return (merged, nextEtag);
            });
            return ApiResult.Ok(IamPolicies.Render(policy, etag));
        }

        private async Task<ApiResult> TestPermissions(ApiContext context)
        {
            var (resource, kind) = Resource(context.Path);
            var body = await context.ReadJsonObjectAsync();
            ProtoJson.RejectUnknownFields(body, "request", "permissions");
            var requested = ProtoJson.GetArray(body, "permissions") ?? new JsonArray();
            bool exists = await _runtime.Database.ReadAsync(s => s.Resources.Get(resource, kind) != null);

            // The caller holds every well-formed healthcare permission. Like Google, a missing
            // resource is not an error here: it simply yields no permissions.
            var held = new JsonArray();
            if (exists)
            {
                foreach (string permission in requested.Select(p => p is JsonValue v && v.TryGetValue(out string s) ? s : null).Distinct())
                {
                    if (permission != null && PermissionName.IsMatch(permission)) held.Add(permission);
                }
            }
            var result = new JsonObject();
            if (held.Count > 0) result["permissions"] = held;
            return ApiResult.Ok(result);
        }

        private static (string Resource, string Kind) Resource(ApiPath path)
        {
            NameValidation.Project(path[1]);
            return (path.Name, ResourceNames.IamResourceKind(path));
        }

        private static ApiException NotFound(string resource) => ApiException.NotFound($"Resource {resource} not found.");
    }
}
