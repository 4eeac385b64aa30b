using System.Net.Http;

namespace HealthcareTools.Client.Http
{
    /// <summary>
    /// Per-request flags carried in HttpRequestMessage.Properties, the channel Google.Apis' handlers already use,
    /// so the retry handler can tell what it may repeat and the caller can learn what happened on the way.
    /// </summary>
    internal static class RequestMarkers
    {
        private const string RetryNetworkErrorsKey = "HealthcareTools.RetryNetworkErrors";
        private const string EarlierAttemptMayHaveSucceededKey = "HealthcareTools.EarlierAttemptMayHaveSucceeded";
        private const string AttemptsKey = "HealthcareTools.Attempts";

#pragma warning disable CS0618 // Properties is the only per-request bag on netstandard2.0.
        /// <summary>Marks a request whose repetition is harmless, so a lost response may be retried.</summary>
        internal static void AllowNetworkRetry(HttpRequestMessage request) => request.Properties[RetryNetworkErrorsKey] = true;

        internal static bool AllowsNetworkRetry(HttpRequestMessage request) => IsSet(request, RetryNetworkErrorsKey);

        /// <summary>Set when an attempt failed in a way that does not prove the server did nothing (lost response,
        /// 5xx, timeout): a later 409 on a create may then be our own earlier success.</summary>
        internal static void NoteEarlierAttemptMayHaveSucceeded(HttpRequestMessage request) => request.Properties[EarlierAttemptMayHaveSucceededKey] = true;

        internal static bool EarlierAttemptMayHaveSucceeded(HttpRequestMessage request) => IsSet(request, EarlierAttemptMayHaveSucceededKey);

        internal static void CountAttempt(HttpRequestMessage request) => request.Properties[AttemptsKey] = Attempts(request) + 1;

        internal static int Attempts(HttpRequestMessage request) =>
            request.Properties.TryGetValue(AttemptsKey, out var value) && value is int count ? count : 0;

        private const string AttemptTimeoutKey = "HealthcareTools.AttemptTimeout";

        /// <summary>A per-attempt timeout for this request instead of the client's (a large upload needs longer to reach
        /// its response headers).</summary>
        internal static void SetAttemptTimeout(HttpRequestMessage request, System.TimeSpan timeout) => request.Properties[AttemptTimeoutKey] = timeout;

        internal static System.TimeSpan? AttemptTimeout(HttpRequestMessage request) =>
            request.Properties.TryGetValue(AttemptTimeoutKey, out var value) && value is System.TimeSpan timeout ? timeout : (System.TimeSpan?)null;

        private static bool IsSet(HttpRequestMessage request, string key) =>
            request.Properties.TryGetValue(key, out var value) && value is bool flag && flag;
#pragma warning restore CS0618
    }
}
