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

        internal PipelineHttpClientFactory(IWebProxy proxy, TimeSpan attemptTimeout) : base(proxy)
        {
            _attemptTimeout = attemptTimeout;
        }

        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) =>
            new PerAttemptTimeoutHandler(_attemptTimeout, base.CreateHandler(args));
    }
}
