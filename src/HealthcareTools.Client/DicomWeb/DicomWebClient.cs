using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using HealthcareTools.Client.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Client.Http;
using HealthcareTools.Client.Json;
using HealthcareTools.Client.Models;

namespace HealthcareTools.Client.DicomWeb
{
    /// <summary>
    /// DICOMweb (QIDO-RS, STOW-RS, WADO-RS, delete) against a Google/emulator DICOM store (from
    /// <see cref="HealthcareClient.GetDicomWebClient"/>) or any DICOMweb base URL (<see cref="Create"/>), with the same
    /// API. Every request goes through the engine pipeline (credentials, retries on 408/425/429/5xx with back-off and
    /// Retry-After, per-attempt timeout, debug log). Bodies stream both ways. Thread-safe.
    /// Errors: HealthcareApiException (Google envelope) or <see cref="DicomWebException"/> (other servers).
    /// </summary>
    public sealed partial class DicomWebClient : IDisposable
    {
        internal const string DicomJsonMediaType = "application/dicom+json";
        private readonly ApiTransport _transport;
        private readonly bool _ownsTransport;
        private readonly Action<string> _log;
        private readonly string _resourceName;

        internal DicomWebClient(ApiTransport transport, bool ownsTransport, Uri baseUri, bool isGoogle, DicomWebOptions options, Action<string> log, string resourceName)
        {
            _transport = transport;
            _ownsTransport = ownsTransport;
            BaseUri = baseUri;
            IsGoogle = isGoogle;
            Options = options ?? new DicomWebOptions();
            _log = log;
            _resourceName = resourceName;
        }

        /// <summary>A client for a DICOMweb base URL ("http://127.0.0.1:8042/dicom-web/"). Plain http only to loopback
        /// hosts (ArgumentException otherwise); no user info in the URL.</summary>
        public static DicomWebClient Create(string baseUrl, DicomWebConnectionOptions options = null)
        {
            options = options ?? new DicomWebConnectionOptions();
            var endpoint = ApiEndpoint.FromValue(baseUrl, "the DICOMweb URL");
            var text = baseUrl.Trim();
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                text = "http://" + text;
            }
            if (!text.EndsWith("/", StringComparison.Ordinal))
            {
                text += "/";
            }
            var baseUri = new Uri(text);
            var transportOptions = new HealthcareClientOptions
            {
                Endpoint = endpoint,
                Credential = options.Credential ?? HealthcareCredential.None(),
                MaxAttempts = Math.Max(1, options.MaxAttempts),
                InitialBackOff = options.InitialBackOff,
                MaxBackOff = options.MaxBackOff,
                RequestTimeout = options.RequestTimeout,
                DebugLog = options.DebugLog,
                UserAgent = options.UserAgent,
            };
            var transport = new ApiTransport(transportOptions, Environment.GetEnvironmentVariable, false);
            return new DicomWebClient(transport, true, baseUri, false, options.DicomWeb, options.DebugLog, baseUri.ToString());
        }

        /// <summary>The DICOMweb root, ending with '/' (".../dicomWeb/", ".../dicom-web/").</summary>
        public Uri BaseUri { get; }
        /// <summary>True for a Google/emulator store (errors use the Google envelope; deletes return operations).</summary>
        public bool IsGoogle { get; }
        public DicomWebOptions Options { get; }

        public void Dispose()
        {
            if (_ownsTransport)
            {
                _transport.Dispose();
            }
        }

        // ---------- paths ----------

        internal static string Uid(string uid, string what)
        {
            if (string.IsNullOrWhiteSpace(uid))
            {
                throw new ArgumentException($"The {what} UID is empty.", what);
            }
            return Uri.EscapeDataString(uid.Trim());
        }

        internal static string PathOf(string study, string series = null, string instance = null)
        {
            var path = "studies/" + Uid(study, "StudyInstanceUID");
            if (series != null)
            {
                path += "/series/" + Uid(series, "SeriesInstanceUID");
                if (instance != null)
                {
                    path += "/instances/" + Uid(instance, "SOPInstanceUID");
                }
            }
            else if (instance != null)
            {
                throw new ArgumentException("An instance needs its series UID.", nameof(instance));
            }
            return path;
        }

        // ---------- HTTP ----------

        internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, string accept, HttpContent content,
            bool safeToRepeat, CancellationToken cancellationToken, HttpRequestMessage[] sent = null)
        {
            var message = new HttpRequestMessage(method, new Uri(BaseUri, relative));
            if (accept != null)
            {
                message.Headers.TryAddWithoutValidation("Accept", accept);
            }
            message.Content = content;
            if (sent != null)
            {
                sent[0] = message;
            }
            try
            {
                return await _transport.SendStreamingAsync(message, safeToRepeat, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                message.Dispose();
                throw;
            }
        }

        /// <summary>Reads at most 64 KiB of an error body as text.</summary>
        internal static async Task<string> ReadTextAsync(HttpResponseMessage response, int limit = 64 * 1024)
        {
            if (response.Content == null)
            {
                return string.Empty;
            }
            using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var text = new MemoryStream())
            {
                // Grows with the body (a STOW response is small), never beyond the limit.
                var buffer = new byte[Math.Min(limit, 16 * 1024)];
                int read;
                while (text.Length < limit && (read = await stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, limit - text.Length)).ConfigureAwait(false)) > 0)
                {
                    text.Write(buffer, 0, read);
                }
                return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
            }
        }

        internal Exception ErrorFrom(int status, string reason, string body, string url)
        {
            var parsed = ApiErrorParser.Parse(status, reason, body, IsGoogle ? _resourceName : url);
            if (IsGoogle || parsed.DetailsJson.Count > 0 || LooksLikeEnvelope(body))
            {
                return parsed;
            }
            var excerpt = ApiErrorParser.Excerpt(body);
            var text = string.IsNullOrEmpty(reason) ? "(no status text)" : reason;
            if (status == 404)
            {
                text = "not found" + (excerpt.Length > 0 ? " (" + excerpt + ")" : string.Empty);
            }
            else if (excerpt.Length > 0)
            {
                text += ": " + excerpt;
            }
            return new DicomWebException(status, ApiErrorParser.StatusNameForHttp(status), text, url);
        }

        private static bool LooksLikeEnvelope(string body) =>
            !string.IsNullOrEmpty(body) && body.TrimStart().StartsWith("{", StringComparison.Ordinal) && body.Contains("\"error\"");

        internal async Task ThrowIfFailedAsync(HttpResponseMessage response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            var body = await ReadTextAsync(response).ConfigureAwait(false);
            throw ErrorFrom((int)response.StatusCode, response.ReasonPhrase, body, response.RequestMessage?.RequestUri?.ToString());
        }

        // ---------- QIDO-RS ----------

        /// <summary>SearchForStudies, auto-paged: results stream as each page arrives (blocking enumerator for
        /// single-threaded consumers such as the PowerShell pipeline).</summary>
        public IEnumerable<DicomDataset> SearchStudies(DicomWebQuery query, CancellationToken cancellationToken) =>
            Enumerate("studies", 100, query, cancellationToken);

        /// <summary>SearchForSeries of one study, or of all studies when <paramref name="studyInstanceUid"/> is null.</summary>
        public IEnumerable<DicomDataset> SearchSeries(string studyInstanceUid, DicomWebQuery query, CancellationToken cancellationToken) =>
            Enumerate(studyInstanceUid == null ? "series" : PathOf(studyInstanceUid) + "/series", 100, query, cancellationToken);

        /// <summary>SearchForInstances: all (both UIDs null), of a study, or of a series (both UIDs).</summary>
        public IEnumerable<DicomDataset> SearchInstances(string studyInstanceUid, string seriesInstanceUid, DicomWebQuery query, CancellationToken cancellationToken)
        {
            string path;
            if (studyInstanceUid == null)
            {
                if (seriesInstanceUid != null)
                {
                    throw new ArgumentException("A series UID needs its study UID.", nameof(seriesInstanceUid));
                }
                path = "instances";
            }
            else
            {
                path = PathOf(studyInstanceUid, seriesInstanceUid) + "/instances";
            }
            return Enumerate(path, 1000, query, cancellationToken, googleMax: 50000);
        }

        /// <summary>One QIDO request ({level path}?…&amp;limit&amp;offset). 204 and an empty body give an empty list.</summary>
        public async Task<IReadOnlyList<DicomDataset>> SearchPageAsync(string relativePath, DicomWebQuery query, int offset, int? limit, CancellationToken cancellationToken)
        {
            var url = relativePath + BuildQueryString(query ?? new DicomWebQuery(), offset, limit);
            using (var response = await SendAsync(HttpMethod.Get, url, DicomJsonMediaType, null, true, cancellationToken).ConfigureAwait(false))
            {
                await ThrowIfFailedAsync(response).ConfigureAwait(false);
                return await ReadDatasetsAsync(response).ConfigureAwait(false);
            }
        }

        /// <summary>Reads an array of datasets; 204, an empty or all-whitespace body give an empty list.</summary>
        internal static async Task<IReadOnlyList<DicomDataset>> ReadDatasetsAsync(HttpResponseMessage response)
        {
            if ((int)response.StatusCode == 204 || response.Content == null)
            {
                return new DicomDataset[0];
            }
            using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                var first = new byte[1];
                int read;
                while ((read = await stream.ReadAsync(first, 0, 1).ConfigureAwait(false)) == 1
                    && (first[0] == ' ' || first[0] == '\r' || first[0] == '\n' || first[0] == '\t'))
                {
                }
                if (read <= 0)
                {
                    return new DicomDataset[0];
                }
                using (var whole = new PrefixedStream(first, stream))
                {
                    return DicomJson.DeserializeArray(whole);
                }
            }
        }

        private IEnumerable<DicomDataset> Enumerate(string path, int levelDefault, DicomWebQuery query, CancellationToken cancellationToken, int googleMax = 5000)
        {
            query = query ?? new DicomWebQuery();
            var pageSize = query.PageSize ?? (Options.DefaultPageSize > 0 ? Options.DefaultPageSize : levelDefault);
            if (pageSize < 1)
            {
                throw new ArgumentException("The QIDO page size must be at least 1.", nameof(query));
            }
            if (IsGoogle && pageSize > googleMax)
            {
                // Google's maximum limit: 5,000 studies/series, 50,000 instances (more is a 400).
                pageSize = googleMax;
            }
            return EnumeratePages(path, pageSize, query, cancellationToken);
        }

        private IEnumerable<DicomDataset> EnumeratePages(string path, int pageSize, DicomWebQuery query, CancellationToken cancellationToken)
        {
            var offset = Math.Max(0, query.Offset);
            var returned = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var limit = pageSize;
                if (query.MaxResults.HasValue)
                {
                    limit = Math.Min(limit, query.MaxResults.Value - returned);
                    if (limit <= 0)
                    {
                        yield break;
                    }
                }
                var page = SearchPageAsync(path, query, offset, limit, cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult();
                foreach (var dataset in page)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    returned++;
                    yield return dataset;
                }
                // No Warning header tells that more exist: a short or empty page is the end.
                if (page.Count < limit || page.Count == 0)
                {
                    yield break;
                }
                offset += page.Count;
            }
        }

        internal static string BuildQueryString(DicomWebQuery query, int offset, int? limit)
        {
            var pairs = new List<string>();
            foreach (var match in query.MatchKeys ?? new Dictionary<string, string>())
            {
                pairs.Add(Escape(QueryKey(match.Key)) + "=" + Escape(match.Value ?? string.Empty));
            }
            if (query.IncludeAllFields)
            {
                pairs.Add("includefield=all");
            }
            else if (query.IncludeFields != null && query.IncludeFields.Count > 0)
            {
                pairs.Add("includefield=" + string.Join(",", query.IncludeFields.Select(field => Escape(QueryKey(field)))));
            }
            if (query.FuzzyMatching)
            {
                pairs.Add("fuzzymatching=true");
            }
            if (limit.HasValue)
            {
                pairs.Add("limit=" + limit.Value.ToString(CultureInfo.InvariantCulture));
            }
            if (offset > 0)
            {
                pairs.Add("offset=" + offset.ToString(CultureInfo.InvariantCulture));
            }
            return pairs.Count == 0 ? string.Empty : "?" + string.Join("&", pairs);
        }

        /// <summary>A keyword stays a keyword (both Google and Orthanc take them); a tag is sent as GGGGEEEE. Unknown
        /// keywords are an ArgumentException before any request.</summary>
        internal static string QueryKey(string key)
        {
            if (!DicomTag.TryParse(key, out var tag))
            {
                throw new ArgumentException($"'{key}' is neither a DICOM keyword nor a tag (GGGGEEEE or (GGGG,EEEE)).", nameof(key));
            }
            return tag.Keyword ?? tag.ToJsonKey();
        }

        /// <summary>Percent-encodes a query key or value, but keeps the QIDO wildcards '*', '?' and the UID-list comma literal: all are legal in a
        /// query component, and some servers (Orthanc 1.10) match "%2A" as a literal star instead of decoding it.</summary>
        internal static string Escape(string text) => Uri.EscapeDataString(text).Replace("%2A", "*").Replace("%3F", "?").Replace("%2C", ",");

        // ---------- metadata ----------

        /// <summary>RetrieveMetadata of a study, series or instance: one dataset per instance, bulk data kept as
        /// BulkDataURI (DicomElement.BulkDataUri).</summary>
        public async Task<IReadOnlyList<DicomDataset>> RetrieveMetadataAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid, CancellationToken cancellationToken)
        {
            var path = PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid) + "/metadata";
            using (var response = await SendAsync(HttpMethod.Get, path, DicomJsonMediaType, null, true, cancellationToken).ConfigureAwait(false))
            {
                await ThrowIfFailedAsync(response).ConfigureAwait(false);
                return await ReadDatasetsAsync(response).ConfigureAwait(false);
            }
        }

        // ---------- delete ----------

        /// <summary>DeleteStudy. Google: an Operation (LRO). Orthanc's DICOMweb plugin has no DELETE (405): the study is
        /// then deleted through Orthanc's REST API (/tools/lookup + DELETE) one level above the DICOMweb root.</summary>
        public Task<DicomWebDeleteResult> DeleteStudyAsync(string studyInstanceUid, CancellationToken cancellationToken) =>
            DeleteAsync(PathOf(studyInstanceUid), studyInstanceUid, cancellationToken);

        public Task<DicomWebDeleteResult> DeleteSeriesAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken) =>
            DeleteAsync(PathOf(studyInstanceUid, seriesInstanceUid), seriesInstanceUid, cancellationToken);

        /// <summary>DeleteInstance (synchronous on Google: empty 200).</summary>
        public Task<DicomWebDeleteResult> DeleteInstanceAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid, CancellationToken cancellationToken) =>
            DeleteAsync(PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid), sopInstanceUid, cancellationToken);

        private async Task<DicomWebDeleteResult> DeleteAsync(string path, string uid, CancellationToken cancellationToken)
        {
            using (var response = await SendAsync(HttpMethod.Delete, path, "application/json", null, true, cancellationToken).ConfigureAwait(false))
            {
                var status = (int)response.StatusCode;
                if (status == 405 && !IsGoogle)
                {
                    return await DeleteThroughOrthancRestAsync(path, uid, cancellationToken).ConfigureAwait(false);
                }
                await ThrowIfFailedAsync(response).ConfigureAwait(false);
                var body = await ReadTextAsync(response, 1024 * 1024).ConfigureAwait(false);
                var result = new DicomWebDeleteResult { HttpStatus = status, Method = "dicomweb" };
                if (!string.IsNullOrWhiteSpace(body) && body.TrimStart().StartsWith("{", StringComparison.Ordinal))
                {
                    try
                    {
                        var json = JsonText.ParseObject(body);
                        if (json["name"] != null && (json["done"] != null || json["metadata"] != null || json["name"].ToString().Contains("/operations/")))
                        {
                            result.Operation = ModelJson.ToOperation(json);
                        }
                    }
                    catch (Newtonsoft.Json.JsonException)
                    {
                        // Not JSON we know: the status decided.
                    }
                }
                return result;
            }
        }

        private async Task<DicomWebDeleteResult> DeleteThroughOrthancRestAsync(string path, string uid, CancellationToken cancellationToken)
        {
            // Orthanc REST root = the DICOMweb root's parent ("http://h:8042/dicom-web/" → "http://h:8042/").
            var root = new Uri(BaseUri, "../");
            _log?.Invoke($"DICOMweb DELETE answered 405; trying Orthanc's REST API at {root}.");
            var lookupUri = new Uri(root, "tools/lookup");
            string orthancPath = null;
            using (var lookup = new HttpRequestMessage(HttpMethod.Post, lookupUri) { Content = new StringContent(uid.Trim(), Encoding.ASCII, "text/plain") })
            using (var response = await _transport.SendStreamingAsync(lookup, true, cancellationToken).ConfigureAwait(false))
            {
                var body = await ReadTextAsync(response).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new DicomWebException(405, "UNIMPLEMENTED", "the server does not support DICOMweb DELETE and its Orthanc REST lookup failed: HTTP " + (int)response.StatusCode, new Uri(BaseUri, path).ToString());
                }
                var expectedType = path.Contains("/instances/") ? "Instance" : path.Contains("/series/") ? "Series" : "Study";
                if (JsonText.Parse(body) is Newtonsoft.Json.Linq.JArray matches)
                {
                    foreach (var match in matches.OfType<Newtonsoft.Json.Linq.JObject>())
                    {
                        if (string.Equals(ModelJson.Str(match, "Type"), expectedType, StringComparison.OrdinalIgnoreCase))
                        {
                            orthancPath = ModelJson.Str(match, "Path");
                        }
                    }
                }
            }
            if (string.IsNullOrEmpty(orthancPath))
            {
                throw new DicomWebException(404, "NOT_FOUND", "not found", new Uri(BaseUri, path).ToString());
            }
            using (var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(root, orthancPath.TrimStart('/'))))
            using (var response = await _transport.SendStreamingAsync(delete, true, cancellationToken).ConfigureAwait(false))
            {
                await ThrowIfFailedAsync(response).ConfigureAwait(false);
                return new DicomWebDeleteResult { HttpStatus = (int)response.StatusCode, Method = "orthanc-rest" };
            }
        }
    }
}
