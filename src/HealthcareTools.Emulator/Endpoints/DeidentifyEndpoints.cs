using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Deid;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Bulk;
using HealthcareTools.Emulator.Dicom;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Operations;
using HealthcareTools.Emulator.Resources;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>
    /// dicomStores.deidentify and datasets.deidentify with the local engine of
    /// <c>HealthcareTools.Client.Deid</c>. The request is validated in full (config, filter file,
    /// destination) before anything is created; the destination is then created and every selected
    /// instance de-identified with one <see cref="DicomDeidentifier"/> (one UID mapper) for the whole
    /// operation and stored through <see cref="DicomIngest"/>, the path STOW and import use. The
    /// returned operation reports the counters over the configured operation duration.
    /// </summary>
    public sealed class DeidentifyEndpoints : IEndpointGroup
    {
        public const string DicomStoreMethodName = "google.cloud.healthcare.v1.dicom.DicomService.DeidentifyDicomStore";
        public const string DatasetMethodName = "google.cloud.healthcare.v1.dataset.DatasetService.DeidentifyDataset";
        public const string DicomStoreResponseType = "type.googleapis.com/google.cloud.healthcare.v1.dicom.DeidentifyDicomStoreSummary";
        public const string DatasetResponseType = "type.googleapis.com/google.cloud.healthcare.v1.dataset.DeidentifySummary";

        private readonly EmulatorRuntime _runtime;

        public DeidentifyEndpoints(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        public IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path)
        {
            if (path.Verb != "deidentify") return null;
            if (path.Matches("projects", "*", "locations", "*", "datasets", "*", "dicomStores", "*")) return Methods.Of(("POST", DeidentifyStore));
            if (path.Matches("projects", "*", "locations", "*", "datasets", "*")) return Methods.Of(("POST", DeidentifyDataset));
            return null;
        }

        // ---------------------------------------------------------------- dicomStores.deidentify

        private async Task<ApiResult> DeidentifyStore(ApiContext context)
        {
            string source = DicomStoresEndpoints.StoreName(context.Path);
            string sourceDataset = context.Path.Prefix(6);
            var request = await context.ReadJsonObjectAsync();
            ProtoJson.RejectUnknownFields(request, "DeidentifyDicomStoreRequest", "destinationStore", "config", "gcsConfigUri", "filterConfig");

            string destination = ProtoJson.GetString(request, "destinationStore");
            if (string.IsNullOrEmpty(destination)) throw ApiException.InvalidArgument("destinationStore is required.");
            var destinationPath = ApiPath.Parse(destination);
            if (destinationPath == null || destinationPath.Verb != null
                || !destinationPath.Matches("projects", "*", "locations", "*", "datasets", "*", "dicomStores", "*"))
                throw ApiException.InvalidArgument($"Invalid destinationStore '{destination}': expected projects/{{project}}/locations/{{location}}/datasets/{{dataset}}/dicomStores/{{dicomStore}}.");
            NameValidation.Project(destinationPath[1]);
            NameValidation.DicomStoreId(destinationPath[7]);
            RequireSameLocation(context.Path, destinationPath, "destinationStore", destination);
            string destinationDataset = destinationPath.Prefix(6);

            var deidentifier = await ReadDeidentifierAsync(request);
            var filter = await ReadFilterAsync(ProtoJson.GetObject(request, "filterConfig"));

            var now = _runtime.Now;
            var instances = await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(source, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(source);
                if (session.Resources.Get(destinationDataset, ResourceKinds.Dataset) == null)
                    throw ApiException.NotFound($"Destination dataset {destinationDataset} not found: the dataset of destinationStore must exist.");
                if (!session.Resources.TryInsert(destination, ResourceKinds.DicomStore, destinationDataset, new JsonObject { ["name"] = destination }, now))
                    throw ApiException.AlreadyExists($"Destination DICOM store {destination} already exists: dicomStores.deidentify creates it.");
                return session.Dicom.List(source);
            });

            var selected = filter == null ? instances : instances.Where(i => filter.Any(f => f.Matches(i))).ToList();
            var (total, failures) = await DeidentifyInstancesAsync(selected, destination, deidentifier, context.Aborted);
            var state = new OperationState
            {
                ApiMethodName = DicomStoreMethodName,
                TotalItems = total,
                FailureItems = failures,
                Response = new JsonObject { ["@type"] = DicomStoreResponseType },
            };
            return await StartOperationAsync(sourceDataset, state);
        }

        // ---------------------------------------------------------------- datasets.deidentify

        private async Task<ApiResult> DeidentifyDataset(ApiContext context)
        {
            string source = DatasetsEndpoints.DatasetName(context.Path);
            var request = await context.ReadJsonObjectAsync();
            ProtoJson.RejectUnknownFields(request, "DeidentifyDatasetRequest", "destinationDataset", "config", "gcsConfigUri");

            string destination = ProtoJson.GetString(request, "destinationDataset");
            if (string.IsNullOrEmpty(destination)) throw ApiException.InvalidArgument("destinationDataset is required.");
            var destinationPath = ApiPath.Parse(destination);
            if (destinationPath == null || destinationPath.Verb != null
                || !destinationPath.Matches("projects", "*", "locations", "*", "datasets", "*"))
                throw ApiException.InvalidArgument($"Invalid destinationDataset '{destination}': expected projects/{{project}}/locations/{{location}}/datasets/{{dataset}}.");
            NameValidation.Project(destinationPath[1]);
            NameValidation.DatasetId(destinationPath[5]);
            RequireSameLocation(context.Path, destinationPath, "destinationDataset", destination);

            var deidentifier = await ReadDeidentifierAsync(request);

            var now = _runtime.Now;
            var plan = await _runtime.Database.WriteAsync(session =>
            {
                var sourceDataset = session.Resources.Get(source, ResourceKinds.Dataset) ?? throw DatasetsEndpoints.DatasetNotFound(source);
                if (session.Resources.Get(destination) != null)
                    throw ApiException.AlreadyExists($"Destination dataset {destination} already exists: datasets.deidentify creates it.");
                // Leftovers of a cancelled create (its operations) go before the ID is reused, as in datasets.create.
                session.Resources.DeleteTree(destination);
                session.IamPolicies.DeleteTree(destination);
                var body = new JsonObject { ["name"] = destination };
                ProtoJson.SetString(body, "timeZone", (string)sourceDataset.Body["timeZone"]);
                session.Resources.TryInsert(destination, ResourceKinds.Dataset, ResourceNames.Location(destinationPath[1], destinationPath[3]), body, now);

                // Every DICOM store of the source gets a same-named, plain store in the destination.
                var work = new List<(string Store, List<DicomInstanceRow> Instances)>();
                foreach (var store in session.Resources.List(ResourceKinds.DicomStore, source, string.Empty, int.MaxValue))
                {
                    string storeId = store.Name.Substring(store.Name.LastIndexOf('/') + 1);
                    string target = ResourceNames.DicomStore(destination, storeId);
                    session.Resources.TryInsert(target, ResourceKinds.DicomStore, destination, new JsonObject { ["name"] = target }, now);
                    work.Add((target, session.Dicom.List(store.Name)));
                }
                return work;
            });

            long total = 0, failures = 0;
            foreach (var (store, instances) in plan)
            {
                var (t, f) = await DeidentifyInstancesAsync(instances, store, deidentifier, context.Aborted);
                total += t;
                failures += f;
            }
            var state = new OperationState
            {
                ApiMethodName = DatasetMethodName,
                TotalItems = total,
                FailureItems = failures,
                Response = new JsonObject { ["@type"] = DatasetResponseType },
            };
            return await StartOperationAsync(source, state);
        }

        // ---------------------------------------------------------------- shared

        /// <summary>
        /// De-identifies each instance into a temp file and stores it in <paramref name="destination"/>.
        /// An instance that cannot be read or de-identified, or is not stored, counts as a failure.
        /// </summary>
        private async Task<(long Total, long Failures)> DeidentifyInstancesAsync(
            IReadOnlyList<DicomInstanceRow> instances, string destination, DicomDeidentifier deidentifier, CancellationToken cancellation)
        {
            long failures = 0;
            foreach (var instance in instances)
            {
                cancellation.ThrowIfCancellationRequested();
                string temp = _runtime.DicomFiles.NewTempFile();
                try
                {
                    try
                    {
                        deidentifier.Deidentify(_runtime.DicomFiles.FullPath(instance.File), temp);
                    }
                    catch (Exception ex) when (ex is DicomFormatException || ex is InvalidOperationException || ex is IOException
                                               || ex is UnauthorizedAccessException || ex is FormatException || ex is ArgumentException)
                    {
                        failures++;
                        continue;
                    }
                    var outcome = await DicomIngest.StoreFileAsync(_runtime, destination, null, temp, new FileInfo(temp).Length, IngestSource.Import);
                    if (!outcome.Stored) failures++;
                }
                finally
                {
                    if (File.Exists(temp)) DicomFileStore.TryDelete(temp);
                }
            }
            return (instances.Count, failures);
        }

        /// <summary>
        /// The engine for the request's <c>config</c> or <c>gcsConfigUri</c> (exactly one). Unknown
        /// enum values, bad tags and unsupported features (DEIDENTIFY_TAG_CONTENTS, text redaction)
        /// are 400 INVALID_ARGUMENT with the engine's message.
        /// </summary>
        private async Task<DicomDeidentifier> ReadDeidentifierAsync(JsonObject request)
        {
            var config = ProtoJson.GetObject(request, "config");
            string uri = ProtoJson.GetString(request, "gcsConfigUri");
            if (config != null && !string.IsNullOrEmpty(uri))
                throw ApiException.InvalidArgument("Only one of config and gcsConfigUri may be set.");
            string json;
            if (config != null) json = config.ToJsonString();
            else if (!string.IsNullOrEmpty(uri)) json = await ReadGcsTextAsync(uri, "gcsConfigUri");
            else throw ApiException.InvalidArgument("One of config and gcsConfigUri is required.");

            try
            {
                return new DicomDeidentifier(DeidentifyConfig.FromJson(json), new DicomUidMapper());
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is FormatException || ex is ArgumentException)
            {
                string from = config != null ? "config" : $"gcsConfigUri {uri}";
                throw ApiException.InvalidArgument($"Invalid DeidentifyConfig ({from}): {ex.Message}");
            }
        }

        /// <summary>The filterConfig resource paths, or null when there is no filter.</summary>
        private async Task<List<ResourcePath>> ReadFilterAsync(JsonObject filterConfig)
        {
            ProtoJson.RejectUnknownFields(filterConfig, "filterConfig", "resourcePathsGcsUri");
            string uri = ProtoJson.GetString(filterConfig, "resourcePathsGcsUri");
            if (string.IsNullOrEmpty(uri)) return null;
            string text = await ReadGcsTextAsync(uri, "filterConfig.resourcePathsGcsUri");
            var paths = new List<ResourcePath>();
            int number = 0;
            foreach (string raw in text.Split('\n'))
            {
                number++;
                string line = raw.TrimEnd('\r').Trim();
                if (line.Length == 0) continue;
                paths.Add(ResourcePath.Parse(line) ?? throw ApiException.InvalidArgument(
                    $"Invalid line {number} of filterConfig.resourcePathsGcsUri {uri}: '{line}': expected /studies/{{StudyUID}}[/series/{{SeriesUID}}[/instances/{{SOPInstanceUID}}]]."));
            }
            return paths;
        }

        /// <summary>The UTF-8 text of a Cloud Storage object of the emulator; 400 when the bucket or object is missing.</summary>
        private async Task<string> ReadGcsTextAsync(string uri, string field)
        {
            var (bucket, name) = GcsUri.Split(uri, field, requireObject: true);
            var row = await _runtime.Database.ReadAsync(session =>
            {
                if (session.Gcs.GetBucket(bucket) == null)
                    throw ApiException.InvalidArgument($"Invalid {field} '{uri}': Cloud Storage bucket {bucket} not found.");
                return session.Gcs.GetObject(bucket, name)
                    ?? throw ApiException.InvalidArgument($"Invalid {field} '{uri}': Cloud Storage object not found.");
            });
            try
            {
                return await File.ReadAllTextAsync(_runtime.GcsFiles.ObjectPath(row.File), new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw ApiException.InvalidArgument($"Invalid {field} '{uri}': Cloud Storage object not found.");
            }
        }

        private static void RequireSameLocation(ApiPath sourcePath, ApiPath destinationPath, string field, string destination)
        {
            if (sourcePath[1] != destinationPath[1] || sourcePath[3] != destinationPath[3])
                throw ApiException.InvalidArgument(
                    $"Invalid {field} '{destination}': it must be in the same project and location as the source (projects/{sourcePath[1]}/locations/{sourcePath[3]}).");
        }

        private async Task<ApiResult> StartOperationAsync(string dataset, OperationState state)
        {
            var now = _runtime.Now;
            var operation = await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(dataset, ResourceKinds.Dataset) == null) throw DatasetsEndpoints.DatasetNotFound(dataset);
                return _runtime.Operations.Start(session, dataset, state, now);
            });
            return ApiResult.Ok(OperationService.Render(operation, _runtime.Now));
        }

        /// <summary>One line of a DicomFilterConfig file: a study, a series or an instance.</summary>
        private sealed class ResourcePath
        {
            private string Study { get; init; }
            private string Series { get; init; }
            private string Instance { get; init; }

            public bool Matches(DicomInstanceRow row) =>
                row.StudyUid == Study && (Series == null || row.SeriesUid == Series) && (Instance == null || row.SopUid == Instance);

            public static ResourcePath Parse(string line)
            {
                var parts = line.Trim('/').Split('/');
                if (!line.StartsWith("/", StringComparison.Ordinal) || (parts.Length != 2 && parts.Length != 4 && parts.Length != 6)) return null;
                if (parts[0] != "studies" || (parts.Length > 2 && parts[2] != "series") || (parts.Length > 4 && parts[4] != "instances")) return null;
                if (parts.Any(p => p.Length == 0)) return null;
                return new ResourcePath
                {
                    Study = parts[1],
                    Series = parts.Length > 2 ? parts[3] : null,
                    Instance = parts.Length > 4 ? parts[5] : null,
                };
            }
        }
    }
}
