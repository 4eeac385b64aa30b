using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.IO;

namespace HealthcareTools.Client.Http
{
    /// <summary>
    /// Gives every response body an idle limit (IdleWatchStream): the per-attempt timeout ends at the response headers,
    /// and a client library that reads the body itself (Cloud Storage downloads) would otherwise wait forever on a
    /// body that stops arriving. Sits outside the per-attempt timeout, so the caller's cancellation token is the one
    /// that also unblocks a read.
    /// </summary>
    internal sealed class IdleBodyHandler : DelegatingHandler
    {
        private readonly TimeSpan _idleTimeout;

        internal IdleBodyHandler(TimeSpan idleTimeout, HttpMessageHandler inner) : base(inner)
        {
            _idleTimeout = idleTimeout;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Content == null || request.Method == HttpMethod.Head)
            {
                return response;
            }
            var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var watched = new StreamContent(new IdleWatchStream(body, _idleTimeout, cancellationToken));
            foreach (var header in response.Content.Headers)
            {
                watched.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            response.Content = watched;
            return response;
        }
    }
}
