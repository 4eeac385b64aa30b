using System;
using System.Net;
using System.Net.Http;
using Google.Apis.Http;

namespace HealthcareTools.Client.Http
{
    /// <summary>Google's client factory (proxy, no auto-redirect, no decompression surprises) with a per-attempt
    /// timeout between ConfigurableMessageHandler and the socket handler.</summary>
    internal sealed class PipelineHttpClientFactory : HttpClientFactory
    {
        private readonly TimeSpan _attemptTimeout;
        private readonly bool _watchBodies;

        /// <param name="watchBodies">Also give every response body an idle limit of <paramref name="attemptTimeout"/>
        /// (IdleBodyHandler): for clients whose library reads bodies itself.</param>
        internal PipelineHttpClientFactory(IWebProxy proxy, TimeSpan attemptTimeout, bool watchBodies = false) : base(proxy)
        {
            _attemptTimeout = attemptTimeout;
            _watchBodies = watchBodies;
        }

        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args)
        {
            var handler = new PerAttemptTimeoutHandler(_attemptTimeout, base.CreateHandler(args));
            return _watchBodies ? new IdleBodyHandler(_attemptTimeout, handler) : (HttpMessageHandler)handler;
        }
    }
}
