using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace HealthcareTools.Client.Http
{
    /// <summary>
    /// Bounds each attempt (up to the response headers) rather than the whole retried call, which HttpClient.Timeout
    /// would do. A timed-out attempt surfaces as TimeoutException, which the retry handler treats as a network error;
    /// the caller's own cancellation still surfaces as OperationCanceledException.
    /// </summary>
    internal sealed class PerAttemptTimeoutHandler : DelegatingHandler
    {
        private readonly TimeSpan _timeout;

        internal PerAttemptTimeoutHandler(TimeSpan timeout, HttpMessageHandler inner) : base(inner)
        {
            _timeout = timeout;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestMarkers.CountAttempt(request);
            var timeout = RequestMarkers.AttemptTimeout(request) ?? _timeout;
            if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(timeout);
                try
                {
                    return await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && attempt.IsCancellationRequested)
                {
                    throw new TimeoutException($"No response within {timeout.TotalSeconds:0.###} s.", ex);
                }
            }
        }
    }
}
