using System;

namespace HealthcareTools.Emulator.Gcs
{
    /// <summary>An error answered in the Cloud Storage JSON API envelope.</summary>
    public sealed class GcsException : Exception
    {
        public GcsException(int httpStatus, string reason, string message) : base(message)
        {
            HttpStatus = httpStatus;
            Reason = reason;
        }

        public int HttpStatus { get; }

        /// <summary>The <c>errors[].reason</c> value (notFound, conflict, invalid, required…).</summary>
        public string Reason { get; }

        public static GcsException BadRequest(string message, string reason = "invalid") => new GcsException(400, reason, message);
        public static GcsException NotFound(string message) => new GcsException(404, "notFound", message);
        public static GcsException Conflict(string message) => new GcsException(409, "conflict", message);
        public static GcsException PreconditionFailed(string message) => new GcsException(412, "conditionNotMet", message);
        public static GcsException RangeNotSatisfiable(string message) => new GcsException(416, "requestedRangeNotSatisfiable", message);

        public static GcsException NoSuchBucket(string bucket) => NotFound($"The specified bucket does not exist.");
        public static GcsException NoSuchObject(string bucket, string name) => NotFound($"No such object: {bucket}/{name}");
    }
}
