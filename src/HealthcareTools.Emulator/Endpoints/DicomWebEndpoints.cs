using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Dicom;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Operations;
using HealthcareTools.Emulator.Resources;
using HealthcareTools.Emulator.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>
    /// DICOMweb under <c>{dicomStore}/dicomWeb/</c>: STOW-RS, QIDO-RS, WADO-RS (instances, metadata,
    /// rendered, frames, bulk data) and deletes.
    /// </summary>
    public sealed partial class DicomWebEndpoints : IEndpointGroup
    {
        public const string DeleteStudyMethodName = "google.cloud.healthcare.v1.dicomweb.DicomWebService.DeleteStudy";
        public const string DeleteSeriesMethodName = "google.cloud.healthcare.v1.dicomweb.DicomWebService.DeleteSeries";
        public const string DicomJsonContentType = "application/dicom+json; charset=utf-8";
        private const int StoreSegments = 8;

        private readonly EmulatorRuntime _runtime;

        public DicomWebEndpoints(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        public IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path)
        {
            if (path.Verb == "getDICOMStoreMetrics" && path.Matches("projects", "*", "locations", "*", "datasets", "*", "dicomStores", "*"))
                return Methods.Of(("GET", c => StoreMetrics(c)));
            if (path.Count <= StoreSegments + 1) return null;
            if (path[0] != "projects" || path[2] != "locations" || path[4] != "datasets" || path[6] != "dicomStores" || path[8] != "dicomWeb") return null;
            if (path.Verb == "getStudyMetrics" && path.Count == 11 && path[9] == "studies") return Methods.Of(("GET", c => StudyOrSeriesMetrics(c, c.Path[10], null)));
            if (path.Verb == "getSeriesMetrics" && path.Count == 13 && path[9] == "studies" && path[11] == "series")
                return Methods.Of(("GET", c => StudyOrSeriesMetrics(c, c.Path[10], c.Path[12])));
            if (path.Verb != null) return null;

            var rest = path.Segments.Skip(StoreSegments + 1).ToArray();
            string At(int i) => i < rest.Length ? rest[i] : null;
            int n = rest.Length;
            switch (At(0))
            {
                case "studies":
                    if (n == 1) return Methods.Of(("GET", c => Search(c, DicomLevel.Study, null, null)), ("POST", c => Store(c, null)));
                    string study = At(1);
                    if (n == 2) return Methods.Of(("GET", c => Retrieve(c, study, null, null)), ("POST", c => Store(c, study)), ("DELETE", c => DeleteStudyOrSeries(c, study, null)));
                    if (n == 3 && At(2) == "metadata") return Methods.Of(("GET", c => Metadata(c, study, null, null)));
                    if (n == 3 && At(2) == "series") return Methods.Of(("GET", c => Search(c, DicomLevel.Series, study, null)));
                    if (n == 3 && At(2) == "instances") return Methods.Of(("GET", c => Search(c, DicomLevel.Instance, study, null)));
                    if (At(2) != "series" || n < 4) return null;
                    string series = At(3);
                    if (n == 4) return Methods.Of(("GET", c => Retrieve(c, study, series, null)), ("DELETE", c => DeleteStudyOrSeries(c, study, series)));
                    if (n == 5 && At(4) == "metadata") return Methods.Of(("GET", c => Metadata(c, study, series, null)));
                    if (n == 5 && At(4) == "instances") return Methods.Of(("GET", c => Search(c, DicomLevel.Instance, study, series)));
                    if (At(4) != "instances" || n < 6) return null;
                    string sop = At(5);
                    if (n == 6) return Methods.Of(("GET", c => Retrieve(c, study, series, sop)), ("DELETE", c => DeleteInstance(c, study, series, sop)));
                    if (n == 7 && At(6) == "metadata") return Methods.Of(("GET", c => Metadata(c, study, series, sop)));
                    if (n == 7 && At(6) == "rendered") return Methods.Of(("GET", c => Rendered(c, study, series, sop, null)));
                    if (n == 8 && At(6) == "frames") return Methods.Of(("GET", c => Frames(c, study, series, sop, At(7))));
                    if (n == 9 && At(6) == "frames" && At(8) == "rendered") return Methods.Of(("GET", c => Rendered(c, study, series, sop, At(7))));
                    if (n == 8 && At(6) == "bulkdata") return Methods.Of(("GET", c => BulkData(c, study, series, sop, At(7))));
                    return null;
                case "series":
                    return n == 1 ? Methods.Of(("GET", c => Search(c, DicomLevel.Series, null, null))) : null;
                case "instances":
                    return n == 1 ? Methods.Of(("GET", c => Search(c, DicomLevel.Instance, null, null))) : null;
                default:
                    return null;
            }
        }

        private static string StoreName(ApiContext context) => DicomStoresEndpoints.StoreName(context.Path);

        private static string DicomWebBase(ApiContext context, string store) =>
            $"{context.Http.Request.Scheme}://{context.Http.Request.Host}{context.Http.Request.PathBase}/{store}/dicomWeb";

        private async Task RequireStoreAsync(string store)
        {
            bool exists = await _runtime.Database.ReadAsync(s => s.Resources.Get(store, ResourceKinds.DicomStore) != null);
            if (!exists) throw DicomStoresEndpoints.StoreNotFound(store);
        }

        // ---------------------------------------------------------------- STOW-RS

        private async Task<ApiResult> Store(ApiContext context, string pathStudy)
        {
            string store = StoreName(context);
            await RequireStoreAsync(store);
            var request = context.Http.Request;
            var contentType = MediaTypes.Parse(request.ContentType)
                ?? throw ApiException.InvalidArgument("Content-Type is required: multipart/related; type=\"application/dicom\"; boundary=... or application/dicom.");
            var outcomes = new List<StowOutcome>();
            try
            {
                if (contentType.Type == MediaTypes.MultipartRelated)
                {
                    string type = contentType.Parameter("type");
                    if (type != null && !string.Equals(type, MediaTypes.Dicom, StringComparison.OrdinalIgnoreCase))
                        throw ApiException.InvalidArgument($"Unsupported multipart/related type '{type}': the emulator accepts type=\"application/dicom\" (Part 10 files) only; DICOM JSON + bulk data STOW is not implemented.");
                    string boundary = contentType.Parameter("boundary");
                    if (string.IsNullOrEmpty(boundary)) throw ApiException.InvalidArgument("multipart/related Content-Type without a boundary parameter.");
                    var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 64 * 1024, BodyLengthLimit = null };
                    MultipartSection section;
                    while ((section = await reader.ReadNextSectionAsync(context.Aborted)) != null)
                    {
                        outcomes.Add(await StorePartAsync(store, pathStudy, section.Body, section.ContentType, context.Aborted));
                    }
                    if (outcomes.Count == 0) throw ApiException.InvalidArgument("The multipart/related body holds no part.");
                }
                else if (contentType.Type == MediaTypes.Dicom)
                {
                    outcomes.Add(await StorePartAsync(store, pathStudy, request.Body, null, context.Aborted));
                }
                else
                {
                    throw ApiException.InvalidArgument($"Unsupported Content-Type '{request.ContentType}' for STOW-RS: expected multipart/related; type=\"application/dicom\" or application/dicom.");
                }
            }
            catch (Exception ex) when ((ex is IOException || ex is InvalidDataException) && !context.Aborted.IsCancellationRequested)
            {
                string stored = outcomes.Count(o => o.Stored) > 0 ? $" ({outcomes.Count(o => o.Stored)} instance(s) before the error were stored)" : string.Empty;
                throw ApiException.InvalidArgument($"Malformed multipart/related body: {ex.Message}{stored}");
            }

            string dicomWeb = DicomWebBase(context, store);
            var studies = outcomes.Where(o => o.Stored).Select(o => o.StudyUid).Distinct().ToList();
            string studyUrl = pathStudy != null ? $"{dicomWeb}/studies/{pathStudy}" : studies.Count == 1 ? $"{dicomWeb}/studies/{studies[0]}" : null;
            var response = StowOutcome.Response(outcomes, dicomWeb, studyUrl);
            int status = outcomes.All(o => o.Stored) ? 200 : 409;

            bool xml = PrefersXml(context.Http.Request.Headers.Accept);
            byte[] bytes = xml ? DicomXml.Serialize(response) : Encoding.UTF8.GetBytes(response.ToJsonString(ProtoJson.WriteOptions));
            return ApiResult.Stream(status, http => WriteBytesAsync(http, xml ? "application/dicom+xml; charset=utf-8" : DicomJsonContentType, bytes));
        }

        private static bool PrefersXml(Microsoft.Extensions.Primitives.StringValues accept)
        {
            foreach (var range in MediaTypes.ParseAccept(accept))
            {
                if (range.Type == MediaTypes.DicomXml || (range.Type == MediaTypes.MultipartRelated && range.Parameter("type") == MediaTypes.DicomXml)) return true;
                if (range.Type == MediaTypes.DicomJson || range.Type == "application/json" || range.Type.EndsWith("*", StringComparison.Ordinal)) return false;
            }
            return false;
        }

        private async Task<StowOutcome> StorePartAsync(string store, string pathStudy, Stream body, string partContentType, CancellationToken cancellation)
        {
            string temp = _runtime.DicomFiles.NewTempFile();
            try
            {
                long size;
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
                {
                    await body.CopyToAsync(file, 64 * 1024, cancellation);
                    size = file.Length;
                }

                var partType = MediaTypes.Parse(partContentType);
                if (partType != null && partType.Type != MediaTypes.Dicom && partType.Type != MediaTypes.OctetStream)
                    return StowOutcome.Failed(null, StowOutcome.CannotUnderstand, $"Part media type '{partType.Type}' is not application/dicom.");
                // The storing path shared with Cloud Storage import (index, duplicate rule, notifications, streaming).
                return await Bulk.DicomIngest.StoreFileAsync(_runtime, store, pathStudy, temp, size, Bulk.IngestSource.Stow);
            }
            finally
            {
                if (File.Exists(temp)) DicomFileStore.TryDelete(temp);
            }
        }

        // ---------------------------------------------------------------- QIDO-RS

        private async Task<ApiResult> Search(ApiContext context, DicomLevel level, string study, string series)
        {
            string store = StoreName(context);
            RequireJsonAccept(context, "QIDO-RS");
            var query = QidoQuery.Parse(level, context.Http.Request.Query, study, series);
            var rows = await _runtime.Database.ReadAsync(s =>
            {
                if (s.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                return s.Dicom.Search(store, level, query.Filter, query.Limit, query.Offset);
            });
            var array = new JsonArray(rows.Select(r => (JsonNode)query.Render(r)).ToArray());
            byte[] bytes = Encoding.UTF8.GetBytes(array.ToJsonString(ProtoJson.WriteOptions));
            return ApiResult.Stream(200, http => WriteBytesAsync(http, DicomJsonContentType, bytes));
        }

        /// <summary>QIDO and metadata answer DICOM JSON only; an Accept that excludes it is 406.</summary>
        private static void RequireJsonAccept(ApiContext context, string what)
        {
            foreach (var range in MediaTypes.ParseAccept(context.Http.Request.Headers.Accept))
            {
                if (MediaTypes.Accepts(range, MediaTypes.DicomJson) || range.Type == "application/json") return;
            }
            throw ApiException.NotAcceptable($"{what}: the emulator answers application/dicom+json only (Accept was '{context.Http.Request.Headers.Accept}').");
        }

        private static async Task WriteBytesAsync(HttpContext http, string contentType, byte[] bytes)
        {
            http.Response.ContentType = contentType;
            http.Response.ContentLength = bytes.Length;
            await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        }

        // ---------------------------------------------------------------- Metrics

        private async Task<ApiResult> StoreMetrics(ApiContext context)
        {
            string store = StoreName(context);
            var metrics = await _runtime.Database.ReadAsync(s =>
            {
                if (s.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                return s.Dicom.Metrics(store);
            });
            var json = new JsonObject { ["name"] = store };
            ProtoJson.SetInt64(json, "studyCount", metrics.Studies);
            ProtoJson.SetInt64(json, "seriesCount", metrics.Series);
            ProtoJson.SetInt64(json, "instanceCount", metrics.Instances);
            ProtoJson.SetInt64(json, "structuredStorageSizeBytes", metrics.StructuredBytes);
            ProtoJson.SetInt64(json, "blobStorageSizeBytes", metrics.BlobBytes);
            return ApiResult.Ok(json);
        }

        private async Task<ApiResult> StudyOrSeriesMetrics(ApiContext context, string study, string series)
        {
            string store = StoreName(context);
            var metrics = await _runtime.Database.ReadAsync(s =>
            {
                if (s.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                return s.Dicom.Metrics(store, study, series);
            });
            if (metrics.Instances == 0)
                throw ApiException.NotFound(series == null ? $"Study {study} not found in {store}." : $"Series {series} of study {study} not found in {store}.");
            var json = new JsonObject();
            if (series == null)
            {
                json["study"] = $"{store}/dicomWeb/studies/{study}";
                ProtoJson.SetInt64(json, "seriesCount", metrics.Series);
            }
            else
            {
                json["series"] = $"{store}/dicomWeb/studies/{study}/series/{series}";
            }
            ProtoJson.SetInt64(json, "instanceCount", metrics.Instances);
            ProtoJson.SetInt64(json, "structuredStorageSizeBytes", metrics.StructuredBytes);
            ProtoJson.SetInt64(json, "blobStorageSizeBytes", metrics.BlobBytes);
            return ApiResult.Ok(json);
        }

        // ---------------------------------------------------------------- Delete

        private async Task<ApiResult> DeleteStudyOrSeries(ApiContext context, string study, string series)
        {
            string store = StoreName(context);
            string dataset = context.Path.Prefix(6);
            var now = _runtime.Now;
            var operation = await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                var deleted = session.Dicom.Delete(store, study, series);
                if (deleted.Count == 0)
                    throw ApiException.NotFound(series == null ? $"Study {study} not found in {store}." : $"Series {series} of study {study} not found in {store}.");
                var state = new OperationState
                {
                    ApiMethodName = series == null ? DeleteStudyMethodName : DeleteSeriesMethodName,
                    TotalItems = deleted.Count,
                    Response = new JsonObject { ["@type"] = "type.googleapis.com/google.protobuf.Empty" },
                };
                return (Operation: _runtime.Operations.Start(session, dataset, state, now), Deleted: deleted);
            }, result => _runtime.DicomFiles.DeleteInstances(result.Deleted));
            return ApiResult.Ok(OperationService.Render(operation.Operation, _runtime.Now));
        }

        private async Task<ApiResult> DeleteInstance(ApiContext context, string study, string series, string sop)
        {
            string store = StoreName(context);
            await _runtime.Database.WriteAsync(session =>
            {
                if (session.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                var deleted = session.Dicom.Delete(store, study, series, sop);
                if (deleted.Count == 0) throw ApiException.NotFound($"Instance {sop} of series {series}, study {study} not found in {store}.");
                return deleted;
            }, deleted => _runtime.DicomFiles.DeleteInstances(deleted));
            return ApiResult.Empty();
        }
    }
}
