using System;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Http;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Json;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.Http
{
    /// <summary>
    /// The HTTP pipeline of one client: a single ConfigurableHttpClient from Google.Apis with our credential
    /// interceptor, retry handler and per-attempt timeout, plus request building, logging and error mapping.
    /// </summary>
    internal sealed class ApiTransport : IDisposable
    {
        private const string QuotaProjectHeader = "x-goog-user-project";

        private readonly ConfigurableHttpClient _http;
        private readonly Uri _baseUri;
        private readonly string _quotaProject;
        private readonly Action<string> _log;
        private readonly TimeSpan _requestTimeout;

        internal ApiTransport(HealthcareClientOptions options, Func<string, string> getEnvironment, bool allowCredentialsOverPlainHttp)
        {
            _baseUri = options.Endpoint.BaseUri;
            _quotaProject = string.IsNullOrWhiteSpace(options.QuotaProject) ? null : options.QuotaProject.Trim();
            _log = options.DebugLog;
            _requestTimeout = options.RequestTimeout;

            var proxy = EnvironmentProxy.FromEnvironment(getEnvironment);
            _log?.Invoke($"Endpoint: {_baseUri} ({options.Endpoint.Source}); " + (proxy?.Describe() ?? "system default proxy"));

            var attempts = Math.Max(1, Math.Min(options.MaxAttempts, ConfigurableMessageHandler.MaxAllowedNumTries));
            var factory = new PipelineHttpClientFactory(proxy, options.RequestTimeout);
            var args = new CreateHttpClientArgs
            {
                ApplicationName = string.IsNullOrWhiteSpace(options.UserAgent) ? null : options.UserAgent.Trim(),
                GZipEnabled = true,
            };
            _http = factory.CreateHttpClient(args);
            // Attempts are bounded per attempt by PerAttemptTimeoutHandler, not for the whole retried call.
            _http.Timeout = Timeout.InfiniteTimeSpan;

            var handler = _http.MessageHandler;
            handler.NumTries = attempts;
            // The API never redirects; following one would re-send the token to wherever it points.
            handler.FollowRedirect = false;
            handler.IsLoggingEnabled = false;

            var credential = new CredentialInterceptor(CredentialFor(options, allowCredentialsOverPlainHttp), _log, proxy);
            handler.AddExecuteInterceptor(credential);
            handler.AddUnsuccessfulResponseHandler(credential);

            var retry = new RetryHandler(new JitteredBackOff(options.InitialBackOff, options.MaxBackOff, attempts - 1), _log);
            handler.AddUnsuccessfulResponseHandler(retry);
            handler.AddExceptionHandler(retry);
        }

        /// <summary>Plain-http endpoints are loopback emulators: a token sent there would travel in clear text and
        /// is never needed, so none is looked up or sent (the contract of ApiEndpoint.IsPlainHttp).</summary>
        private HealthcareCredential CredentialFor(HealthcareClientOptions options, bool allowCredentialsOverPlainHttp)
        {
            var credential = options.Credential;
            if (options.Endpoint.IsPlainHttp && credential.Kind != HealthcareCredential.KindNone && !allowCredentialsOverPlainHttp)
            {
                _log?.Invoke($"Credentials: {credential.Kind} ({credential.Description}) not used because {_baseUri} is plain http; requests are anonymous.");
                return HealthcareCredential.None();
            }
            return credential;
        }

        /// <summary>Sends the request and returns whatever status came back; throws only for transport failures
        /// (after retries), credential failures and cancellation.</summary>
        internal async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var uri = request.BuildUri(_baseUri);
            var logPath = LogText.PathOf(uri);
            var clock = Stopwatch.StartNew();
            using (var message = new HttpRequestMessage(request.Method, uri))
            {
                if (request.Body != null)
                {
                    message.Content = new StringContent(JsonText.Compact(request.Body), Encoding.UTF8, "application/json");
                }
                if (_quotaProject != null)
                {
                    message.Headers.TryAddWithoutValidation(QuotaProjectHeader, _quotaProject);
                }
                if (request.RetryOnNetworkError)
                {
                    RequestMarkers.AllowNetworkRetry(message);
                }

                try
                {
                    using (var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
                    {
                        var body = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        var attempts = RequestMarkers.Attempts(message);
                        _log?.Invoke($"HTTP {request.Method} {logPath} -> {(int)response.StatusCode} ({clock.ElapsedMilliseconds} ms, {attempts} attempt(s))");
                        return new ApiResponse((int)response.StatusCode, response.ReasonPhrase, body, attempts,
                            RequestMarkers.EarlierAttemptMayHaveSucceeded(message));
                    }
                }
                catch (Exception ex)
                {
                    var outcome = ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : "failed: " + ex.GetType().Name;
                    _log?.Invoke($"HTTP {request.Method} {logPath} {outcome} ({clock.ElapsedMilliseconds} ms, {RequestMarkers.Attempts(message)} attempt(s))");
                    throw;
                }
            }
        }

        /// <summary>The base URL of this transport ("https://healthcare.googleapis.com/"), for callers that build
        /// absolute URLs outside "v1/" paths (DICOMweb).</summary>
        internal Uri BaseUri => _baseUri;

        /// <summary>The per-attempt timeout (up to the response headers); streaming readers use it as their idle limit.</summary>
        internal TimeSpan RequestTimeout => _requestTimeout;

        /// <summary>Sends a caller-built request through the same pipeline (credentials, retries, per-attempt timeout,
        /// quota project, debug log) and returns as soon as the response headers arrive, so the body can be streamed.
        /// The caller disposes the response. The request content must be re-serializable: a retry sends the same
        /// message again. <paramref name="safeToRepeat"/> allows retrying after a network error.</summary>
        internal async Task<HttpResponseMessage> SendStreamingAsync(HttpRequestMessage message, bool safeToRepeat, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bodyLength = message.Content?.Headers.ContentLength;
            if (bodyLength.HasValue && bodyLength.Value > 0 && _requestTimeout > TimeSpan.Zero && _requestTimeout != Timeout.InfiniteTimeSpan)
            {
                // The per-attempt timeout runs until the response headers, which come after the whole body: allow the
                // body at 256 KiB/s on top of the usual timeout, so a large upload on a slow link is not cut off.
                RequestMarkers.SetAttemptTimeout(message, _requestTimeout + TimeSpan.FromSeconds(bodyLength.Value / (256.0 * 1024)));
            }
            var logPath = LogText.PathOf(message.RequestUri);
            var clock = Stopwatch.StartNew();
            if (_quotaProject != null && !message.Headers.Contains(QuotaProjectHeader))
            {
                message.Headers.TryAddWithoutValidation(QuotaProjectHeader, _quotaProject);
            }
            if (safeToRepeat)
            {
                RequestMarkers.AllowNetworkRetry(message);
            }
            try
            {
                var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                _log?.Invoke($"HTTP {message.Method} {logPath} -> {(int)response.StatusCode} (headers in {clock.ElapsedMilliseconds} ms, {RequestMarkers.Attempts(message)} attempt(s))");
                return response;
            }
            catch (Exception ex)
            {
                var outcome = ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : "failed: " + ex.GetType().Name;
                _log?.Invoke($"HTTP {message.Method} {logPath} {outcome} ({clock.ElapsedMilliseconds} ms, {RequestMarkers.Attempts(message)} attempt(s))");
                throw;
            }
        }

        /// <summary>True when an earlier attempt of this message failed in a way that leaves open whether the server acted.</summary>
        internal static bool EarlierAttemptMayHaveSucceeded(HttpRequestMessage message) => RequestMarkers.EarlierAttemptMayHaveSucceeded(message);

        /// <summary>Sends the request and returns the JSON object answered, or throws HealthcareApiException.</summary>
        internal async Task<JObject> SendForJsonAsync(ApiRequest request, CancellationToken cancellationToken)
        {
            var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            return ReadJsonOrThrow(request, response);
        }

        internal static JObject ReadJsonOrThrow(ApiRequest request, ApiResponse response)
        {
            if (!response.IsSuccess)
            {
                throw ApiErrorParser.Parse(response.StatusCode, response.ReasonPhrase, response.Body, request.ResourceName);
            }
            try
            {
                return JsonText.ParseObject(response.Body);
            }
            catch (Newtonsoft.Json.JsonException ex)
            {
                throw new HealthcareApiException(response.StatusCode, null,
                    "The answer was not the expected JSON object: " + ApiErrorParser.Excerpt(response.Body), null, request.ResourceName, ex);
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
