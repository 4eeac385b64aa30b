using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Http;
using HealthcareTools.Client.IO;
using StorageObject = Google.Apis.Storage.v1.Data.Object;

namespace HealthcareTools.Client.Storage
{
    /// <summary>Where Cloud Storage requests go and how they are authorized.</summary>
    public sealed class CloudStorageOptions
    {
        /// <summary>An emulator's base URL ("http://127.0.0.1:8080/"); null = Google. Plain http only for loopback, never
        /// with credentials.</summary>
        public string EmulatorBaseUri { get; set; }
        /// <summary>Credentials for Google (ignored for an emulator).</summary>
        public HealthcareCredential Credential { get; set; }
        /// <summary>Upload chunk size in bytes (a multiple of 256 KiB); null = the client's default (10 MiB).</summary>
        public int? ChunkSize { get; set; }
        /// <summary>Objects of at most this many bytes go up in one request instead of a resumable session (a session
        /// request plus a chunk request); 0 = always resumable. At most (and by default) 1 MiB - 1.</summary>
        public int SingleRequestLimit { get; set; } = CloudStorage.SmallObjectLimit;
        /// <summary>Total attempts per request including the first (at most 20, the HTTP layer's limit): retries on
        /// 408, 425, 429, 500, 502, 503, 504 and, for requests safe to repeat (reads, resumable session starts and
        /// chunks), network errors. Defaults as HealthcareClientOptions.</summary>
        public int MaxAttempts { get; set; } = 8;
        /// <summary>First back-off delay; doubles per retry with jitter, capped at MaxBackOff. Retry-After wins when larger.</summary>
        public TimeSpan InitialBackOff { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan MaxBackOff { get; set; } = TimeSpan.FromSeconds(32);
        /// <summary>Per-attempt timeout (up to the response headers; longer for a request with a body).</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);
        /// <summary>One line per operation and per retry; never tokens, upload session ids or object contents.</summary>
        public Action<string> DebugLog { get; set; }
    }

    /// <summary>One Cloud Storage object.</summary>
    public sealed class StorageObjectInfo
    {
        public string Bucket { get; internal set; }
        public string Name { get; internal set; }
        public long Size { get; internal set; }
        public string ContentType { get; internal set; }
        /// <summary>Base64 MD5 of the content, when the server computed one.</summary>
        public string Md5Hash { get; internal set; }
        public long? Generation { get; internal set; }
        public DateTimeOffset? Updated { get; internal set; }
        public GcsUri Uri => new GcsUri(Bucket, Name);

        internal static StorageObjectInfo From(StorageObject item) => new StorageObjectInfo
        {
            Bucket = item.Bucket,
            Name = item.Name,
            Size = (long)(item.Size ?? 0),
            ContentType = item.ContentType,
            Md5Hash = item.Md5Hash,
            Generation = item.Generation,
            Updated = item.UpdatedDateTimeOffset,
        };
    }

    /// <summary>
    /// The few Cloud Storage operations the module needs (list, upload, download, bucket create), on
    /// Google.Cloud.Storage.V1 with streaming transfers. Thread-safe; Google types stay inside.
    /// </summary>
    public sealed class CloudStorage : IDisposable
    {
        private readonly StorageClient client;
        private readonly Action<string> log;
        private readonly int? chunkSize;
        private readonly int singleRequestLimit;
        /// <summary>".../upload/storage/v1/", next to the service's ".../storage/v1/" (Google's or an emulator's).</summary>
        private readonly Uri uploadRoot;

        /// <summary>
        /// The library's per-request retry handler would wait its own 1 s, 2 s, 4 s… on top of the pipeline's
        /// back-off (ConfigurableMessageHandler runs every handler): the pipeline's RetryHandler is the one policy.
        /// </summary>
        private static readonly RetryOptions OwnRetriesOnly = RetryOptions.Never;

