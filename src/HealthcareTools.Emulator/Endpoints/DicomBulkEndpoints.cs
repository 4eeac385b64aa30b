using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Bulk;
using HealthcareTools.Emulator.Dicom;
using HealthcareTools.Emulator.Gcs;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Operations;
using HealthcareTools.Emulator.Resources;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>
    /// dicomStores.import (from the emulated Cloud Storage, with globs) and dicomStores.export (to
    /// Cloud Storage objects or to the local BigQuery table store). The work is done while the
    /// request is answered; the returned operation then reports progress over the configured
    /// operation duration like every other operation of the emulator.
    /// </summary>
    public sealed class DicomBulkEndpoints : IEndpointGroup
    {
        public const string ImportMethodName = "google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData";
        public const string ExportMethodName = "google.cloud.healthcare.v1.dicom.DicomService.ExportDicomData";
        public const string ImportResponseType = "type.googleapis.com/google.cloud.healthcare.v1.dicom.ImportDicomDataResponse";
        public const string ExportResponseType = "type.googleapis.com/google.cloud.healthcare.v1.dicom.ExportDicomDataResponse";
        private const string ExplicitLittle = "1.2.840.10008.1.2.1";

        private readonly EmulatorRuntime _runtime;

        public DicomBulkEndpoints(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        public IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path)
        {
            if (!path.Matches("projects", "*", "locations", "*", "datasets", "*", "dicomStores", "*")) return null;
            if (path.Verb == "import") return Methods.Of(("POST", Import));
            if (path.Verb == "export") return Methods.Of(("POST", Export));
            return null;
        }

        // ---------------------------------------------------------------- import

        private async Task<ApiResult> Import(ApiContext context)
        {
            string store = DicomStoresEndpoints.StoreName(context.Path);
            string dataset = context.Path.Prefix(6);
            var request = await context.ReadJsonObjectAsync();
            ProtoJson.RejectUnknownFields(request, "ImportDicomDataRequest", "gcsSource", "blobStorageSettings");
            var source = ProtoJson.GetObject(request, "gcsSource") ?? throw ApiException.InvalidArgument("gcsSource is required.");
            ProtoJson.RejectUnknownFields(source, "gcsSource", "uri");
            string uri = ProtoJson.GetString(source, "uri");
            var glob = GcsGlob.Parse(uri, "gcsSource.uri");
            await RequireStoreAsync(store);

            var (bucketExists, objects) = await _runtime.Database.ReadAsync(session =>
            {
                if (session.Gcs.GetBucket(glob.Bucket) == null) return (false, (List<GcsObjectRow>)null);
                var matched = new List<GcsObjectRow>();
                string after = null;
                while (true)
                {
                    var batch = session.Gcs.ListObjects(glob.Bucket, glob.LiteralPrefix, after, 1000);
                    foreach (var row in batch)
                    {
                        if (glob.Matches(row.Name)) matched.Add(row);
                    }
                    if (batch.Count < 1000) return (true, matched);
                    after = batch[^1].Name;
                }
            });
            if (!bucketExists)
                return await FailedOperationAsync(dataset, store, ImportMethodName, GoogleStatus.NotFound, $"Cloud Storage bucket {glob.Bucket} not found (gcsSource.uri {uri}).");
            if (objects.Count == 0)
                return await FailedOperationAsync(dataset, store, ImportMethodName, GoogleStatus.NotFound, $"No Cloud Storage objects match {uri}.");

            long failures = 0;
            foreach (var item in objects)
            {
                context.Aborted.ThrowIfCancellationRequested();
                string temp = _runtime.DicomFiles.NewTempFile();
                try
                {
                    try
                    {
                        File.Copy(_runtime.GcsFiles.ObjectPath(item.File), temp);
                    }
                    catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
                    {
                        failures++; // deleted meanwhile
                        continue;
                    }
                    var outcome = await DicomIngest.StoreFileAsync(_runtime, store, null, temp, item.Size, IngestSource.Import);
                    // An instance already in the store is kept (the new copy ignored) and counts as a success.
                    if (!outcome.Stored && outcome.FailureReason != StowOutcome.ProcessingFailure) failures++;
                }
                finally
                {
                    if (File.Exists(temp)) DicomFileStore.TryDelete(temp);
                }
            }

            var state = new OperationState
            {
                ApiMethodName = ImportMethodName,
                TotalItems = objects.Count,
                FailureItems = failures,
                Response = new JsonObject { ["@type"] = ImportResponseType },
            };
            return await StartOperationAsync(dataset, store, state);
        }

        // ---------------------------------------------------------------- export

        private async Task<ApiResult> Export(ApiContext context)
        {
            string store = DicomStoresEndpoints.StoreName(context.Path);
            string dataset = context.Path.Prefix(6);
            var request = await context.ReadJsonObjectAsync();
            ProtoJson.RejectUnknownFields(request, "ExportDicomDataRequest", "gcsDestination", "bigqueryDestination");
            var gcs = ProtoJson.GetObject(request, "gcsDestination");
            var bigquery = ProtoJson.GetObject(request, "bigqueryDestination");
            if ((gcs == null) == (bigquery == null))
                throw ApiException.InvalidArgument("Exactly one of gcsDestination and bigqueryDestination is required.");
            return gcs != null ? await ExportToGcsAsync(context, store, dataset, gcs) : await ExportToBigQueryAsync(context, store, dataset, bigquery);
        }

        private enum ExportMode
        {
            Stored,
            ExplicitLittleEndian,
        }

        private async Task<ApiResult> ExportToGcsAsync(ApiContext context, string store, string dataset, JsonObject destination)
        {
            ProtoJson.RejectUnknownFields(destination, "gcsDestination", "uriPrefix", "mimeType");
            string uriPrefix = ProtoJson.GetString(destination, "uriPrefix");
            var (bucket, prefix) = GcsUri.Split(uriPrefix, "gcsDestination.uriPrefix", requireObject: false);
            if (prefix.Length > 0 && !prefix.EndsWith("/", StringComparison.Ordinal)) prefix += "/";
            var mode = ParseMimeType(ProtoJson.GetString(destination, "mimeType"));

            var (bucketExists, instances) = await _runtime.Database.ReadAsync(session =>
            {
                if (session.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                return (session.Gcs.GetBucket(bucket) != null, session.Dicom.List(store));
            });
            if (!bucketExists)
                return await FailedOperationAsync(dataset, store, ExportMethodName, GoogleStatus.NotFound, $"Cloud Storage bucket {bucket} not found (gcsDestination.uriPrefix {uriPrefix}).");

            long failures = 0;
            foreach (var instance in instances)
            {
                context.Aborted.ThrowIfCancellationRequested();
                string temp = _runtime.GcsFiles.NewTempFile();
                bool written = false;
                try
                {
                    string path = _runtime.DicomFiles.FullPath(instance.File);
                    if (mode == ExportMode.Stored || instance.TransferSyntax == ExplicitLittle)
                    {
                        File.Copy(path, temp);
                    }
                    else if (DicomTransferSyntax.IsEncapsulated(instance.TransferSyntax))
                    {
                        // Compressed data cannot be decompressed by the emulator: this instance fails.
                        failures++;
                        continue;
                    }
                    else
                    {
                        // Implicit VR, big endian, deflated: rewritten as Explicit VR Little Endian by our writer.
                        using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
                        DicomFile.Open(path).Save(output);
                    }
                    string name = $"{prefix}{instance.StudyUid}/{instance.SeriesUid}/{instance.SopUid}.dcm";
                    written = await GcsObjectWriter.PutAsync(_runtime, bucket, name, MediaTypes.Dicom, temp, context.Aborted);
                }
                catch (Exception ex) when (ex is IOException || ex is DicomFormatException || ex is UnauthorizedAccessException)
                {
                    written = false;
                }
                finally
                {
                    GcsFiles.TryDelete(temp);
                }
                if (!written) failures++;
            }

            var state = new OperationState
            {
                ApiMethodName = ExportMethodName,
                TotalItems = instances.Count,
                FailureItems = failures,
                Response = new JsonObject { ["@type"] = ExportResponseType },
            };
            return await StartOperationAsync(dataset, store, state);
        }

        /// <summary>
        /// unset, <c>application/dicom</c> and <c>application/dicom; transfer-syntax=*</c> export the stored
        /// bytes; <c>application/dicom; transfer-syntax=1.2.840.10008.1.2.1</c> transcodes native data. Other
        /// types Google supports (JPEG, PNG, other syntaxes, octet-stream) are a 400 in the emulator.
        /// </summary>
        private static ExportMode ParseMimeType(string mimeType)
        {
            if (string.IsNullOrWhiteSpace(mimeType)) return ExportMode.Stored;
            var type = MediaTypes.Parse(mimeType) ?? throw ApiException.InvalidArgument($"Invalid gcsDestination.mimeType '{mimeType}'.");
            if (type.Type == MediaTypes.Dicom)
            {
                string syntax = type.Parameter("transfer-syntax");
                if (syntax == null || syntax == "*") return ExportMode.Stored;
                if (syntax == ExplicitLittle) return ExportMode.ExplicitLittleEndian;
            }
            throw ApiException.InvalidArgument($"gcsDestination.mimeType '{mimeType}' is not supported by the emulator: use application/dicom, " +
                $"application/dicom; transfer-syntax=* or application/dicom; transfer-syntax={ExplicitLittle} (or leave it unset).");
        }

        private async Task<ApiResult> ExportToBigQueryAsync(ApiContext context, string store, string dataset, JsonObject destination)
        {
            var clean = DicomStoresEndpoints.ValidBigQueryDestination(destination, "bigqueryDestination");
            var (project, bqDataset, table) = BigQueryRows.ParseTableUri((string)clean["tableUri"]);
            if (project != context.Path[1])
                throw ApiException.InvalidArgument($"bigqueryDestination.tableUri {clean["tableUri"]}: the BigQuery table must be in the DICOM store's project ({context.Path[1]}).");
            string disposition = (string)clean["writeDisposition"]
                ?? (clean["force"] is JsonValue f && (bool)f ? "WRITE_TRUNCATE" : "WRITE_EMPTY");
            bool includeSource = clean["includeSourceStore"] is JsonValue s && (bool)s;
            string tableId = BigQueryRows.TableId(project, bqDataset, table);

            var now = _runtime.Now;
            var operation = await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                var instances = session.Dicom.List(store);
                var existing = session.Bulk.GetTable(tableId);
                var state = new OperationState { ApiMethodName = ExportMethodName, TotalItems = instances.Count };
                if (disposition == "WRITE_EMPTY" && existing != null && existing.RowCount > 0)
                {
                    state.TotalItems = 0;
                    state.Error = Status(GoogleStatus.FailedPrecondition,
                        $"BigQuery table {tableId} is not empty ({existing.RowCount} rows) and writeDisposition is WRITE_EMPTY; use WRITE_TRUNCATE or WRITE_APPEND.");
                    return _runtime.Operations.Start(session, dataset, state, now);
                }
                if (disposition == "WRITE_TRUNCATE") session.Bulk.TruncateTable(tableId);
                var rows = new List<IReadOnlyList<KeyValuePair<string, string>>>(instances.Count);
                foreach (var instance in instances) rows.Add(BigQueryRows.For(instance, includeSource));
                session.Bulk.AppendRows(tableId, rows, now);
                state.Response = new JsonObject { ["@type"] = ExportResponseType };
                return _runtime.Operations.Start(session, dataset, state, now);
            });
            return ApiResult.Ok(OperationService.Render(operation, _runtime.Now));
        }

        // ---------------------------------------------------------------- shared

        private async Task RequireStoreAsync(string store)
        {
            bool exists = await _runtime.Database.ReadAsync(s => s.Resources.Get(store, ResourceKinds.DicomStore) != null);
            if (!exists) throw DicomStoresEndpoints.StoreNotFound(store);
        }

        private async Task<ApiResult> StartOperationAsync(string dataset, string store, OperationState state)
        {
            var now = _runtime.Now;
            var operation = await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                return _runtime.Operations.Start(session, dataset, state, now);
            });
            return ApiResult.Ok(OperationService.Render(operation, _runtime.Now));
        }

        /// <summary>An operation that ends (after the configured duration) with <paramref name="status"/>, nothing done.</summary>
        private Task<ApiResult> FailedOperationAsync(string dataset, string store, string method, GoogleStatus status, string message) =>
            StartOperationAsync(dataset, store, new OperationState { ApiMethodName = method, TotalItems = 0, Error = Status(status, message) });

        private static JsonObject Status(GoogleStatus status, string message) =>
            new JsonObject { ["code"] = status.GrpcCode, ["message"] = message };
    }
}
