using System;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>An error answered to the client in Google's envelope; thrown anywhere inside a handler.</summary>
    public sealed class ApiException : Exception
    {
        public ApiException(GoogleStatus status, string message) : base(message)
        {
            Status = status;
        }

        public GoogleStatus Status { get; }

        /// <summary>An HTTP status other than the one Google maps <see cref="Status"/> to (e.g. 406, 415), or null.</summary>
        public int? HttpStatus { get; init; }

        public static ApiException InvalidArgument(string message) => new ApiException(GoogleStatus.InvalidArgument, message);
        public static ApiException NotFound(string message) => new ApiException(GoogleStatus.NotFound, message);
        public static ApiException AlreadyExists(string message) => new ApiException(GoogleStatus.AlreadyExists, message);
        public static ApiException Aborted(string message) => new ApiException(GoogleStatus.Aborted, message);
        public static ApiException NotAcceptable(string message) => new ApiException(GoogleStatus.InvalidArgument, message) { HttpStatus = 406 };
        public static ApiException FailedPrecondition(string message) => new ApiException(GoogleStatus.FailedPrecondition, message);
    }
}
