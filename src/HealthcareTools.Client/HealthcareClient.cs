using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;

namespace HealthcareTools.Client
{
    /// <summary>Settings for a <see cref="HealthcareClient"/>.</summary>
    public sealed class HealthcareClientOptions
    {
        public ApiEndpoint Endpoint { get; set; }
        /// <summary>Required. Use HealthcareCredential.None() for plain-http endpoints.</summary>
        public HealthcareCredential Credential { get; set; }
        /// <summary>Total attempts per request including the first (retries on 408, 425, 429, 500, 502, 503, 504 and,
        /// for idempotent requests, network errors).</summary>
        public int MaxAttempts { get; set; } = 8;
        /// <summary>First back-off delay; doubles per retry with jitter, capped at MaxBackOff. Retry-After wins when larger.</summary>
        public TimeSpan InitialBackOff { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan MaxBackOff { get; set; } = TimeSpan.FromSeconds(32);
        /// <summary>Per-attempt timeout.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);
        /// <summary>Sent as x-goog-user-project when set.</summary>
        public string QuotaProject { get; set; }
        /// <summary>Receives one line per request/retry/credential decision. Never receives tokens, keys or bodies.</summary>
        public Action<string> DebugLog { get; set; }
        /// <summary>Appended to the User-Agent header.</summary>
        public string UserAgent { get; set; } = "HealthcareTools/0.1";
    }

    /// <summary>Polling settings for long-running operations (defaults follow gcloud: 1 s, ×1.4, cap 20 s).</summary>
    public sealed class OperationWaitOptions
    {
        public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);
        public double Multiplier { get; set; } = 1.4;
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>Null = wait forever (until cancelled). On expiry a TimeoutException names the operation.</summary>
        public TimeSpan? Timeout { get; set; }
    }

    /// <summary>
    /// The Cloud Healthcare API v1 REST client (control plane). Thread-safe; one per endpoint+credential.
    /// Every call takes a CancellationToken; errors are <see cref="HealthcareApiException"/>;
    /// bad names are ArgumentException before any request.
    /// </summary>
    public sealed class HealthcareClient : IDisposable
    {
        public HealthcareClient(HealthcareClientOptions options) => throw new NotImplementedException();

        public ApiEndpoint Endpoint { get; }

        // Locations
        public Task<Location> GetLocationAsync(LocationName name, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task<Page<Location>> ListLocationsAsync(string project, string filter, int? pageSize, string pageToken, CancellationToken cancellationToken) => throw new NotImplementedException();

        // Datasets
        /// <summary>Starts datasets.create. When a retry after a lost response meets ALREADY_EXISTS, the engine reads the
        /// dataset back and returns an already-done Operation (Name null, ResponseJson the dataset) instead of failing.</summary>
        public Task<Operation> CreateDatasetAsync(LocationName parent, string datasetId, Dataset dataset, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task<Dataset> GetDatasetAsync(DatasetName name, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task<Page<Dataset>> ListDatasetsAsync(LocationName parent, int? pageSize, string pageToken, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task<Dataset> PatchDatasetAsync(DatasetName name, Dataset dataset, string updateMask, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task DeleteDatasetAsync(DatasetName name, CancellationToken cancellationToken) => throw new NotImplementedException();

        // Operations
        public Task<Operation> GetOperationAsync(OperationName name, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task<Page<Operation>> ListOperationsAsync(DatasetName dataset, string filter, int? pageSize, string pageToken, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task CancelOperationAsync(OperationName name, CancellationToken cancellationToken) => throw new NotImplementedException();
        /// <summary>Polls until done. <paramref name="onPoll"/> (may be null) is called after every poll, on a
        /// thread-pool thread. Returns the final operation whether it succeeded or failed (see
        /// <see cref="OperationResults.ThrowIfFailed"/>); TimeoutException on options.Timeout.</summary>
        public Task<Operation> WaitForOperationAsync(OperationName name, OperationWaitOptions options, Action<Operation> onPoll, CancellationToken cancellationToken) => throw new NotImplementedException();

        // IAM on a dataset or store (any resource name that supports it)
        public Task<IamPolicy> GetIamPolicyAsync(string resourceName, int? requestedPolicyVersion, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task<IamPolicy> SetIamPolicyAsync(string resourceName, IamPolicy policy, string updateMask, CancellationToken cancellationToken) => throw new NotImplementedException();
        public Task<IList<string>> TestIamPermissionsAsync(string resourceName, IEnumerable<string> permissions, CancellationToken cancellationToken) => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }

    /// <summary>Auto-paging over pageToken/nextPageToken.</summary>
    public static class Pager
    {
        /// <summary>Fetches page after page lazily (one request per MoveNext that needs a new page) and yields
        /// items as each page arrives; stops on an empty/absent nextPageToken or cancellation. Blocking: meant for
        /// callers that consume on one thread (the PowerShell pipeline).</summary>
        public static IEnumerable<T> Enumerate<T>(Func<string, CancellationToken, Task<Page<T>>> fetchPage, CancellationToken cancellationToken) => throw new NotImplementedException();
    }

    /// <summary>Helpers over finished operations.</summary>
    public static class OperationResults
    {
        /// <summary>Throws HealthcareApiException (HttpStatus mapped from the gRPC code, Status = gRPC name) when the operation
        /// finished with an error; does nothing otherwise.</summary>
        public static void ThrowIfFailed(Operation operation) => throw new NotImplementedException();
        /// <summary>gRPC code → HTTP status (per the API reference table).</summary>
        public static int HttpStatusFromGrpc(int grpcCode) => throw new NotImplementedException();
        /// <summary>gRPC code → name (5 → NOT_FOUND).</summary>
        public static string GrpcCodeName(int grpcCode) => throw new NotImplementedException();
    }
}
