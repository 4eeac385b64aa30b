using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Http;
using HealthcareTools.Client.Http;

namespace HealthcareTools.Client.Storage
{
    /// <summary>
    /// The HTTP pipeline of the Cloud Storage client, built like the Healthcare engine's (ApiTransport): Google's
    /// client factory with the environment's proxy and a per-attempt timeout, our <see cref="RetryHandler"/>
    /// (jittered exponential back-off on 408/425/429/500/502/503/504, Retry-After honoured, network errors retried
    /// only for requests safe to repeat) on the ConfigurableMessageHandler, and NumTries from the options. Replaces
    /// the library's own retry policy, which leaves a 429 on an upload's session start final and waits whole
    /// seconds per retry.
    /// </summary>
    internal sealed class StorageHttpClientFactory : Google.Apis.Http.IHttpClientFactory
    {
        private readonly int _attempts;
        private readonly TimeSpan _initialBackOff;
        private readonly TimeSpan _maxBackOff;
        private readonly TimeSpan _requestTimeout;
        private readonly Action<string> _log;

        internal StorageHttpClientFactory(CloudStorageOptions options)
        {
            _attempts = Attempts(options.MaxAttempts);
            _initialBackOff = options.InitialBackOff;
            _maxBackOff = options.MaxBackOff;
            _requestTimeout = options.RequestTimeout;
            _log = options.DebugLog;
        }

        /// <summary>Attempts including the first, within what ConfigurableMessageHandler allows (1-20).</summary>
        internal static int Attempts(int maxAttempts) => Math.Max(1, Math.Min(maxAttempts, ConfigurableMessageHandler.MaxAllowedNumTries));

        internal int NumTries => _attempts;

        public ConfigurableHttpClient CreateHttpClient(CreateHttpClientArgs args)
        {
            // One retry policy: drop Google's default back-off initializer, if any (the storage builder normally
            // asks for none), so that ours alone decides and waits.
            foreach (var initializer in args.Initializers.OfType<ExponentialBackOffInitializer>().ToList())
            {
                args.Initializers.Remove(initializer);
            }

            // HTTPS_PROXY / HTTP_PROXY / NO_PROXY as the Healthcare engine applies them (also on .NET Framework).
            var proxy = EnvironmentProxy.FromEnvironment(Environment.GetEnvironmentVariable);
            // Bodies get an idle limit too: the library reads downloads itself, 10 MiB at a time.
            var client = new PipelineHttpClientFactory(proxy, _requestTimeout, watchBodies: true).CreateHttpClient(args);
            // Each attempt is bounded by PerAttemptTimeoutHandler; a whole retried call is not (Retry-After may ask
            // for minutes), as in the Healthcare engine.
            client.Timeout = Timeout.InfiniteTimeSpan;

            var handler = client.MessageHandler;
            handler.NumTries = _attempts;
            handler.AddExecuteInterceptor(new RequestClassifier(_requestTimeout));
            var retry = new RetryHandler(new JitteredBackOff(_initialBackOff, _maxBackOff, _attempts - 1), _log);
            handler.AddUnsuccessfulResponseHandler(retry);
            handler.AddExceptionHandler(retry);
            return client;
        }

        /// <summary>
        /// Whether repeating a Cloud Storage request after a lost response is harmless: reads (GET, HEAD: gets, lists,
        /// downloads), resumable chunk PUTs and status queries (the session says what it holds, and a finished
        /// session answers its object again) and resumable session starts (a second session is merely never
        /// finished). Other writes (multipart inserts, bucket creation, deletes, patches) are not.
        /// </summary>
        internal static bool IsSafeToRepeat(HttpMethod method, Uri uri)
        {
            if (method == HttpMethod.Get || method == HttpMethod.Head)
            {
                return true;
            }
            var query = uri?.Query ?? string.Empty;
            if (method == HttpMethod.Put)
            {
                return HasQueryParameter(query, "upload_id");
            }
            if (method == HttpMethod.Post)
            {
                return !HasQueryParameter(query, "upload_id") && QueryValue(query, "uploadType") == "resumable";
            }
            return false;
        }

        private static bool HasQueryParameter(string query, string name) => QueryValue(query, name) != null;

        private static string QueryValue(string query, string name)
        {
            foreach (var pair in query.TrimStart('?').Split('&'))
            {
                var equals = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
                if (key == name)
                {
                    return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1));
                }
            }
            return null;
        }

        /// <summary>Marks each request before each attempt: safe to repeat or not, and a longer per-attempt timeout
        /// for a request with a body (a chunk's bytes all go out before the response headers can come back).</summary>
        private sealed class RequestClassifier : IHttpExecuteInterceptor
        {
            private readonly TimeSpan _requestTimeout;

            internal RequestClassifier(TimeSpan requestTimeout)
            {
                _requestTimeout = requestTimeout;
            }

            public Task InterceptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (IsSafeToRepeat(request.Method, request.RequestUri))
                {
                    RequestMarkers.AllowNetworkRetry(request);
                }
                var bodyLength = request.Content?.Headers.ContentLength;
                if (bodyLength.HasValue && bodyLength.Value > 0 && _requestTimeout > TimeSpan.Zero && _requestTimeout != Timeout.InfiniteTimeSpan)
                {
                    // As ApiTransport: the body at 256 KiB/s on top of the usual timeout.
                    RequestMarkers.SetAttemptTimeout(request, _requestTimeout + TimeSpan.FromSeconds(bodyLength.Value / (256.0 * 1024)));
                }
                return Task.CompletedTask;
            }
        }
    }
}
