using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Resources;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>dicomStores.create, get, list (label filter), patch (update mask) and delete; all synchronous.</summary>
    public sealed class DicomStoresEndpoints : IEndpointGroup
    {
        private static readonly Regex PubsubTopic = new Regex(@"^projects/[^/]+/topics/[^/]+$", RegexOptions.CultureInvariant);
        private static readonly Regex BigQueryTable = new Regex(@"^bq://[^./]+[.][^./]+[.][^./]+$", RegexOptions.CultureInvariant);
        private static readonly string[] WriteDispositions = { "WRITE_DISPOSITION_UNSPECIFIED", "WRITE_EMPTY", "WRITE_TRUNCATE", "WRITE_APPEND" };
        private static readonly string[] StoreFields = { "name", "labels", "notificationConfig", "notificationConfigs", "streamConfigs" };

        /// <summary>Update mask paths (camelCase or snake_case) mapped to the top-level field they change and the nested field, if any.</summary>
        private static readonly Dictionary<string, (string Field, string Nested)> MaskPaths = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["labels"] = ("labels", null),
            ["notificationConfig"] = ("notificationConfig", null),
            ["notification_config"] = ("notificationConfig", null),
            ["notificationConfig.pubsubTopic"] = ("notificationConfig", "pubsubTopic"),
            ["notification_config.pubsub_topic"] = ("notificationConfig", "pubsubTopic"),
            ["notificationConfig.sendForBulkImport"] = ("notificationConfig", "sendForBulkImport"),
            ["notification_config.send_for_bulk_import"] = ("notificationConfig", "sendForBulkImport"),
            ["notificationConfigs"] = ("notificationConfigs", null),
            ["notification_configs"] = ("notificationConfigs", null),
            ["streamConfigs"] = ("streamConfigs", null),
            ["stream_configs"] = ("streamConfigs", null),
        };

        private readonly EmulatorRuntime _runtime;

        public DicomStoresEndpoints(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        public IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path)
        {
            if (path.Verb != null) return null;
            if (path.Matches("projects", "*", "locations", "*", "datasets", "*", "dicomStores")) return Methods.Of(("GET", List), ("POST", Create));
            if (path.Matches("projects", "*", "locations", "*", "datasets", "*", "dicomStores", "*")) return Methods.Of(("GET", Get), ("PATCH", Patch), ("DELETE", Delete));
            return null;
        }

        private async Task<ApiResult> Create(ApiContext context)
        {
            string dataset = DatasetsEndpoints.DatasetName(context.Path);
            string storeId = context.Query("dicomStoreId");
            NameValidation.DicomStoreId(storeId);
            var request = await context.ReadJsonObjectAsync();
            string name = ResourceNames.DicomStore(dataset, storeId);
            var store = new JsonObject { ["name"] = name };
            foreach (string field in StoreFields.Skip(1))
            {
                var value = ValidField(request, field);
                if (value != null) store[field] = value;
            }

            var now = _runtime.Now;
            await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(dataset, ResourceKinds.Dataset) == null) throw DatasetsEndpoints.DatasetNotFound(dataset);
                if (!session.Resources.TryInsert(name, ResourceKinds.DicomStore, dataset, store, now))
                    throw ApiException.AlreadyExists($"DICOM store {name} already exists.");
                return true;
            });
            return ApiResult.Ok(store);
        }

        private async Task<ApiResult> Get(ApiContext context)
        {
            string name = StoreName(context.Path);
            var store = await _runtime.Database.ReadAsync(s => s.Resources.Get(name, ResourceKinds.DicomStore)) ?? throw StoreNotFound(name);
            return ApiResult.Ok(store.Body);
        }

        private async Task<ApiResult> List(ApiContext context)
        {
            string dataset = DatasetsEndpoints.DatasetName(context.Path);
            var page = PageRequest.From(context);
            var filter = LabelFilter.Parse(context.Query("filter"));
            var matched = new List<StoredResource>();
            bool more = false;
            await _runtime.Database.ReadAsync(s =>
            {
                if (s.Resources.Get(dataset, ResourceKinds.Dataset) == null) throw DatasetsEndpoints.DatasetNotFound(dataset);
                string after = page.AfterKey;
                while (true)
                {
                    var batch = s.Resources.List(ResourceKinds.DicomStore, dataset, after, 500);
                    foreach (var row in batch)
                    {
                        if (!filter.Matches(Labels.ToDictionary(row.Body["labels"] as JsonObject))) continue;
                        if (matched.Count == page.PageSize)
                        {
                            more = true;
                            return true;
                        }
                        matched.Add(row);
                    }
                    if (batch.Count < 500) return true;
                    after = batch[^1].Name;
                }
            });
            var body = new JsonObject();
            if (matched.Count > 0) body["dicomStores"] = new JsonArray(matched.Select(r => (JsonNode)r.Body).ToArray());
            if (more) body["nextPageToken"] = PageRequest.EncodeToken(matched[^1].Name);
            return ApiResult.Ok(body);
        }

        private async Task<ApiResult> Patch(ApiContext context)
        {
            string name = StoreName(context.Path);
            var mask = UpdateMask.Parse(context.Query("updateMask"));
            var targets = new List<(string Field, string Nested)>();
            foreach (string path in mask)
            {
                if (!MaskPaths.TryGetValue(path, out var target))
                    throw ApiException.InvalidArgument($"Invalid update mask path '{path}': a DICOM store can update labels, notificationConfig (or notificationConfig.pubsubTopic, notificationConfig.sendForBulkImport), notificationConfigs and streamConfigs.");
                targets.Add(target);
            }
            var request = await context.ReadJsonObjectAsync();
            var fields = StoreFields.Skip(1).ToDictionary(f => f, f => ValidField(request, f));

            var now = _runtime.Now;
            var updated = await _runtime.Database.WriteAsync(session =>
            {
                var store = session.Resources.Get(name, ResourceKinds.DicomStore) ?? throw StoreNotFound(name);
                var body = store.Body;
                foreach (var (field, nested) in targets)
                {
                    var value = fields[field];
                    if (nested == null)
                    {
                        Set(body, field, value?.DeepClone());
                        continue;
                    }
                    var current = body[field] as JsonObject ?? new JsonObject();
                    Set(current, nested, (value as JsonObject)?[nested]?.DeepClone());
                    Set(body, field, current.Count == 0 ? null : current);
                }
                Reorder(body);
                session.Resources.UpdateBody(name, body, now);
                return body;
            });
            return ApiResult.Ok(updated);
        }

        private async Task<ApiResult> Delete(ApiContext context)
        {
            string name = StoreName(context.Path);
            await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(name, ResourceKinds.DicomStore) == null) throw StoreNotFound(name);
                session.Resources.DeleteTree(name);
                session.IamPolicies.DeleteTree(name);
                session.Dicom.DeleteTree(name);
                return name;
            }, deleted => _runtime.DicomFiles.DeleteStore(deleted));
            return ApiResult.Empty();
        }

        /// <summary>The store name of a path starting projects/p/locations/l/datasets/d/dicomStores/s.</summary>
        public static string StoreName(ApiPath path)
        {
            NameValidation.Project(path[1]);
            return path.Prefix(8);
        }

        public static ApiException StoreNotFound(string name) => ApiException.NotFound($"DICOM store {name} not found.");

        private static void Set(JsonObject target, string field, JsonNode value)
        {
            if (value == null) target.Remove(field);
            else target[field] = value;
        }

        /// <summary>Keeps the stored JSON in field order after patching.</summary>
        private static void Reorder(JsonObject body)
        {
            var copy = body.ToList();
            body.Clear();
            foreach (string field in StoreFields)
            {
                var entry = copy.FirstOrDefault(p => p.Key == field);
                if (entry.Key != null) body[field] = entry.Value;
            }
        }

        /// <summary>A validated top-level field of a DicomStore body, or null when absent or empty.</summary>
        private static JsonNode ValidField(JsonObject request, string field)
        {
            ProtoJson.RejectUnknownFields(request, "dicom_store", StoreFields);
            switch (field)
            {
                case "labels":
                    return Labels.Validate(ProtoJson.GetObject(request, "labels"));
                case "notificationConfig":
                    return ValidNotificationConfig(ProtoJson.GetObject(request, "notificationConfig"), "notificationConfig", withBulkImport: true);
                case "notificationConfigs":
                {
                    var array = ProtoJson.GetArray(request, "notificationConfigs");
                    if (array == null || array.Count == 0) return null;
                    var clean = new JsonArray();
                    for (int i = 0; i < array.Count; i++)
                    {
                        var item = array[i] as JsonObject ?? throw ApiException.InvalidArgument($"Invalid value at 'notificationConfigs[{i}]': expected an object.");
                        clean.Add(ValidNotificationConfig(item, $"notificationConfigs[{i}]", withBulkImport: false) ?? new JsonObject());
                    }
                    return clean;
                }
                case "streamConfigs":
                {
                    var array = ProtoJson.GetArray(request, "streamConfigs");
                    if (array == null || array.Count == 0) return null;
                    var clean = new JsonArray();
                    var tables = new HashSet<string>(StringComparer.Ordinal);
                    for (int i = 0; i < array.Count; i++)
                    {
                        var item = array[i] as JsonObject ?? throw ApiException.InvalidArgument($"Invalid value at 'streamConfigs[{i}]': expected an object.");
                        ProtoJson.RejectUnknownFields(item, $"streamConfigs[{i}]", "bigqueryDestination");
                        var destination = ValidBigQueryDestination(ProtoJson.GetObject(item, "bigqueryDestination"), $"streamConfigs[{i}].bigqueryDestination");
                        if (destination == null)
                            throw ApiException.InvalidArgument($"streamConfigs[{i}].bigqueryDestination is required.");
                        if (!tables.Add((string)destination["tableUri"]))
                            throw ApiException.InvalidArgument($"Duplicate BigQuery destination '{destination["tableUri"]}' in streamConfigs: destinations must be unique.");
                        clean.Add(new JsonObject { ["bigqueryDestination"] = destination });
                    }
                    return clean;
                }
                default:
                    return null;
            }
        }

        private static JsonObject ValidNotificationConfig(JsonObject config, string field, bool withBulkImport)
        {
            if (config == null) return null;
            if (withBulkImport) ProtoJson.RejectUnknownFields(config, field, "pubsubTopic", "sendForBulkImport");
            else ProtoJson.RejectUnknownFields(config, field, "pubsubTopic");
            var clean = new JsonObject();
            string topic = ProtoJson.GetString(config, "pubsubTopic");
            if (!string.IsNullOrEmpty(topic))
            {
                if (!PubsubTopic.IsMatch(topic))
                    throw ApiException.InvalidArgument($"Invalid {field}.pubsubTopic '{topic}': expected projects/{{project}}/topics/{{topic}}.");
                clean["pubsubTopic"] = topic;
            }
            if (withBulkImport && GetBool(config, "sendForBulkImport", field)) clean["sendForBulkImport"] = true;
            return clean.Count == 0 ? null : clean;
        }

        internal static JsonObject ValidBigQueryDestination(JsonObject destination, string field)
        {
            if (destination == null) return null;
            ProtoJson.RejectUnknownFields(destination, field, "tableUri", "force", "writeDisposition", "includeSourceStore", "schemaFlattened", "schemaJson");
            string table = ProtoJson.GetString(destination, "tableUri");
            if (string.IsNullOrEmpty(table))
                throw ApiException.InvalidArgument($"{field}.tableUri is required.");
            if (table.Length > 2000 || !BigQueryTable.IsMatch(table))
                throw ApiException.InvalidArgument($"Invalid {field}.tableUri '{table}': expected bq://project.dataset.table.");
            var clean = new JsonObject { ["tableUri"] = table };
            if (GetBool(destination, "force", field)) clean["force"] = true;
            string disposition = ProtoJson.GetString(destination, "writeDisposition");
            if (!string.IsNullOrEmpty(disposition))
            {
                if (Array.IndexOf(WriteDispositions, disposition) < 0)
                    throw ApiException.InvalidArgument($"Invalid {field}.writeDisposition '{disposition}': expected one of {string.Join(", ", WriteDispositions)}.");
                if (disposition != WriteDispositions[0]) clean["writeDisposition"] = disposition;
            }
            if (GetBool(destination, "includeSourceStore", field)) clean["includeSourceStore"] = true;
            foreach (string schema in new[] { "schemaFlattened", "schemaJson" })
            {
                if (ProtoJson.GetObject(destination, schema) != null) clean[schema] = new JsonObject();
            }
            return clean;
        }

        private static bool GetBool(JsonObject source, string name, string field)
        {
            if (!source.TryGetPropertyValue(name, out var node) || node == null) return false;
            if (node is JsonValue value)
            {
                var kind = value.GetValueKind();
                if (kind == JsonValueKind.True) return true;
                if (kind == JsonValueKind.False) return false;
            }
            throw ApiException.InvalidArgument($"Invalid value at '{field}.{name}': expected a boolean.");
        }
    }
}