        private CloudStorage(StorageClient client, Action<string> log, int? chunkSize, int singleRequestLimit)
        {
            this.client = client;
            this.log = log;
            this.chunkSize = chunkSize;
            this.singleRequestLimit = singleRequestLimit;
            var service = client.Service.BaseUri;
            var at = service.LastIndexOf("storage/v1/", StringComparison.Ordinal);
            uploadRoot = new Uri(at < 0 ? service : service.Substring(0, at) + "upload/" + service.Substring(at));
        }

        /// <summary>Builds a client for Google (with the credential) or for an emulator (anonymous).</summary>
        public static async Task<CloudStorage> CreateAsync(CloudStorageOptions options, CancellationToken cancellationToken)
        {
            options = options ?? new CloudStorageOptions();
            if (options.MaxAttempts < 1)
            {
                throw new ArgumentException("CloudStorageOptions.MaxAttempts must be at least 1.", nameof(options));
            }
            if (options.SingleRequestLimit < 0 || options.SingleRequestLimit > SmallObjectLimit)
            {
                throw new ArgumentException($"CloudStorageOptions.SingleRequestLimit must be between 0 and {SmallObjectLimit}.", nameof(options));
            }

            var http = new StorageHttpClientFactory(options);
            var builder = new StorageClientBuilder { HttpClientFactory = http };
            if (!string.IsNullOrEmpty(options.EmulatorBaseUri))
            {
                var endpoint = ApiEndpoint.FromValue(options.EmulatorBaseUri, "the Cloud Storage emulator");
                builder.BaseUri = new Uri(endpoint.BaseUri, "storage/v1/").ToString();
                builder.UnauthenticatedAccess = true;
                options.DebugLog?.Invoke($"Cloud Storage: emulator at {endpoint.BaseUri} (no credentials).");
            }
            else
            {
                var credential = options.Credential ?? HealthcareCredential.ApplicationDefault();
                var google = await GoogleCredentialOf(credential, options.DebugLog, cancellationToken).ConfigureAwait(false);
                if (google == null)
                {
                    builder.UnauthenticatedAccess = true;
                }
                else
                {
                    builder.Credential = google;
                }

                options.DebugLog?.Invoke($"Cloud Storage: Google ({credential.Description}).");
            }

            options.DebugLog?.Invoke($"Cloud Storage: up to {http.NumTries} attempt(s) per request, back-off from {options.InitialBackOff.TotalMilliseconds:0} ms.");
            return new CloudStorage(await builder.BuildAsync(cancellationToken).ConfigureAwait(false), options.DebugLog, options.ChunkSize, options.SingleRequestLimit);
        }

        /// <summary>Objects under a prefix, streamed page by page: only the direct children unless <paramref name="recurse"/>.</summary>
        public IEnumerable<StorageObjectInfo> ListObjects(GcsUri prefix, bool recurse, CancellationToken cancellationToken)
        {
            log?.Invoke($"Cloud Storage: list {prefix}{(recurse ? " (recursive)" : string.Empty)}.");
            var options = new ListObjectsOptions { Delimiter = recurse ? null : "/", RetryOptions = OwnRetriesOnly };
            foreach (var item in client.ListObjects(prefix.Bucket, prefix.ObjectName, options))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return StorageObjectInfo.From(item);
            }
        }

        /// <summary>Gets one object's metadata; HealthcareApiException 404 when it does not exist.</summary>
        public async Task<StorageObjectInfo> GetObjectAsync(GcsUri uri, CancellationToken cancellationToken)
        {
            try
            {
                return StorageObjectInfo.From(await client.GetObjectAsync(uri.Bucket, uri.ObjectName, new GetObjectOptions { RetryOptions = OwnRetriesOnly }, cancellationToken).ConfigureAwait(false));
            }
            catch (Google.GoogleApiException ex)
            {
                throw Translate(ex, uri.ToString());
            }
        }

