using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Operations;
using HealthcareTools.Emulator.Resources;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>datasets.create (long-running), get, list, patch and delete.</summary>
    public sealed class DatasetsEndpoints : IEndpointGroup
    {
        public const string CreateMethodName = "google.cloud.healthcare.v1.dataset.DatasetService.CreateDataset";
        public const string DatasetType = "type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset";

        private static readonly Regex KmsKeyName = new Regex(@"^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", RegexOptions.CultureInvariant);

        private readonly EmulatorRuntime _runtime;

        public DatasetsEndpoints(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        public IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path)
        {
            if (path.Verb != null) return null;
            if (path.Matches("projects", "*", "locations", "*", "datasets")) return Methods.Of(("GET", List), ("POST", Create));
            if (path.Matches("projects", "*", "locations", "*", "datasets", "*")) return Methods.Of(("GET", Get), ("PATCH", Patch), ("DELETE", Delete));
            return null;
        }

        private async Task<ApiResult> Create(ApiContext context)
        {
            string project = context.Path[1];
            string location = context.Path[3];
            NameValidation.Project(project);
            NameValidation.Location(location);
            string datasetId = context.Query("datasetId");
            NameValidation.DatasetId(datasetId);
            var request = await context.ReadJsonObjectAsync();
            ProtoJson.RejectUnknownFields(request, "dataset", "name", "timeZone", "encryptionSpec", "satisfiesPzs", "satisfiesPzi");

            string name = ResourceNames.Dataset(project, location, datasetId);
            var dataset = new JsonObject { ["name"] = name };
            ProtoJson.SetString(dataset, "timeZone", ValidTimeZone(ProtoJson.GetString(request, "timeZone")));
            var encryptionSpec = ValidEncryptionSpec(ProtoJson.GetObject(request, "encryptionSpec"));
            if (encryptionSpec != null) dataset["encryptionSpec"] = encryptionSpec;

            var now = _runtime.Now;
            var operation = await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(name) != null)
                    throw ApiException.AlreadyExists($"Dataset {name} already exists.");
                // Leftovers of a cancelled create (its operations) go before the ID is reused.
                session.Resources.DeleteTree(name);
                session.IamPolicies.DeleteTree(name);
                session.Resources.TryInsert(name, ResourceKinds.Dataset, ResourceNames.Location(project, location), dataset, now);

                var response = (JsonObject)dataset.DeepClone();
                response.Insert(0, "@type", DatasetType);
                var state = new OperationState { ApiMethodName = CreateMethodName, TotalItems = 1, Response = response, CreatedResource = name };
                return _runtime.Operations.Start(session, name, state, now);
            });
            return ApiResult.Ok(OperationService.Render(operation, _runtime.Now));
        }

        private async Task<ApiResult> Get(ApiContext context)
        {
            var dataset = await RequireDataset(context);
            return ApiResult.Ok(dataset.Body);
        }

        private async Task<ApiResult> List(ApiContext context)
        {
            string project = context.Path[1];
            string location = context.Path[3];
            NameValidation.Project(project);
            NameValidation.Location(location);
            var page = PageRequest.From(context);
            string parent = ResourceNames.Location(project, location);

            var rows = await _runtime.Database.ReadAsync(s => s.Resources.List(ResourceKinds.Dataset, parent, page.AfterKey, page.PageSize + 1));
            var body = new JsonObject();
            if (rows.Count > 0) body["datasets"] = new JsonArray(rows.Take(page.PageSize).Select(r => (JsonNode)r.Body).ToArray());
            if (rows.Count > page.PageSize) body["nextPageToken"] = PageRequest.EncodeToken(rows[page.PageSize - 1].Name);
            return ApiResult.Ok(body);
        }

        private async Task<ApiResult> Patch(ApiContext context)
        {
            string name = DatasetName(context.Path);
            var mask = UpdateMask.Parse(context.Query("updateMask"));
            foreach (string path in mask)
            {
                if (path == "encryptionSpec" || path.StartsWith("encryptionSpec.", StringComparison.Ordinal) || path == "encryption_spec")
                    throw ApiException.InvalidArgument("encryptionSpec is immutable and cannot be updated.");
                if (path != "timeZone" && path != "time_zone")
                    throw ApiException.InvalidArgument($"Invalid update mask path '{path}': only timeZone can be updated on a dataset.");
            }
            var request = await context.ReadJsonObjectAsync();
            ProtoJson.RejectUnknownFields(request, "dataset", "name", "timeZone", "encryptionSpec", "satisfiesPzs", "satisfiesPzi");
            string timeZone = ValidTimeZone(ProtoJson.GetString(request, "timeZone"));

            var now = _runtime.Now;
            var updated = await _runtime.Database.WriteAsync(session =>
            {
                var dataset = session.Resources.Get(name, ResourceKinds.Dataset) ?? throw DatasetNotFound(name);
                var body = dataset.Body;
                if (string.IsNullOrEmpty(timeZone)) body.Remove("timeZone");
                else body["timeZone"] = timeZone;
                session.Resources.UpdateBody(name, body, now);
                return body;
            });
            return ApiResult.Ok(updated);
        }

        private async Task<ApiResult> Delete(ApiContext context)
        {
            string name = DatasetName(context.Path);
            await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(name, ResourceKinds.Dataset) == null) throw DatasetNotFound(name);
                var stores = session.Resources.List(ResourceKinds.DicomStore, name, string.Empty, int.MaxValue).Select(r => r.Name).ToList();
                // Everything named under the dataset goes with it: operations, stores and their instances.
                session.Resources.DeleteTree(name);
                session.IamPolicies.DeleteTree(name);
                session.Dicom.DeleteTree(name);
                return stores;
            }, stores => stores.ForEach(_runtime.DicomFiles.DeleteStore));
            return ApiResult.Empty();
        }

        private async Task<StoredResource> RequireDataset(ApiContext context)
        {
            string name = DatasetName(context.Path);
            return await _runtime.Database.ReadAsync(s => s.Resources.Get(name, ResourceKinds.Dataset)) ?? throw DatasetNotFound(name);
        }

        /// <summary>The dataset name of a path starting projects/p/locations/l/datasets/d, after checking the project.</summary>
        public static string DatasetName(ApiPath path)
        {
            NameValidation.Project(path[1]);
            return path.Prefix(6);
        }

        public static ApiException DatasetNotFound(string name) => ApiException.NotFound($"Dataset {name} not found.");

        private static string ValidTimeZone(string timeZone)
        {
            if (string.IsNullOrEmpty(timeZone) || timeZone == "UTC") return timeZone;
            // Without a zone database on the machine nothing can be checked; accept rather than reject all.
            if (TimeZoneInfo.GetSystemTimeZones().Count == 0) return timeZone;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
                throw ApiException.InvalidArgument($"Invalid timeZone '{timeZone}': expected an IANA time zone name such as 'America/New_York'.");
            return timeZone;
        }

        private static JsonObject ValidEncryptionSpec(JsonObject spec)
        {
            if (spec == null) return null;
            ProtoJson.RejectUnknownFields(spec, "dataset.encryptionSpec", "kmsKeyName");
            string keyName = ProtoJson.GetString(spec, "kmsKeyName");
            if (string.IsNullOrEmpty(keyName)) return null;
            if (!KmsKeyName.IsMatch(keyName))
                throw ApiException.InvalidArgument($"Invalid encryptionSpec.kmsKeyName '{keyName}': expected projects/*/locations/*/keyRings/*/cryptoKeys/*.");
            return new JsonObject { ["kmsKeyName"] = keyName };
        }
    }
}
