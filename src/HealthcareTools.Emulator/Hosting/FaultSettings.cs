using System;
using System.Linq;

namespace HealthcareTools.Emulator.Hosting
{
    /// <summary>Fault-injection knobs; the JSON shape of <c>/_emulator/faults</c>.</summary>
    public sealed class FaultSettings
    {
        /// <summary>HTTP statuses a fault may take, each answered with its Google status name.</summary>
        public static readonly int[] SupportedStatuses = { 429, 500, 503, 504 };

        /// <summary>Probability that a /v1 request is answered with an error before any processing.</summary>
        public double ErrorRate { get; set; }

        public int[] ErrorStatuses { get; set; } = { 429, 503 };

        /// <summary>Sent as Retry-After on injected errors when greater than 0.</summary>
        public int RetryAfterSeconds { get; set; }

        /// <summary>Delay added before each /v1 request is processed.</summary>
        public int LatencyMs { get; set; }

        /// <summary>Probability that a /v1 request is processed and its connection then aborted without a response.</summary>
        public double DropRate { get; set; }

        public static bool IsSupportedStatus(int status) => SupportedStatuses.Contains(status);

        public FaultSettings Clone() => new FaultSettings
        {
            ErrorRate = ErrorRate,
            ErrorStatuses = (int[])ErrorStatuses.Clone(),
            RetryAfterSeconds = RetryAfterSeconds,
            LatencyMs = LatencyMs,
            DropRate = DropRate,
        };

        /// <summary>Returns a message describing the first invalid value, or null.</summary>
        public string Validate()
        {
            if (!(ErrorRate >= 0 && ErrorRate <= 1)) return "errorRate must be between 0 and 1.";
            if (!(DropRate >= 0 && DropRate <= 1)) return "dropRate must be between 0 and 1.";
            if (ErrorStatuses == null || ErrorStatuses.Length == 0) return "errorStatuses must list at least one status.";
            int unsupported = ErrorStatuses.FirstOrDefault(s => !IsSupportedStatus(s));
            if (unsupported != 0) return $"errorStatuses: {unsupported} is not one of {string.Join(",", SupportedStatuses)}.";
            if (RetryAfterSeconds < 0) return "retryAfterSeconds must not be negative.";
            if (LatencyMs < 0) return "latencyMs must not be negative.";
            return null;
        }
    }
}
