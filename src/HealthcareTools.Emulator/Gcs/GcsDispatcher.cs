using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace HealthcareTools.Emulator.Gcs
{
    /// <summary>Which URL family a Cloud Storage request came in on.</summary>
    public enum GcsSurface
    {
        /// <summary><c>/storage/v1/...</c>: metadata (and <c>alt=media</c> downloads).</summary>
        Storage,

        /// <summary><c>/upload/storage/v1/...</c>: media, multipart and resumable uploads.</summary>
        Upload,

        /// <summary><c>/download/storage/v1/...</c>: media downloads.</summary>
        Download,

        /// <summary><c>/b/...</c>: the metadata surface without <c>/storage/v1</c>, where emulator detection points the .NET client.</summary>
        Root,
    }

    /// <summary>One Cloud Storage request: the surface, the percent-decoded path segments after <c>.../storage/v1/</c>, the query.</summary>
    public sealed class GcsRequest
    {
        public GcsRequest(HttpContext http, GcsSurface surface, IReadOnlyList<string> segments)
        {
            Http = http;
            Surface = surface;
            Segments = segments;
            BaseUrl = $"{http.Request.Scheme}://{http.Request.Host}/";
        }

        public HttpContext Http { get; }
        public GcsSurface Surface { get; }
        public IReadOnlyList<string> Segments { get; }
        public string Method => Http.Request.Method;

        /// <summary>http://host:port/ as the client addressed us, for selfLink and mediaLink.</summary>
        public string BaseUrl { get; }

        public string Query(string name)
        {
            string value = Http.Request.Query[name];
            return string.IsNullOrEmpty(value) ? null : value;
        }

        public long? QueryInt64(string name)
        {
            string text = Query(name);
            if (text == null) return null;
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
                throw GcsException.BadRequest($"Invalid value for {name}: {text}");
            return value;
        }
    }

    /// <summary>A JSON answer, or a writer that sets headers and streams the body.</summary>
    public sealed class GcsResult
    {
        private GcsResult(int statusCode, JsonNode body, Func<HttpContext, Task> writer, IDisposable resource)
        {
            StatusCode = statusCode;
            Body = body;
            Writer = writer;
            Resource = resource;
        }

        public int StatusCode { get; }
        public JsonNode Body { get; }
        public Func<HttpContext, Task> Writer { get; }

        /// <summary>Disposed once the answer is written or dropped (an open object file).</summary>
        public IDisposable Resource { get; }

        public static GcsResult Json(JsonNode body, int statusCode = 200) => new GcsResult(statusCode, body, null, null);

        public static GcsResult Stream(int statusCode, Func<HttpContext, Task> writer, IDisposable resource = null) =>
            new GcsResult(statusCode, null, writer, resource);

        /// <summary>No body (204 for deletes; 308 for resumable chunks).</summary>
        public static GcsResult NoContent(int statusCode = 204, Action<HttpResponse> headers = null) => new GcsResult(statusCode, null, http =>
        {
            headers?.Invoke(http.Response);
            http.Response.ContentLength = 0;
            return Task.CompletedTask;
        }, null);
    }

    /// <summary>
    /// Entry point for <c>/storage/v1</c>, <c>/upload/storage/v1</c> and <c>/download/storage/v1</c>:
    /// the same fault injection as <c>/v1</c> (errors before any processing, drops after it), path
    /// splitting on the raw request target (so <c>%2F</c> inside an object name stays part of the
    /// name), routing, and Google's storage error envelope.
    /// </summary>
    public sealed class GcsDispatcher
    {
        private readonly GcsEndpoints _endpoints;
        private readonly FaultInjector _faults;
        private readonly ILogger _logger;

        public GcsDispatcher(GcsEndpoints endpoints, FaultInjector faults, ILogger logger)
        {
            _endpoints = endpoints;
            _faults = faults;
            _logger = logger;
        }

        public RequestDelegate Handler(GcsSurface surface) => http => HandleAsync(http, surface);

        public async Task HandleAsync(HttpContext http, GcsSurface surface)
        {
            var plan = _faults.Plan();
            if (plan.LatencyMs > 0) await Task.Delay(plan.LatencyMs, http.RequestAborted);
            if (plan.ErrorStatus != 0)
            {
                _faults.RecordFault();
                // Read and discard the body first: answering while a chunk is still arriving makes
                // the server close the connection, and the client may see a reset instead of the error.
                await DiscardBodyAsync(http);
                if (plan.RetryAfterSeconds > 0) http.Response.Headers.RetryAfter = plan.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                string reason = plan.ErrorStatus == 429 ? "rateLimitExceeded" : "backendError";
                await GcsJson.WriteAsync(http, plan.ErrorStatus, GcsJson.Error(plan.ErrorStatus, reason, $"Injected fault: HTTP {plan.ErrorStatus} (emulator fault injection)."));
                return;
            }

            GcsResult result = await ProcessAsync(http, surface);
            try
            {
                if (plan.Drop)
                {
                    _faults.RecordDrop();
                    http.Abort();
                    return;
                }
                if (result.Writer != null)
                {
                    http.Response.StatusCode = result.StatusCode;
                    await result.Writer(http);
                    return;
                }
                await GcsJson.WriteAsync(http, result.StatusCode, result.Body);
            }
            finally
            {
                result.Resource?.Dispose();
            }
        }

        private async Task<GcsResult> ProcessAsync(HttpContext http, GcsSurface surface)
        {
            int prefixSegments = surface switch { GcsSurface.Root => 0, GcsSurface.Storage => 2, _ => 3 };
            if (surface == GcsSurface.Root) surface = GcsSurface.Storage;
            string rawPath = RawPath(http);
            try
            {
                var segments = SplitPath(rawPath, prefixSegments);
                if (segments == null) throw GcsException.NotFound($"Not Found: {rawPath}");
                return await _endpoints.HandleAsync(new GcsRequest(http, surface, segments));
            }
            catch (GcsException ex)
            {
                return GcsResult.Json(GcsJson.Error(ex.HttpStatus, ex.Reason, ex.Message), ex.HttpStatus);
            }
            catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
            {
                _logger.LogError(ex, "Unhandled error for {Method} {Path}", http.Request.Method, rawPath);
                return GcsResult.Json(GcsJson.Error(500, "backendError", "Internal error in the emulator: " + ex.Message), 500);
            }
        }

        private static async Task DiscardBodyAsync(HttpContext http)
        {
            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                while (await http.Request.Body.ReadAsync(buffer.AsMemory(0, buffer.Length), http.RequestAborted) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is OperationCanceledException || ex is Microsoft.AspNetCore.Http.BadHttpRequestException)
            {
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>The request target's path as sent, still percent-encoded.</summary>
        private static string RawPath(HttpContext http)
        {
            string target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (string.IsNullOrEmpty(target)) return http.Request.PathBase + http.Request.Path;
            if (!target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out var absolute)) target = absolute.AbsolutePath + absolute.Query;
            int query = target.IndexOf('?');
            return query >= 0 ? target.Substring(0, query) : target;
        }

        /// <summary>Percent-decoded segments after the first <paramref name="skip"/> ones; null on an empty segment.</summary>
        internal static List<string> SplitPath(string rawPath, int skip)
        {
            string[] parts = rawPath.TrimStart('/').Split('/');
            var segments = new List<string>();
            for (int i = skip; i < parts.Length; i++)
            {
                if (parts[i].Length == 0)
                {
                    if (i == parts.Length - 1) break; // trailing slash
                    return null;
                }
                segments.Add(Uri.UnescapeDataString(parts[i]));
            }
            return segments;
        }
    }
}