        /// <summary>
        /// The largest object sent in one request (UploadWholeAsync), read whole into a pooled buffer: a resumable
        /// upload takes a session request plus a chunk request per object, and for a stream of unknown length the
        /// client allocates a ChunkSize + 1 buffer (10 MiB by default) per object, so copying thousands of small
        /// DICOM instances churned the large-object heap. 1 MiB - 1, so the pooled buffer is 1 MiB on every runtime.
        /// </summary>
        internal const int SmallObjectLimit = 1024 * 1024 - 1;

        /// <summary>Uploads a stream from its current position: an object of up to SingleRequestLimit bytes in one
        /// request, a larger one (or one of unknown length that turns out larger) resumable in chunks.
        /// <paramref name="progress"/> gets the bytes sent so far.</summary>
        public async Task<StorageObjectInfo> UploadAsync(Stream source, GcsUri destination, string contentType, Action<long> progress, CancellationToken cancellationToken)
        {
            if (source == null)
            {
                throw new ArgumentNullException(nameof(source));
            }
            long? remaining = source.CanSeek ? Math.Max(0, source.Length - source.Position) : (long?)null;
            if (remaining > singleRequestLimit)
            {
                return await UploadStreamAsync(source, destination, contentType, progress, cancellationToken).ConfigureAwait(false);
            }
            // One byte more than fits in one request tells "larger" from "exactly the limit" (a stream may also grow).
            var limit = (int)(remaining ?? singleRequestLimit);
            var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
            try
            {
                var filled = 0;
                int read;
                while (filled <= limit
                    && (read = await source.ReadAsync(buffer, filled, limit + 1 - filled, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }
                if (filled <= limit)
                {
                    var stored = await UploadWholeAsync(buffer, filled, destination, contentType, cancellationToken).ConfigureAwait(false);
                    progress?.Invoke(filled);
                    return stored;
                }
                return await UploadStreamAsync(new PrefixedStream(buffer, 0, filled, source), destination, contentType, progress, cancellationToken)
                    .ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// A small object in one request (uploadType=media) through the client's own HTTP pipeline (credentials,
        /// retries): a resumable upload would take a session request plus a chunk request, and the client would copy
        /// the bytes into a chunk array of their size. Repeating it after a lost response stores the same bytes under
        /// the same name, so it is marked safe to repeat. The stored size and MD5 are checked against what was sent.
        /// </summary>
        private async Task<StorageObjectInfo> UploadWholeAsync(byte[] data, int length, GcsUri destination, string contentType, CancellationToken cancellationToken)
        {
            var uri = new Uri(uploadRoot, "b/" + Uri.EscapeDataString(destination.Bucket) + "/o?uploadType=media&name=" + Uri.EscapeDataString(destination.ObjectName));
            using (var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(data, 0, length) })
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/octet-stream");
                RequestMarkers.AllowNetworkRetry(request);
                using (var response = await client.Service.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    var body = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw ApiErrorParser.Parse((int)response.StatusCode, response.ReasonPhrase, body, destination.ToString());
                    }
                    var item = client.Service.Serializer.Deserialize<StorageObject>(body);
                    var expectedMd5 = Md5Base64(data, length);
                    if ((long)(item.Size ?? 0) != length || (expectedMd5 != null && item.Md5Hash != null && item.Md5Hash != expectedMd5))
                    {
                        throw new IOException($"Cloud Storage stored {destination} with {item.Size} bytes (MD5 {item.Md5Hash}); {length} bytes (MD5 {expectedMd5}) were sent.");
                    }
                    log?.Invoke($"Cloud Storage: uploaded {destination} ({item.Size} bytes, one request).");
                    return StorageObjectInfo.From(item);
                }
            }
        }

        /// <summary>Base64 MD5 as Cloud Storage reports it; null where MD5 is not available (FIPS-only systems).</summary>
        private static string Md5Base64(byte[] data, int length)
        {
            try
            {
                using (var md5 = MD5.Create())
                {
                    return Convert.ToBase64String(md5.ComputeHash(data, 0, length));
                }
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private async Task<StorageObjectInfo> UploadStreamAsync(Stream source, GcsUri destination, string contentType, Action<long> progress, CancellationToken cancellationToken)
        {
            var options = new UploadObjectOptions { ChunkSize = chunkSize };
            var reporter = progress == null ? null : new Progress<Google.Apis.Upload.IUploadProgress>(state => progress(state.BytesSent));
            try
            {
                var item = await client.UploadObjectAsync(destination.Bucket, destination.ObjectName, contentType ?? "application/octet-stream",
                    source, options, cancellationToken, reporter).ConfigureAwait(false);
                log?.Invoke($"Cloud Storage: uploaded {destination} ({item.Size} bytes).");
                return StorageObjectInfo.From(item);
            }
            catch (Google.GoogleApiException ex)
            {
                throw Translate(ex, destination.ToString());
            }
        }

        /// <summary>Downloads an object into a stream (hash-validated by the client); returns its metadata.</summary>
        public async Task<StorageObjectInfo> DownloadAsync(GcsUri source, Stream destination, Action<long> progress, CancellationToken cancellationToken)
        {
            var reporter = progress == null ? null : new Progress<Google.Apis.Download.IDownloadProgress>(state => progress(state.BytesDownloaded));
            try
            {
                var item = await client.DownloadObjectAsync(source.Bucket, source.ObjectName, destination, null, cancellationToken, reporter).ConfigureAwait(false);
                log?.Invoke($"Cloud Storage: downloaded {source} ({item.Size} bytes).");
                return StorageObjectInfo.From(item);
            }
            catch (Google.GoogleApiException ex)
            {
                throw Translate(ex, source.ToString());
            }
        }

        /// <summary>Creates a bucket in a project.</summary>
        public async Task CreateBucketAsync(string project, string bucket, CancellationToken cancellationToken)
        {
            try
            {
                await client.CreateBucketAsync(project, bucket, new CreateBucketOptions { RetryOptions = OwnRetriesOnly }, cancellationToken).ConfigureAwait(false);
            }
            catch (Google.GoogleApiException ex)
            {
                throw Translate(ex, "gs://" + bucket);
            }
        }

        public void Dispose() => client.Dispose();

        private static HealthcareApiException Translate(Google.GoogleApiException ex, string resource)
        {
            var status = (int)ex.HttpStatusCode;
            return new HealthcareApiException(status, StatusName(status), ex.Error?.Message ?? ex.Message, null, resource, ex);
        }

        /// <summary>Cloud Storage's JSON API reports reasons ("notFound"); the module speaks status names, as elsewhere.</summary>
        private static string StatusName(int httpStatus)
        {
            switch (httpStatus)
            {
                case 400: return "INVALID_ARGUMENT";
                case 401: return "UNAUTHENTICATED";
                case 403: return "PERMISSION_DENIED";
                case 404: return "NOT_FOUND";
                case 409: return "ALREADY_EXISTS";
                case 412: return "FAILED_PRECONDITION";
                case 429: return "RESOURCE_EXHAUSTED";
                default: return httpStatus >= 500 ? "UNAVAILABLE" : null;
            }
        }

        /// <summary>The Google credential behind ours (null for none): key files and ADC as loaded, an access token as is.</summary>
        private static async Task<GoogleCredential> GoogleCredentialOf(HealthcareCredential credential, Action<string> log, CancellationToken cancellationToken)
        {
            switch (credential.Kind)
            {
                case HealthcareCredential.KindNone:
                    return null;
                case HealthcareCredential.KindAccessToken:
                    var pointer = IntPtr.Zero;
                    try
                    {
                        pointer = Marshal.SecureStringToGlobalAllocUnicode(credential.AccessToken);
                        return GoogleCredential.FromAccessToken(Marshal.PtrToStringUni(pointer));
                    }
                    finally
                    {
                        if (pointer != IntPtr.Zero)
                        {
                            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                        }
                    }

                default:
                    return (await credential.GetGoogleCredentialAsync(log, cancellationToken).ConfigureAwait(false)).Credential;
            }
        }
    }
}
