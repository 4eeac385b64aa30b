namespace HealthcareTools.Client.Http
{
    /// <summary>A completed exchange: final status and body text, plus what the retry loop learned on the way.</summary>
    internal sealed class ApiResponse
    {
        internal ApiResponse(int statusCode, string reasonPhrase, string body, int attempts, bool earlierAttemptMayHaveSucceeded)
        {
            StatusCode = statusCode;
            ReasonPhrase = reasonPhrase;
            Body = body;
            Attempts = attempts;
            EarlierAttemptMayHaveSucceeded = earlierAttemptMayHaveSucceeded;
        }

        internal int StatusCode { get; }
        internal string ReasonPhrase { get; }
        internal string Body { get; }
        internal int Attempts { get; }
        /// <summary>An earlier attempt failed in a way that leaves open whether the server acted on it.</summary>
        internal bool EarlierAttemptMayHaveSucceeded { get; }
        internal bool IsSuccess => StatusCode >= 200 && StatusCode < 300;
    }
}
