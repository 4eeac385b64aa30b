using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Gcs
{
    /// <summary>
    /// Buckets and objects of the Cloud Storage JSON API subset (insert/get/list/delete buckets;
    /// get/list/delete/copy/rewrite/download objects). Uploads live in <see cref="GcsUploads"/>.
    /// </summary>
    public sealed class GcsEndpoints
    {
        private const int DefaultPageSize = 1000;
        private static readonly Regex BucketName = new Regex(@"^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$", RegexOptions.CultureInvariant);

        private readonly EmulatorRuntime _runtime;
        private readonly GcsFiles _files;
        private readonly GcsUploads _uploads;

        public GcsEndpoints(EmulatorRuntime runtime, GcsFiles files)
        {
            _runtime = runtime;
            _files = files;
            _uploads = new GcsUploads(runtime, files, this);
        }

        public Task<GcsResult> HandleAsync(GcsRequest request)
        {
            var s = request.Segments;
            string method = request.Method;
            if (s.Count == 0 || s[0] != "b") throw NoRoute(request);

            if (request.Surface == GcsSurface.Upload)
            {
                if (s.Count == 3 && s[2] == "o") return _uploads.HandleAsync(request, s[1]);
                throw NoRoute(request);
            }

            if (request.Surface == GcsSurface.Download)
            {
                if (s.Count >= 4 && s[2] == "o" && (method == "GET" || method == "HEAD")) return DownloadAsync(request, s[1], JoinName(s, 3, s.Count));
                throw NoRoute(request);
            }

            if (s.Count == 1)
            {
                if (method == "GET") return ListBucketsAsync(request);
                if (method == "POST") return InsertBucketAsync(request);
                throw NoRoute(request);
            }
            string bucket = s[1];
            if (s.Count == 2)
            {
                if (method == "GET") return GetBucketAsync(request, bucket);
                if (method == "DELETE") return DeleteBucketAsync(request, bucket);
                throw NoRoute(request);
            }
            if (s[2] != "o") throw NoRoute(request);
            if (s.Count == 3)
            {
                if (method == "GET") return ListObjectsAsync(request, bucket);
                if (method == "POST") throw GcsException.BadRequest("Uploads go to /upload/storage/v1/b/{bucket}/o with uploadType=media, multipart or resumable.", "wrongUrlForUpload");
                throw NoRoute(request);
            }

            if (method == "POST")
            {
                // {object}/copyTo|rewriteTo/b/{bucket}/o/{object}; names normally arrive with %2F, but tolerate raw slashes.
                for (int i = 4; i + 3 < s.Count; i++)
                {
                    if ((s[i] == "copyTo" || s[i] == "rewriteTo") && s[i + 1] == "b" && s[i + 3] == "o" && s.Count > i + 4)
                    {
                        return CopyAsync(request, bucket, JoinName(s, 3, i), s[i + 2], JoinName(s, i + 4, s.Count), rewrite: s[i] == "rewriteTo");
                    }
                }
                throw NoRoute(request);
            }
            string name = JoinName(s, 3, s.Count);
            if (method == "GET" || method == "HEAD")
            {
                return request.Query("alt") == "media" ? DownloadAsync(request, bucket, name) : GetObjectAsync(request, bucket, name);
            }
            if (method == "DELETE") return DeleteObjectAsync(request, bucket, name);
            throw NoRoute(request);
        }

        // ---------------------------------------------------------------- buckets

        private async Task<GcsResult> InsertBucketAsync(GcsRequest request)
        {
            string project = request.Query("project") ?? throw GcsException.BadRequest("Required parameter: project", "required");
            JsonObject body = await ReadJsonAsync(request.Http);
            string name = (string)body["name"] ?? throw GcsException.BadRequest("Required field: name", "required");
            if (!BucketName.IsMatch(name) || name.Length > 63 && !name.Contains('.'))
                throw GcsException.BadRequest($"Invalid bucket name: '{name}'");
            var stored = new JsonObject();
            foreach (string field in new[] { "location", "storageClass", "labels", "locationType" })
            {
                if (body[field] != null) stored[field] = body[field].DeepClone();
            }
            if (stored["location"] is JsonValue location) stored["location"] = ((string)location).ToUpperInvariant();
            var row = await _runtime.Database.WriteAsync(session =>
            {
                if (!session.Gcs.TryInsertBucket(name, project, stored, _runtime.Now))
                    throw GcsException.Conflict("Your previous request to create the named bucket succeeded and you already own it.");
                return session.Gcs.GetBucket(name);
            });
            return GcsResult.Json(GcsJson.Bucket(row, request.BaseUrl));
        }

        private async Task<GcsResult> GetBucketAsync(GcsRequest request, string bucket)
        {
            var row = await _runtime.Database.ReadAsync(session => session.Gcs.GetBucket(bucket)) ?? throw GcsException.NoSuchBucket(bucket);
            return GcsResult.Json(GcsJson.Bucket(row, request.BaseUrl));
        }

        private async Task<GcsResult> ListBucketsAsync(GcsRequest request)
        {
            string project = request.Query("project") ?? throw GcsException.BadRequest("Required parameter: project", "required");
            int pageSize = PageSize(request);
            string after = DecodeToken(request.Query("pageToken"))?.After;
            var rows = await _runtime.Database.ReadAsync(session => session.Gcs.ListBuckets(project, request.Query("prefix"), after, pageSize + 1));
            var items = new JsonArray();
            for (int i = 0; i < rows.Count && i < pageSize; i++) items.Add(GcsJson.Bucket(rows[i], request.BaseUrl));
            var json = new JsonObject { ["kind"] = "storage#buckets" };
            if (rows.Count > pageSize) json["nextPageToken"] = EncodeToken(new PageToken(rows[pageSize - 1].Name, null));
            if (items.Count > 0) json["items"] = items;
            return GcsResult.Json(json);
        }

        private async Task<GcsResult> DeleteBucketAsync(GcsRequest request, string bucket)
        {
            await _runtime.Database.WriteAsync(session =>
            {
                if (session.Gcs.GetBucket(bucket) == null) throw GcsException.NoSuchBucket(bucket);
                if (session.Gcs.BucketHasObjects(bucket)) throw GcsException.Conflict("The bucket you tried to delete is not empty.");
                return session.Gcs.DeleteBucket(bucket);
            });
            return GcsResult.NoContent();
        }

        // ---------------------------------------------------------------- objects

        private async Task<GcsResult> GetObjectAsync(GcsRequest request, string bucket, string name)
        {
            var row = await ReadObjectAsync(request, bucket, name);
            return GcsResult.Json(GcsJson.Object(row, request.BaseUrl));
        }

        private async Task<GcsObjectRow> ReadObjectAsync(GcsRequest request, string bucket, string name)
        {
            var (bucketRow, row) = await _runtime.Database.ReadAsync(session => (session.Gcs.GetBucket(bucket), session.Gcs.GetObject(bucket, name)));
            if (bucketRow == null) throw GcsException.NoSuchBucket(bucket);
            long? generation = request.QueryInt64("generation");
            if (row == null || generation.HasValue && generation.Value != row.Generation) throw GcsException.NoSuchObject(bucket, name);
            CheckPreconditions(request, row);
            return row;
        }

        private async Task<GcsResult> DownloadAsync(GcsRequest request, string bucket, string name)
        {
            var row = await ReadObjectAsync(request, bucket, name);
            long start = 0;
            long length = row.Size;
            int status = 200;
            string range = request.Http.Request.Headers.Range;
            if (!string.IsNullOrEmpty(range) && TryParseRange(range, row.Size, out long from, out long to, out bool satisfiable))
            {
                if (!satisfiable) throw GcsException.RangeNotSatisfiable("Request range not satisfiable");
                start = from;
                length = to - from + 1;
                status = 206;
            }

            FileStream stream;
            try
            {
                stream = new FileStream(_files.ObjectPath(row.File), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (FileNotFoundException)
            {
                // Replaced or deleted between the lookup and the open.
                throw GcsException.NoSuchObject(bucket, name);
            }
            bool head = request.Method == "HEAD";
            return GcsResult.Stream(status, async http =>
            {
                var response = http.Response;
                response.ContentType = row.ContentType;
                response.ContentLength = length;
                // Whole-object hashes. A slice that does not start at byte 0 cannot be checked against
                // them, so they are left out there; from byte 0 they are sent, because the .NET client
                // downloads whole objects in Range chunks and validates the hash it saw first.
                if (start == 0) response.Headers["X-Goog-Hash"] = $"crc32c={row.Crc32c},md5={row.Md5}";
                response.Headers["X-Goog-Generation"] = row.Generation.ToString(CultureInfo.InvariantCulture);
                response.Headers["X-Goog-Metageneration"] = row.Metageneration.ToString(CultureInfo.InvariantCulture);
                response.Headers["X-Goog-Stored-Content-Length"] = row.Size.ToString(CultureInfo.InvariantCulture);
                response.Headers["X-Goog-Stored-Content-Encoding"] = "identity";
                response.Headers.AcceptRanges = "bytes";
                response.Headers.ETag = "\"" + row.Md5 + "\"";
                if (status == 206) response.Headers.ContentRange = $"bytes {start}-{start + length - 1}/{row.Size}";
                if (head || length == 0) return;
                stream.Position = start;
                await CopyRangeAsync(stream, response.Body, length, http.RequestAborted);
            }, stream);
        }

        private async Task<GcsResult> ListObjectsAsync(GcsRequest request, string bucket)
        {
            string prefix = request.Query("prefix") ?? string.Empty;
            string delimiter = request.Query("delimiter");
            int pageSize = PageSize(request);
            var token = DecodeToken(request.Query("pageToken")) ?? new PageToken(null, null);
            string startOffset = request.Query("startOffset");
            string endOffset = request.Query("endOffset");
            bool includeTrailingDelimiter = string.Equals(request.Query("includeTrailingDelimiter"), "true", StringComparison.OrdinalIgnoreCase);

            var result = await _runtime.Database.ReadAsync(session =>
            {
                if (session.Gcs.GetBucket(bucket) == null) throw GcsException.NoSuchBucket(bucket);
                var items = new List<GcsObjectRow>();
                var prefixes = new List<string>();
                string after = token.After;
                string skip = token.Skip;
                string next = null;
                bool full = false;
                while (next == null)
                {
                    var batch = session.Gcs.ListObjects(bucket, prefix, after, 256);
                    if (batch.Count == 0) break;
                    foreach (var row in batch)
                    {
                        after = row.Name;
                        if (skip != null && row.Name.StartsWith(skip, StringComparison.Ordinal)) continue;
                        if (startOffset != null && string.CompareOrdinal(Utf8Key(row.Name), Utf8Key(startOffset)) < 0) continue;
                        if (endOffset != null && string.CompareOrdinal(Utf8Key(row.Name), Utf8Key(endOffset)) >= 0) continue;
                        string rolledUp = null;
                        if (!string.IsNullOrEmpty(delimiter))
                        {
                            int at = row.Name.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                            if (at >= 0) rolledUp = row.Name.Substring(0, at + delimiter.Length);
                        }
                        if (full)
                        {
                            // Something more remains: the page ends before it.
                            next = EncodeToken(new PageToken(token.After, token.Skip));
                            break;
                        }
                        if (rolledUp != null)
                        {
                            prefixes.Add(rolledUp);
                            if (includeTrailingDelimiter && row.Name == rolledUp) items.Add(row);
                            skip = rolledUp;
                        }
                        else
                        {
                            items.Add(row);
                            skip = null;
                        }
                        token = new PageToken(row.Name, skip);
                        if (items.Count + prefixes.Count >= pageSize) full = true;
                    }
                    if (batch.Count < 256) break;
                }
                return (items, prefixes, next);
            });

            var json = new JsonObject { ["kind"] = "storage#objects" };
            if (result.next != null) json["nextPageToken"] = result.next;
            if (result.prefixes.Count > 0)
            {
                var array = new JsonArray();
                foreach (string p in result.prefixes) array.Add(p);
                json["prefixes"] = array;
            }
            if (result.items.Count > 0)
            {
                var array = new JsonArray();
                foreach (var row in result.items) array.Add(GcsJson.Object(row, request.BaseUrl));
                json["items"] = array;
            }
            return GcsResult.Json(json);
        }

        private async Task<GcsResult> DeleteObjectAsync(GcsRequest request, string bucket, string name)
        {
            long? generation = request.QueryInt64("generation");
            await _runtime.Database.WriteAsync(session =>
            {
                if (session.Gcs.GetBucket(bucket) == null) throw GcsException.NoSuchBucket(bucket);
                var row = session.Gcs.GetObject(bucket, name);
                if (row == null || generation.HasValue && generation.Value != row.Generation) throw GcsException.NoSuchObject(bucket, name);
                CheckPreconditions(request, row);
                session.Gcs.DeleteObject(bucket, name);
                return row.File;
            }, file => GcsFiles.TryDelete(_files.ObjectPath(file)));
            return GcsResult.NoContent();
        }

        private async Task<GcsResult> CopyAsync(GcsRequest request, string sourceBucket, string sourceName, string destinationBucket, string destinationName, bool rewrite)
        {
            ValidateObjectName(destinationName);
            JsonObject overrides = await ReadJsonAsync(request.Http);
            var (bucketRow, source) = await _runtime.Database.ReadAsync(session => (session.Gcs.GetBucket(sourceBucket), session.Gcs.GetObject(sourceBucket, sourceName)));
            if (bucketRow == null) throw GcsException.NoSuchBucket(sourceBucket);
            long? sourceGeneration = request.QueryInt64("sourceGeneration");
            if (source == null || sourceGeneration.HasValue && sourceGeneration.Value != source.Generation) throw GcsException.NoSuchObject(sourceBucket, sourceName);

            // Copy the bytes to a temp file first (the source may be replaced meanwhile), then store as any upload.
            string temp = _files.NewTempFile();
            try
            {
                File.Copy(_files.ObjectPath(source.File), temp);
            }
            catch (FileNotFoundException)
            {
                throw GcsException.NoSuchObject(sourceBucket, sourceName);
            }

            // Fields given in the body replace the source's; the others are copied.
            var metadata = new JsonObject();
            foreach (string field in GcsJson.StoredObjectFields)
            {
                JsonNode value = overrides[field] ?? source.Metadata[field];
                if (value != null) metadata[field] = value.DeepClone();
            }
            string contentType = (string)overrides["contentType"] ?? source.ContentType;
            var conditions = Preconditions.From(request, "ifGenerationMatch", "ifGenerationNotMatch", "ifMetagenerationMatch", "ifMetagenerationNotMatch");
            var stored = await StoreAsync(destinationBucket, destinationName, contentType, metadata, temp, conditions, null, request.BaseUrl, null);
            if (!rewrite) return GcsResult.Json(stored);
            return GcsResult.Json(new JsonObject
            {
                ["kind"] = "storage#rewriteResponse",
                ["totalBytesRewritten"] = source.Size.ToString(CultureInfo.InvariantCulture),
                ["objectSize"] = source.Size.ToString(CultureInfo.InvariantCulture),
                ["done"] = true,
                ["resource"] = stored,
            });
        }

        // ---------------------------------------------------------------- shared with uploads

        /// <summary>
        /// Hashes <paramref name="sourceFile"/>, moves it into place as the new live generation of
        /// the object (inside the transaction that records it) and returns the object JSON. The
        /// previous generation's file is removed after the commit. The source file is consumed or deleted.
        /// </summary>
        internal async Task<JsonObject> StoreAsync(string bucket, string name, string contentType, JsonObject metadata, string sourceFile,
            Preconditions conditions, JsonObject expectedHashes, string baseUrl, string uploadId)
        {
            try
            {
                var (size, md5, crc32c) = await GcsFiles.HashFileAsync(sourceFile, default);
                if (expectedHashes != null)
                {
                    if (expectedHashes["md5Hash"] is JsonValue m && (string)m != md5)
                        throw GcsException.BadRequest($"Provided MD5 hash \"{(string)m}\" doesn't match calculated MD5 hash \"{md5}\".");
                    if (expectedHashes["crc32c"] is JsonValue c && (string)c != crc32c)
                        throw GcsException.BadRequest($"Provided CRC32C \"{(string)c}\" doesn't match calculated CRC32C \"{crc32c}\".");
                }
                string fileId = GcsFiles.NewObjectFileId();
                string target = _files.ObjectPath(fileId);
                var (json, oldFile) = await _runtime.Database.WriteAsync(session =>
                {
                    if (session.Gcs.GetBucket(bucket) == null) throw GcsException.NoSuchBucket(bucket);
                    var existing = session.Gcs.GetObject(bucket, name);
                    conditions?.Check(existing);
                    long now = _runtime.Now.UtcTicks;
                    var row = new GcsObjectRow(bucket, name, _files.NextGeneration(_runtime.Now), 1,
                        string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType,
                        size, md5, crc32c, fileId, metadata ?? new JsonObject(), now, now);
                    session.Gcs.PutObject(row);
                    var objectJson = GcsJson.Object(row, baseUrl);
                    if (uploadId != null) session.Gcs.CompleteUpload(uploadId, objectJson);
                    File.Move(sourceFile, target);
                    return (objectJson, existing?.File);
                }, r =>
                {
                    if (r.Item2 != null) GcsFiles.TryDelete(_files.ObjectPath(r.Item2));
                });
                return json;
            }
            finally
            {
                if (uploadId == null) GcsFiles.TryDelete(sourceFile);
            }
        }

        internal static void ValidateObjectName(string name)
        {
            if (string.IsNullOrEmpty(name)) throw GcsException.BadRequest("Required parameter: name", "required");
            if (Encoding.UTF8.GetByteCount(name) > 1024) throw GcsException.BadRequest("The maximum object length is 1024 characters, but got a name with more bytes.");
            if (name.Contains('\r') || name.Contains('\n') || name == "." || name == "..")
                throw GcsException.BadRequest($"Invalid object name: '{name}'");
        }

        internal static async Task<JsonObject> ReadJsonAsync(HttpContext http)
        {
            using var buffer = new MemoryStream();
            try
            {
                await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            }
            catch (InvalidDataException ex)
            {
                throw GcsException.BadRequest("Invalid compressed request body: " + ex.Message, "parseError");
            }
            if (buffer.Length == 0) return new JsonObject();
            try
            {
                buffer.Position = 0;
                return JsonNode.Parse(buffer) as JsonObject ?? throw GcsException.BadRequest("Expected a JSON object.", "parseError");
            }
            catch (JsonException ex)
            {
                throw GcsException.BadRequest("Parse Error: " + ex.Message, "parseError");
            }
        }

        private static void CheckPreconditions(GcsRequest request, GcsObjectRow row) =>
            Preconditions.From(request, "ifGenerationMatch", "ifGenerationNotMatch", "ifMetagenerationMatch", "ifMetagenerationNotMatch").Check(row);

        private static string JoinName(IReadOnlyList<string> segments, int from, int to)
        {
            var parts = new List<string>();
            for (int i = from; i < to; i++) parts.Add(segments[i]);
            string name = string.Join('/', parts);
            ValidateObjectName(name);
            return name;
        }

        private static int PageSize(GcsRequest request)
        {
            long? max = request.QueryInt64("maxResults");
            if (max is null || max <= 0) return DefaultPageSize;
            return (int)Math.Min(max.Value, DefaultPageSize);
        }

        /// <summary>Google orders names by UTF-8 bytes; as UTF-16 strings, surrogates must sort above the BMP for that.</summary>
        private static string Utf8Key(string s) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(s));

        /// <summary>Parses one <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c> range; false for anything else (served whole).</summary>
        internal static bool TryParseRange(string header, long size, out long from, out long to, out bool satisfiable)
        {
            from = to = 0;
            satisfiable = true;
            header = header.Trim();
            if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return false;
            string spec = header.Substring(6).Trim();
            if (spec.Contains(',')) return false;
            int dash = spec.IndexOf('-');
            if (dash < 0) return false;
            string a = spec.Substring(0, dash).Trim(), b = spec.Substring(dash + 1).Trim();
            if (a.Length == 0)
            {
                if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out long suffix)) return false;
                if (suffix == 0 || size == 0) { satisfiable = false; return true; }
                from = Math.Max(0, size - suffix);
                to = size - 1;
                return true;
            }
            if (!long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out from)) return false;
            if (b.Length == 0) to = size - 1;
            else if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out to) || to < from) return false;
            if (from >= size) { satisfiable = false; return true; }
            to = Math.Min(to, size - 1);
            return true;
        }

        private static async Task CopyRangeAsync(Stream source, Stream destination, long count, System.Threading.CancellationToken cancellationToken)
        {
            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                while (count > 0)
                {
                    int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
                    if (read == 0) break;
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    count -= read;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static GcsException NoRoute(GcsRequest request) =>
            GcsException.NotFound($"Not Found: {request.Method} {request.Http.Request.PathBase}{request.Http.Request.Path}");

        private sealed record PageToken(string After, string Skip);

        private static string EncodeToken(PageToken token)
        {
            var json = new JsonObject { ["a"] = token.After, ["s"] = token.Skip };
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        private static PageToken DecodeToken(string text)
        {
            if (text == null) return null;
            try
            {
                string b64 = text.Replace('-', '+').Replace('_', '/');
                b64 += new string('=', (4 - b64.Length % 4) % 4);
                var json = (JsonObject)JsonNode.Parse(Convert.FromBase64String(b64));
                return new PageToken((string)json["a"], (string)json["s"]);
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException || ex is InvalidCastException)
            {
                throw GcsException.BadRequest("Invalid pageToken.");
            }
        }
    }

    /// <summary>ifGenerationMatch / ifGenerationNotMatch / ifMetagenerationMatch / ifMetagenerationNotMatch (412 when not met).</summary>
    internal sealed record Preconditions(long? GenerationMatch, long? GenerationNotMatch, long? MetagenerationMatch, long? MetagenerationNotMatch)
    {
        public static Preconditions From(GcsRequest request, string generationMatch, string generationNotMatch, string metagenerationMatch, string metagenerationNotMatch) =>
            new Preconditions(request.QueryInt64(generationMatch), request.QueryInt64(generationNotMatch),
                request.QueryInt64(metagenerationMatch), request.QueryInt64(metagenerationNotMatch));

        public JsonObject ToJson()
        {
            var json = new JsonObject();
            if (GenerationMatch.HasValue) json["ifGenerationMatch"] = GenerationMatch.Value;
            if (GenerationNotMatch.HasValue) json["ifGenerationNotMatch"] = GenerationNotMatch.Value;
            if (MetagenerationMatch.HasValue) json["ifMetagenerationMatch"] = MetagenerationMatch.Value;
            if (MetagenerationNotMatch.HasValue) json["ifMetagenerationNotMatch"] = MetagenerationNotMatch.Value;
            return json;
        }

        public static Preconditions FromJson(JsonObject json) => json == null ? null : new Preconditions(
            (long?)json["ifGenerationMatch"], (long?)json["ifGenerationNotMatch"], (long?)json["ifMetagenerationMatch"], (long?)json["ifMetagenerationNotMatch"]);

        /// <summary>Throws 412 when a condition fails; a missing object has generation 0.</summary>
        public void Check(GcsObjectRow existing)
        {
            long generation = existing?.Generation ?? 0;
            if (GenerationMatch.HasValue && GenerationMatch.Value != generation)
                throw GcsException.PreconditionFailed("At least one of the pre-conditions you specified did not hold.");
            if (GenerationNotMatch.HasValue && GenerationNotMatch.Value == generation)
                throw GcsException.PreconditionFailed("At least one of the pre-conditions you specified did not hold.");
            if (MetagenerationMatch.HasValue && (existing == null || MetagenerationMatch.Value != existing.Metageneration))
                throw GcsException.PreconditionFailed("At least one of the pre-conditions you specified did not hold.");
            if (MetagenerationNotMatch.HasValue && existing != null && MetagenerationNotMatch.Value == existing.Metageneration)
                throw GcsException.PreconditionFailed("At least one of the pre-conditions you specified did not hold.");
        }
    }
}
