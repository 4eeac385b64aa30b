using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Http;
using Google.Apis.Util;

namespace HealthcareTools.Client.Http
{
    /// <summary>
    /// The retry decision, plugged into Google.Apis' ConfigurableMessageHandler (which owns the attempt loop and the
    /// attempt budget). Google's BackOffHandler cannot retry several status codes while honouring Retry-After and
    /// idempotency per request, hence this handler: transient statuses are retried for every request, network
    /// errors only for requests marked safe to repeat.
    /// </summary>
    internal sealed class RetryHandler : IHttpUnsuccessfulResponseHandler, IHttpExceptionHandler
    {
        /// <summary>A Retry-After beyond this is treated as "not now": the error is returned instead of hanging.</summary>
        internal static readonly TimeSpan MaxHonouredRetryAfter = TimeSpan.FromMinutes(5);

        private readonly IBackOff _backOff;
        private readonly Action<string> _log;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        internal RetryHandler(IBackOff backOff, Action<string> log, Func<TimeSpan, CancellationToken, Task> delay = null)
        {
            _backOff = backOff;
            _log = log;
            _delay = delay ?? Task.Delay;
        }

        internal static bool IsRetryableStatus(int status) =>
            status == 408 || status == 425 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        /// <summary>Statuses that do not prove the server ignored the request (unlike 429/425, which are refusals).</summary>
        private static bool MayHaveBeenProcessed(int status) => status == 408 || status >= 500;

        public async Task<bool> HandleResponseAsync(HandleUnsuccessfulResponseArgs args)
        {
            var status = (int)args.Response.StatusCode;
            if (!IsRetryableStatus(status))
            {
                return false;
            }
            if (MayHaveBeenProcessed(status))
            {
                RequestMarkers.NoteEarlierAttemptMayHaveSucceeded(args.Request);
            }
            if (!args.SupportsRetry)
            {
                Log(args.Request, $"HTTP {status}; giving up after {args.CurrentFailedTry} attempt(s)");
                return false;
            }
            var delay = _backOff.GetNextBackOff(args.CurrentFailedTry);
            var retryAfter = RetryAfter.From(args.Response, DateTimeOffset.UtcNow);
            if (retryAfter.HasValue && retryAfter.Value > MaxHonouredRetryAfter)
            {
                Log(args.Request, $"HTTP {status} with Retry-After {retryAfter.Value.TotalSeconds:0} s; not waiting that long");
                return false;
            }
            var source = "back-off";
            if (retryAfter.HasValue && retryAfter.Value > delay)
            {
                delay = retryAfter.Value;
                source = "Retry-After";
            }
            Log(args.Request, $"HTTP {status}; retry {args.CurrentFailedTry} of {args.TotalTries - 1} in {delay.TotalMilliseconds:0} ms ({source})");
            await _delay(delay, args.CancellationToken).ConfigureAwait(false);
            return true;
        }

        public async Task<bool> HandleExceptionAsync(HandleExceptionArgs args)
        {
            if (args.CancellationToken.IsCancellationRequested || !IsNetworkError(args.Exception))
            {
                return false;
            }
            // The request may have reached the server before the connection broke.
            RequestMarkers.NoteEarlierAttemptMayHaveSucceeded(args.Request);
            var what = args.Exception.GetType().Name;
            if (!RequestMarkers.AllowsNetworkRetry(args.Request))
            {
                Log(args.Request, $"{what}; not retried because repeating this request is not safe");
                return false;
            }
            if (!args.SupportsRetry)
            {
                Log(args.Request, $"{what}; giving up after {args.CurrentFailedTry} attempt(s)");
                return false;
            }
            var delay = _backOff.GetNextBackOff(args.CurrentFailedTry);
            Log(args.Request, $"{what}; retry {args.CurrentFailedTry} of {args.TotalTries - 1} in {delay.TotalMilliseconds:0} ms (back-off)");
            await _delay(delay, args.CancellationToken).ConfigureAwait(false);
            return true;
        }

        /// <summary>Transport failures (as opposed to bugs or cancellation): connection refused/reset, truncated
        /// responses, DNS failures and per-attempt timeouts.</summary>
        internal static bool IsNetworkError(Exception exception)
        {
            for (var current = exception; current != null; current = current.InnerException)
            {
                if (current is DicomWeb.DicomWebLocalFileException)
                {
                    // A local file could not be read while sending a body: repeating the request cannot help.
                    return false;
                }
            }
            for (var current = exception; current != null; current = current.InnerException)
            {
                if (current is HttpRequestException || current is IOException || current is SocketException
                    || current is WebException || current is TimeoutException)
                {
                    return true;
                }
            }
            return false;
        }

        private void Log(HttpRequestMessage request, string message) =>
            _log?.Invoke($"Retry {request.Method} {LogText.PathOf(request.RequestUri)}: {message}");
    }
}
