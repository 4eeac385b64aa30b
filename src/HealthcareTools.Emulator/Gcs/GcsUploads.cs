using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HealthcareTools.Emulator.Gcs
{
    /// <summary>
    /// <c>/upload/storage/v1/b/{bucket}/o</c>: <c>uploadType=media</c>, <c>multipart</c> and
    /// <c>resumable</c> (session start, chunk PUTs with Content-Range, status queries). Bodies go
    /// straight to files; a resumable session's bytes live in <c>gcs/uploads/{id}.part</c> and its
    /// state in gcs_uploads, so sessions survive restarts and a finished session keeps answering
    /// its object (a retried final chunk whose answer was lost gets 200 again).
    /// </summary>
    public sealed class GcsUploads
    {
        private readonly EmulatorRuntime _runtime;
        private readonly GcsFiles _files;
        private readonly GcsEndpoints _objects;
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _sessionLocks = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        public GcsUploads(EmulatorRuntime runtime, GcsFiles files, GcsEndpoints objects)
        {
            _runtime = runtime;
            _files = files;
            _objects = objects;
        }

        public Task<GcsResult> HandleAsync(GcsRequest request, string bucket)
        {
            string uploadId = request.Query("upload_id");
            if (uploadId != null)
            {
                if (request.Method == "PUT" || request.Method == "POST") return PutChunkAsync(request, uploadId);
                if (request.Method == "DELETE") return CancelAsync(request, uploadId);
                throw GcsException.NotFound("Unsupported method on an upload session.");
            }
            if (request.Method != "POST") throw GcsException.NotFound($"Not Found: {request.Method} on an upload URL.");
            return request.Query("uploadType") switch
            {
                "resumable" => StartResumableAsync(request, bucket),
                "multipart" => MultipartAsync(request, bucket),
                "media" => MediaAsync(request, bucket),
                null => throw GcsException.BadRequest("Required parameter: uploadType", "required"),
                string other => throw GcsException.BadRequest($"Invalid uploadType: {other}"),
            };
        }

        // ---------------------------------------------------------------- single-request uploads

        private async Task<GcsResult> MediaAsync(GcsRequest request, string bucket)
        {
            string name = request.Query("name");
            GcsEndpoints.ValidateObjectName(name);
            string temp = await ReceiveToTempAsync(request.Http.Request.Body, request.Http.RequestAborted);
            string contentType = request.Http.Request.ContentType;
            var json = await _objects.StoreAsync(bucket, name, contentType, new JsonObject(), temp, Conditions(request), null, request.BaseUrl, null);
            return GcsResult.Json(json);
        }

        private async Task<GcsResult> MultipartAsync(GcsRequest request, string bucket)
        {
            string boundary = null;
            if (MediaTypeHeaderValue.TryParse(request.Http.Request.ContentType, out var mediaType) &&
                mediaType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
            {
                boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
            }
            if (string.IsNullOrEmpty(boundary)) throw GcsException.BadRequest("Multipart uploads need Content-Type: multipart/related; boundary=...");

            var reader = new MultipartReader(boundary, request.Http.Request.Body);
            JsonObject resource;
            string temp;
            string partType;
            try
            {
                var first = await reader.ReadNextSectionAsync(request.Http.RequestAborted) ?? throw GcsException.BadRequest("Multipart body has no metadata part.");
                using (var buffer = new MemoryStream())
                {
                    await first.Body.CopyToAsync(buffer, request.Http.RequestAborted);
                    buffer.Position = 0;
                    resource = buffer.Length == 0 ? new JsonObject() : JsonNode.Parse(buffer) as JsonObject ?? throw GcsException.BadRequest("Metadata part is not a JSON object.");
                }
                var second = await reader.ReadNextSectionAsync(request.Http.RequestAborted) ?? throw GcsException.BadRequest("Multipart body has no media part.");
                partType = second.ContentType;
                temp = await ReceiveToTempAsync(second.Body, request.Http.RequestAborted);
            }
            catch (IOException ex) when (!request.Http.RequestAborted.IsCancellationRequested)
            {
                throw GcsException.BadRequest("Malformed multipart body: " + ex.Message);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw GcsException.BadRequest("Parse Error in the metadata part: " + ex.Message, "parseError");
            }
            string name = (string)resource["name"] ?? request.Query("name");
            try
            {
                GcsEndpoints.ValidateObjectName(name);
            }
            catch
            {
                GcsFiles.TryDelete(temp);
                throw;
            }
            var json = await _objects.StoreAsync(bucket, name, (string)resource["contentType"] ?? partType, StoredFields(resource), temp,
                Conditions(request), resource, request.BaseUrl, null);
            return GcsResult.Json(json);
        }

        // ---------------------------------------------------------------- resumable

        private async Task<GcsResult> StartResumableAsync(GcsRequest request, string bucket)
        {
            JsonObject resource = await GcsEndpoints.ReadJsonAsync(request.Http);
            string name = (string)resource["name"] ?? request.Query("name");
            GcsEndpoints.ValidateObjectName(name);
            string contentType = (string)resource["contentType"] ?? NullIfEmpty(request.Http.Request.Headers["X-Upload-Content-Type"]);
            var conditions = Conditions(request);
            string id = Guid.NewGuid().ToString("N");
            var state = new JsonObject
            {
                ["contentType"] = contentType,
                ["fields"] = StoredFields(resource),
                ["conditions"] = conditions.ToJson(),
            };
            if (resource["md5Hash"] != null) state["md5Hash"] = resource["md5Hash"].DeepClone();
            if (resource["crc32c"] != null) state["crc32c"] = resource["crc32c"].DeepClone();

            await File.WriteAllBytesAsync(_files.UploadFile(id), Array.Empty<byte>());
            try
            {
                await _runtime.Database.WriteAsync(session =>
                {
                    if (session.Gcs.GetBucket(bucket) == null) throw GcsException.NoSuchBucket(bucket);
                    session.Gcs.InsertUpload(new GcsUploadRow(id, bucket, name, state, null, _runtime.Now.UtcTicks));
                    return true;
                });
            }
            catch
            {
                GcsFiles.TryDelete(_files.UploadFile(id));
                throw;
            }
            string location = $"{request.BaseUrl}upload/storage/v1/b/{GcsJson.Segment(bucket)}/o?uploadType=resumable&name={GcsJson.Segment(name)}&upload_id={id}";
            return GcsResult.NoContent(200, response =>
            {
                response.Headers.Location = location;
                response.Headers["X-GUploader-UploadID"] = id;
            });
        }

        private async Task<GcsResult> PutChunkAsync(GcsRequest request, string uploadId)
        {
            var range = ContentRange.Parse(request.Http.Request.Headers.ContentRange, request.Http.Request.ContentLength);
            var gate = _sessionLocks.GetOrAdd(uploadId, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(request.Http.RequestAborted);
            try
            {
                var upload = await _runtime.Database.ReadAsync(session => session.Gcs.GetUpload(uploadId))
                    ?? throw GcsException.NotFound("No such upload session.");
                if (upload.Result != null) return GcsResult.Json(upload.Result);

                string path = _files.UploadFile(uploadId);
                var info = new FileInfo(path);
                if (!info.Exists) throw GcsException.NotFound("No such upload session (its data is gone).");
                long received = info.Length;
                if (range.HasBytes)
                {
                    if (range.First > received)
                    {
                        // A gap: tell the client what we have so it resends from there.
                        return Incomplete(received);
                    }
                    long expected = range.Last - range.First + 1;
                    long written = 0;
                    await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous))
                    {
                        file.Position = range.First;
                        try
                        {
                            written = await CopyAsync(request.Http.Request.Body, file, request.Http.RequestAborted);
                            await file.FlushAsync(request.Http.RequestAborted);
                        }
                        catch (Exception)
                        {
                            // A chunk is kept whole or not at all.
                            file.SetLength(range.First);
                            throw;
                        }
                        if (written != expected)
                        {
                            file.SetLength(range.First);
                            throw GcsException.BadRequest($"Content-Range covers {expected} bytes but the body had {written}.");
                        }
                        file.SetLength(range.First + written);
                    }
                    received = range.First + written;
                }

                if (range.Total.HasValue)
                {
                    if (received > range.Total.Value) throw GcsException.BadRequest($"Received {received} bytes, more than the declared total {range.Total.Value}.");
                    if (received == range.Total.Value) return await FinishAsync(request, upload, path);
                }
                return Incomplete(received);
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task<GcsResult> FinishAsync(GcsRequest request, GcsUploadRow upload, string path)
        {
            var state = upload.Metadata;
            var hashes = new JsonObject();
            if (state["md5Hash"] != null) hashes["md5Hash"] = state["md5Hash"].DeepClone();
            if (state["crc32c"] != null) hashes["crc32c"] = state["crc32c"].DeepClone();
            var json = await _objects.StoreAsync(upload.Bucket, upload.Name, (string)state["contentType"], state["fields"] as JsonObject ?? new JsonObject(),
                path, Preconditions.FromJson(state["conditions"] as JsonObject), hashes.Count > 0 ? hashes : null, request.BaseUrl, upload.Id);
            return GcsResult.Json(json);
        }

        private async Task<GcsResult> CancelAsync(GcsRequest request, string uploadId)
        {
            var gate = _sessionLocks.GetOrAdd(uploadId, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(request.Http.RequestAborted);
            try
            {
                await _runtime.Database.WriteAsync(session =>
                {
                    var upload = session.Gcs.GetUpload(uploadId) ?? throw GcsException.NotFound("No such upload session.");
                    if (upload.Result != null) throw GcsException.BadRequest("The upload session has already finished.");
                    return session.Gcs.DeleteUpload(uploadId);
                }, _ => GcsFiles.TryDelete(_files.UploadFile(uploadId)));
            }
            finally
            {
                gate.Release();
            }
            return GcsResult.Json(GcsJson.Error(499, "clientClosedRequest", "Upload cancelled."), 499);
        }

        /// <summary>308 Resume Incomplete with <c>Range: bytes=0-N</c> (no Range while nothing was received).</summary>
        private static GcsResult Incomplete(long received) => GcsResult.NoContent(308, response =>
        {
            if (received > 0) response.Headers.Range = $"bytes=0-{(received - 1).ToString(CultureInfo.InvariantCulture)}";
        });

        // ---------------------------------------------------------------- helpers

        private static Preconditions Conditions(GcsRequest request) =>
            Preconditions.From(request, "ifGenerationMatch", "ifGenerationNotMatch", "ifMetagenerationMatch", "ifMetagenerationNotMatch");

        private static JsonObject StoredFields(JsonObject resource)
        {
            var fields = new JsonObject();
            foreach (string field in GcsJson.StoredObjectFields)
            {
                if (resource[field] != null) fields[field] = resource[field].DeepClone();
            }
            return fields;
        }

        private static string NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

        private async Task<string> ReceiveToTempAsync(Stream body, CancellationToken cancellationToken)
        {
            string temp = _files.NewTempFile();
            try
            {
                await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await CopyAsync(body, file, cancellationToken);
            }
            catch
            {
                GcsFiles.TryDelete(temp);
                throw;
            }
            return temp;
        }

        private static async Task<long> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
        {
            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            long total = 0;
            try
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, buffer.Length), cancellationToken)) > 0)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    total += read;
                }
            }
            catch (InvalidDataException ex)
            {
                throw GcsException.BadRequest("Invalid compressed request body: " + ex.Message);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
            return total;
        }
    }

    /// <summary>
    /// A resumable-upload <c>Content-Range</c>: <c>bytes a-b/*</c>, <c>bytes a-b/total</c>,
    /// <c>bytes */total</c> or <c>bytes */*</c> (status query). Absent with an empty body = status query.
    /// </summary>
    internal readonly record struct ContentRange(bool HasBytes, long First, long Last, long? Total)
    {
        public static ContentRange Parse(string header, long? contentLength)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                if (contentLength.GetValueOrDefault() == 0) return new ContentRange(false, 0, 0, null);
                throw GcsException.BadRequest("A resumable upload chunk needs a Content-Range header.");
            }
            string text = header.Trim();
            if (!text.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase)) throw Bad(header);
            text = text.Substring(6).Trim();
            int slash = text.IndexOf('/');
            if (slash < 0) throw Bad(header);
            string span = text.Substring(0, slash).Trim(), totalText = text.Substring(slash + 1).Trim();
            long? total = null;
            if (totalText != "*")
            {
                if (!long.TryParse(totalText, NumberStyles.None, CultureInfo.InvariantCulture, out long t)) throw Bad(header);
                total = t;
            }
            if (span == "*") return new ContentRange(false, 0, 0, total);
            int dash = span.IndexOf('-');
            if (dash <= 0 ||
                !long.TryParse(span.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out long first) ||
                !long.TryParse(span.Substring(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long last) ||
                last < first || total.HasValue && last >= total.Value)
            {
                throw Bad(header);
            }
            return new ContentRange(true, first, last, total);
        }

        private static GcsException Bad(string header) => GcsException.BadRequest($"Invalid Content-Range: {header}");
    }
}
