using System.Collections.Generic;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>A google.rpc.Code with the HTTP status Google maps it to.</summary>
    public sealed class GoogleStatus
    {
        private GoogleStatus(string name, int grpcCode, int httpStatus)
        {
            Name = name;
            GrpcCode = grpcCode;
            HttpStatus = httpStatus;
        }

        public string Name { get; }
        public int GrpcCode { get; }
        public int HttpStatus { get; }

        public static readonly GoogleStatus Cancelled = new GoogleStatus("CANCELLED", 1, 499);
        public static readonly GoogleStatus InvalidArgument = new GoogleStatus("INVALID_ARGUMENT", 3, 400);
        public static readonly GoogleStatus DeadlineExceeded = new GoogleStatus("DEADLINE_EXCEEDED", 4, 504);
        public static readonly GoogleStatus NotFound = new GoogleStatus("NOT_FOUND", 5, 404);
        public static readonly GoogleStatus AlreadyExists = new GoogleStatus("ALREADY_EXISTS", 6, 409);
        public static readonly GoogleStatus ResourceExhausted = new GoogleStatus("RESOURCE_EXHAUSTED", 8, 429);
        public static readonly GoogleStatus FailedPrecondition = new GoogleStatus("FAILED_PRECONDITION", 9, 400);
        public static readonly GoogleStatus Aborted = new GoogleStatus("ABORTED", 10, 409);
        public static readonly GoogleStatus Unimplemented = new GoogleStatus("UNIMPLEMENTED", 12, 501);
        public static readonly GoogleStatus Internal = new GoogleStatus("INTERNAL", 13, 500);
        public static readonly GoogleStatus Unavailable = new GoogleStatus("UNAVAILABLE", 14, 503);

        private static readonly Dictionary<int, GoogleStatus> ForInjectedHttpStatus = new Dictionary<int, GoogleStatus>
        {
            [429] = ResourceExhausted,
            [500] = Internal,
            [503] = Unavailable,
            [504] = DeadlineExceeded,
        };

        /// <summary>The status used when a fault is injected with the given HTTP status.</summary>
        public static GoogleStatus ForHttpStatus(int httpStatus) =>
            ForInjectedHttpStatus.TryGetValue(httpStatus, out var status) ? status : Internal;
    }
}
