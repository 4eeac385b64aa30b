using System;
using System.Net.Http;

namespace HealthcareTools.Client.Http
{
    /// <summary>Reads the Retry-After header in either of its forms (delta seconds or an HTTP date).</summary>
    internal static class RetryAfter
    {
        internal static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now)
        {
            var header = response?.Headers.RetryAfter;
            if (header == null)
            {
                return null;
            }
            if (header.Delta.HasValue)
            {
                return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            }
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }
    }
}
