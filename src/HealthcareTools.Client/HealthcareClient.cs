using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using HealthcareTools.Client.Http;
using HealthcareTools.Client.Json;
using Newtonsoft.Json.Linq;
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
    public sealed partial class HealthcareClient : IDisposable
    {
        private const string DatasetResponseType = "type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset";

        private readonly ApiTransport _transport;
        private readonly Action<string> _log;

        /// <summary>Creates the client and its single HttpClient. Throws ArgumentException when Endpoint or Credential is missing; no network traffic happens here.</summary>
        public HealthcareClient(HealthcareClientOptions options) : this(options, Environment.GetEnvironmentVariable)
        {
        }

        /// <summary>As the public constructor, reading proxy variables through <paramref name="getEnvironment"/>.
        /// <paramref name="allowCredentialsOverPlainHttp"/> exists for tests of the credential plumbing against a
        /// loopback fake; the public constructor never sends credentials over plain http.</summary>
        internal HealthcareClient(HealthcareClientOptions options, Func<string, string> getEnvironment, bool allowCredentialsOverPlainHttp = false)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }
            if (options.Endpoint == null)
            {
                throw new ArgumentException("HealthcareClientOptions.Endpoint is required (see ApiEndpoint.Resolve).", nameof(options));
            }
            if (options.Credential == null)
            {
                throw new ArgumentException("HealthcareClientOptions.Credential is required; use HealthcareCredential.None() for an emulator.", nameof(options));
            }
            if (options.MaxAttempts < 1)
            {
                throw new ArgumentException("HealthcareClientOptions.MaxAttempts must be at least 1.", nameof(options));
            }
            Endpoint = options.Endpoint;
            _log = options.DebugLog;
            _transport = new ApiTransport(options, getEnvironment ?? Environment.GetEnvironmentVariable, allowCredentialsOverPlainHttp);
        }

        /// <summary>The endpoint every request goes to.</summary>
        public ApiEndpoint Endpoint { get; }

        // Locations

        /// <summary>locations.get. HealthcareApiException with HttpStatus 404 when the location does not exist.</summary>
        public async Task<Location> GetLocationAsync(LocationName name, CancellationToken cancellationToken)
        {
            Require(name, nameof(name));
            var json = await _transport.SendForJsonAsync(ApiRequest.For(HttpMethod.Get, name.ToString()), cancellationToken).ConfigureAwait(false);
            return ModelJson.ToLocation(json);
        }

        /// <summary>locations.list: one page; use <see cref="Pager.Enumerate{T}"/> for all.</summary>
        public async Task<Page<Location>> ListLocationsAsync(string project, string filter, int? pageSize, string pageToken, CancellationToken cancellationToken)
        {
            ResourceIds.ValidateProjectId(project);
            var request = ApiRequest.For(HttpMethod.Get, "projects/" + project, "locations")
                .WithQuery("filter", filter).WithQuery("pageSize", pageSize).WithQuery("pageToken", pageToken);
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            return ToPage(json, "locations", ModelJson.ToLocation);
        }

        // Datasets

        /// <summary>Starts datasets.create. When a retry after a lost response meets ALREADY_EXISTS, the engine reads the
        /// dataset back and returns an already-done Operation (Name null, ResponseJson the dataset) instead of failing.</summary>
        public async Task<Operation> CreateDatasetAsync(LocationName parent, string datasetId, Dataset dataset, CancellationToken cancellationToken)
        {
            Require(parent, nameof(parent));
            var name = new DatasetName(parent.Project, parent.Location, datasetId);
            // Safe to repeat because a repeated create that meets 409 is reconciled below.
            var request = ApiRequest.For(HttpMethod.Post, parent.ToString(), "datasets")
                .WithQuery("datasetId", datasetId)
                .WithBody(ModelJson.FromDataset(dataset))
                .SafeToRepeat();
            var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 409 && response.EarlierAttemptMayHaveSucceeded)
            {
                _log?.Invoke($"Create {name}: a retried create met 409 after an attempt that may have succeeded; reading the dataset back.");
                return await ReadBackCreatedDatasetAsync(name, cancellationToken).ConfigureAwait(false);
            }
            return ModelJson.ToOperation(ApiTransport.ReadJsonOrThrow(WithResource(request, name), response));
        }

        /// <summary>datasets.get. HealthcareApiException with HttpStatus 404 (Status NOT_FOUND) when absent.</summary>
        public async Task<Dataset> GetDatasetAsync(DatasetName name, CancellationToken cancellationToken)
        {
            Require(name, nameof(name));
            var json = await _transport.SendForJsonAsync(ApiRequest.For(HttpMethod.Get, name.ToString()), cancellationToken).ConfigureAwait(false);
            return ModelJson.ToDataset(json);
        }

        /// <summary>datasets.list: one page; an empty location gives an empty page.</summary>
        public async Task<Page<Dataset>> ListDatasetsAsync(LocationName parent, int? pageSize, string pageToken, CancellationToken cancellationToken)
        {
            Require(parent, nameof(parent));
            var request = ApiRequest.For(HttpMethod.Get, parent.ToString(), "datasets")
                .WithQuery("pageSize", pageSize).WithQuery("pageToken", pageToken);
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            return ToPage(json, "datasets", ModelJson.ToDataset);
        }

        /// <summary>datasets.patch; <paramref name="updateMask"/> is required (e.g. "timeZone").</summary>
        public async Task<Dataset> PatchDatasetAsync(DatasetName name, Dataset dataset, string updateMask, CancellationToken cancellationToken)
        {
            Require(name, nameof(name));
            Require(dataset, nameof(dataset));
            if (string.IsNullOrWhiteSpace(updateMask))
            {
                throw new ArgumentException("An update mask is required for datasets.patch (for example 'timeZone').", nameof(updateMask));
            }
            // With a mask, PATCH sets fields to given values: repeating it is harmless.
            var request = ApiRequest.For(ApiRequest.Patch, name.ToString())
                .WithQuery("updateMask", updateMask.Trim())
                .WithBody(ModelJson.FromDataset(dataset))
                .SafeToRepeat();
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            return ModelJson.ToDataset(json);
        }

        /// <summary>datasets.delete (deletes every store inside).</summary>
        public async Task DeleteDatasetAsync(DatasetName name, CancellationToken cancellationToken)
        {
            Require(name, nameof(name));
            await _transport.SendForJsonAsync(ApiRequest.For(HttpMethod.Delete, name.ToString()), cancellationToken).ConfigureAwait(false);
        }

        // DICOM stores (synchronous admin methods)

        /// <summary>dicomStores.create (synchronous). 409 ALREADY_EXISTS when the ID is taken. A create retried after a
        /// lost response that meets 409 reads the store back instead of failing.</summary>
        public async Task<DicomStore> CreateDicomStoreAsync(DatasetName parent, string dicomStoreId, DicomStore store, CancellationToken cancellationToken)
        {
            Require(parent, nameof(parent));
            var name = new StoreName(parent, StoreKind.Dicom, dicomStoreId);
            var request = ApiRequest.For(HttpMethod.Post, parent.ToString(), "dicomStores")
                .WithQuery("dicomStoreId", dicomStoreId)
                .WithBody(DicomWeb.DicomStoreJson.FromDicomStore(store))
                .SafeToRepeat()
                .About(name.ToString());
            var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 409 && response.EarlierAttemptMayHaveSucceeded)
            {
                _log?.Invoke($"Create {name}: a retried create met 409 after an attempt that may have succeeded; reading the store back.");
                return await GetDicomStoreAsync(name, cancellationToken).ConfigureAwait(false);
            }
            return DicomWeb.DicomStoreJson.ToDicomStore(ApiTransport.ReadJsonOrThrow(request, response));
        }

        /// <summary>dicomStores.get. HealthcareApiException 404 when absent.</summary>
        public async Task<DicomStore> GetDicomStoreAsync(StoreName name, CancellationToken cancellationToken)
        {
            RequireDicom(name, nameof(name));
            var json = await _transport.SendForJsonAsync(ApiRequest.For(HttpMethod.Get, name.ToString()), cancellationToken).ConfigureAwait(false);
            return DicomWeb.DicomStoreJson.ToDicomStore(json);
        }

        /// <summary>dicomStores.list: one page (use <see cref="Pager.Enumerate{T}"/> for all). <paramref name="filter"/> works on
        /// labels only ("labels.key=value").</summary>
        public async Task<Page<DicomStore>> ListDicomStoresAsync(DatasetName parent, string filter, int? pageSize, string pageToken, CancellationToken cancellationToken)
        {
            Require(parent, nameof(parent));
            var request = ApiRequest.For(HttpMethod.Get, parent.ToString(), "dicomStores")
                .WithQuery("filter", filter).WithQuery("pageSize", pageSize).WithQuery("pageToken", pageToken);
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            return ToPage(json, "dicomStores", DicomWeb.DicomStoreJson.ToDicomStore);
        }

        /// <summary>dicomStores.patch; <paramref name="updateMask"/> is required: comma-separated camelCase paths, dotted
        /// paths allowed ("labels", "notificationConfig.pubsubTopic", "streamConfigs").</summary>
        public async Task<DicomStore> PatchDicomStoreAsync(StoreName name, DicomStore store, string updateMask, CancellationToken cancellationToken)
        {
            RequireDicom(name, nameof(name));
            Require(store, nameof(store));
            if (string.IsNullOrWhiteSpace(updateMask))
            {
                throw new ArgumentException("An update mask is required for dicomStores.patch (for example 'labels' or 'notificationConfig.pubsubTopic').", nameof(updateMask));
            }
            var mask = string.Join(",", updateMask.Split(',').Select(path => path.Trim()).Where(path => path.Length > 0));
            var request = ApiRequest.For(ApiRequest.Patch, name.ToString())
                .WithQuery("updateMask", mask)
                .WithBody(DicomWeb.DicomStoreJson.FromDicomStore(store))
                .SafeToRepeat();
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            return DicomWeb.DicomStoreJson.ToDicomStore(json);
        }

        /// <summary>dicomStores.delete (deletes every instance inside).</summary>
        public async Task DeleteDicomStoreAsync(StoreName name, CancellationToken cancellationToken)
        {
            RequireDicom(name, nameof(name));
            await _transport.SendForJsonAsync(ApiRequest.For(HttpMethod.Delete, name.ToString()), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A DICOMweb client for this store ({endpoint}v1/{store}/dicomWeb/) sharing this client's authenticated,
        /// retrying pipeline. Disposing it does not dispose this client.</summary>
        public DicomWeb.DicomWebClient GetDicomWebClient(StoreName store, DicomWeb.DicomWebOptions options = null)
        {
            RequireDicom(store, nameof(store));
            var baseUri = new Uri(_transport.BaseUri, "v1/" + ApiRequest.EscapePath(store.ToString()) + "/dicomWeb/");
            return new DicomWeb.DicomWebClient(_transport, ownsTransport: false, baseUri, isGoogle: true, options, _log, store.ToString());
        }

        private static void RequireDicom(StoreName name, string parameterName)
        {
            Require(name, parameterName);
            if (name.Kind != StoreKind.Dicom)
            {
                throw new ArgumentException($"'{name}' is not a DICOM store.", parameterName);
            }
        }

        // Operations

        /// <summary>operations.get.</summary>
        public async Task<Operation> GetOperationAsync(OperationName name, CancellationToken cancellationToken)
        {
            Require(name, nameof(name));
            var json = await _transport.SendForJsonAsync(ApiRequest.For(HttpMethod.Get, name.ToString()), cancellationToken).ConfigureAwait(false);
            return ModelJson.ToOperation(json);
        }

        /// <summary>operations.list: one page.</summary>
        public async Task<Page<Operation>> ListOperationsAsync(DatasetName dataset, string filter, int? pageSize, string pageToken, CancellationToken cancellationToken)
        {
            Require(dataset, nameof(dataset));
            var request = ApiRequest.For(HttpMethod.Get, dataset.ToString(), "operations")
                .WithQuery("filter", filter).WithQuery("pageSize", pageSize).WithQuery("pageToken", pageToken);
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            return ToPage(json, "operations", ModelJson.ToOperation);
        }

        /// <summary>operations.cancel (best effort; the operation then ends with error code 1, CANCELLED).</summary>
        public async Task CancelOperationAsync(OperationName name, CancellationToken cancellationToken)
        {
            Require(name, nameof(name));
            // Cancelling twice is the same as cancelling once.
            var request = ApiRequest.For(HttpMethod.Post, name.ToString(), verb: "cancel").WithBody(new JObject()).SafeToRepeat();
            await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Polls until done. <paramref name="onPoll"/> (may be null) is called after every poll, on a
        /// thread-pool thread. Returns the final operation whether it succeeded or failed (see
        /// <see cref="OperationResults.ThrowIfFailed"/>); TimeoutException on options.Timeout.</summary>
        public async Task<Operation> WaitForOperationAsync(OperationName name, OperationWaitOptions options, Action<Operation> onPoll, CancellationToken cancellationToken)
        {
            Require(name, nameof(name));
            options = options ?? new OperationWaitOptions();
            var timeout = options.Timeout;
            var clock = Stopwatch.StartNew();
            var delay = options.InitialDelay < TimeSpan.Zero ? TimeSpan.Zero : options.InitialDelay;
            var multiplier = options.Multiplier < 1 ? 1 : options.Multiplier;

            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (timeout.HasValue)
                {
                    deadline.CancelAfter(timeout.Value < TimeSpan.Zero ? TimeSpan.Zero : timeout.Value);
                }
                try
                {
                    for (var poll = 1; ; poll++)
                    {
                        var operation = await GetOperationAsync(name, deadline.Token).ConfigureAwait(false);
                        onPoll?.Invoke(operation);
                        if (operation.Done)
                        {
                            _log?.Invoke($"Operation {name} done after {poll} poll(s), {clock.Elapsed.TotalSeconds:0.0} s.");
                            return operation;
                        }
                        await Task.Delay(delay, deadline.Token).ConfigureAwait(false);
                        var next = TimeSpan.FromTicks((long)(delay.Ticks * multiplier));
                        delay = next > options.MaxDelay ? options.MaxDelay : next;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
                {
                    throw new TimeoutException($"The operation '{name}' did not finish within {timeout.GetValueOrDefault().TotalSeconds:0.###} s; it is still running on the server.");
                }
            }
        }

        // IAM on a dataset or store (any resource name that supports it)

        /// <summary>getIamPolicy on a dataset or store; <paramref name="requestedPolicyVersion"/> 3 returns conditional bindings.</summary>
        public async Task<IamPolicy> GetIamPolicyAsync(string resourceName, int? requestedPolicyVersion, CancellationToken cancellationToken)
        {
            ValidateIamResource(resourceName);
            var request = ApiRequest.For(HttpMethod.Get, resourceName, verb: "getIamPolicy")
                .WithQuery("options.requestedPolicyVersion", requestedPolicyVersion);
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            return ModelJson.ToPolicy(json);
        }

        /// <summary>setIamPolicy. Keep the Etag from a get so a concurrent change fails with 409 ABORTED instead of being overwritten.</summary>
        public async Task<IamPolicy> SetIamPolicyAsync(string resourceName, IamPolicy policy, string updateMask, CancellationToken cancellationToken)
        {
            ValidateIamResource(resourceName);
            Require(policy, nameof(policy));
            var body = new JObject { ["policy"] = ModelJson.FromPolicy(policy) };
            if (!string.IsNullOrWhiteSpace(updateMask))
            {
                body["updateMask"] = updateMask.Trim();
            }
            // With an etag a repeated set fails on the etag instead of overwriting someone else's change.
            var request = ApiRequest.For(HttpMethod.Post, resourceName, verb: "setIamPolicy")
                .WithBody(body)
                .SafeToRepeat(!string.IsNullOrEmpty(policy.Etag));
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            return ModelJson.ToPolicy(json);
        }

        /// <summary>testIamPermissions: the subset of <paramref name="permissions"/> the caller holds (empty when none).</summary>
        public async Task<IList<string>> TestIamPermissionsAsync(string resourceName, IEnumerable<string> permissions, CancellationToken cancellationToken)
        {
            ValidateIamResource(resourceName);
            Require(permissions, nameof(permissions));
            var body = new JObject { ["permissions"] = new JArray(permissions.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray()) };
            var request = ApiRequest.For(HttpMethod.Post, resourceName, verb: "testIamPermissions").WithBody(body).SafeToRepeat();
            var json = await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false);
            var held = new List<string>();
            if (json["permissions"] is JArray granted)
            {
                held.AddRange(granted.Select(token => (string)token));
            }
            return held;
        }

        /// <summary>Releases the HttpClient.</summary>
        public void Dispose() => _transport.Dispose();

        private async Task<Operation> ReadBackCreatedDatasetAsync(DatasetName name, CancellationToken cancellationToken)
        {
            var json = await _transport.SendForJsonAsync(ApiRequest.For(HttpMethod.Get, name.ToString()), cancellationToken).ConfigureAwait(false);
            // Shaped like the response of a finished create operation, "@type" first.
            var response = new JObject { ["@type"] = DatasetResponseType };
            foreach (var property in json.Properties())
            {
                if (property.Name != "@type")
                {
                    response[property.Name] = property.Value;
                }
            }
            return new Operation
            {
                Name = null,
                Done = true,
                ResponseJson = JsonText.Compact(response),
                ResponseType = DatasetResponseType,
            };
        }

        private static ApiRequest WithResource(ApiRequest request, DatasetName name) =>
            request.ResourceName == name.ToString() ? request : request.About(name.ToString());

        private static Page<T> ToPage<T>(JObject json, string itemsProperty, Func<JObject, T> map)
        {
            var page = new Page<T> { NextPageToken = ModelJson.Str(json, "nextPageToken") };
            if (json[itemsProperty] is JArray items)
            {
                foreach (var item in items.OfType<JObject>())
                {
                    page.Items.Add(map(item));
                }
            }
            return page;
        }

        /// <summary>IAM works on datasets, stores and other resources under a project: accept any full name made of
        /// collection/id pairs, so a bad value fails here rather than as a confusing 404.</summary>
        private static void ValidateIamResource(string resourceName)
        {
            const string rule = "a full resource name such as 'projects/{project}/locations/{location}/datasets/{dataset}'";
            if (!ResourceIds.IsFullName(resourceName))
            {
                throw ResourceIds.Invalid("resource name", resourceName, rule, nameof(resourceName));
            }
            var segments = resourceName.Split('/');
            // Segments are escaped one by one when the URL is built, so '?' or '#' in a DICOM store ID is harmless.
            if (segments.Length < 4 || segments.Length % 2 != 0 || segments.Any(segment => segment.Length == 0))
            {
                throw ResourceIds.Invalid("resource name", resourceName, rule, nameof(resourceName));
            }
            ResourceIds.ValidateProjectId(segments[1]);
        }

        private static void Require(object value, string parameterName)
        {
            if (value == null)
            {
                throw new ArgumentNullException(parameterName);
            }
        }
    }

    /// <summary>Auto-paging over pageToken/nextPageToken.</summary>
    public static class Pager
    {
        /// <summary>Fetches page after page lazily (one request per MoveNext that needs a new page) and yields
        /// items as each page arrives; stops on an empty/absent nextPageToken or cancellation. Blocking: meant for
        /// callers that consume on one thread (the PowerShell pipeline). Cancellation surfaces as
        /// OperationCanceledException from MoveNext.</summary>
        public static IEnumerable<T> Enumerate<T>(Func<string, CancellationToken, Task<Page<T>>> fetchPage, CancellationToken cancellationToken)
        {
            if (fetchPage == null)
            {
                throw new ArgumentNullException(nameof(fetchPage));
            }
            return EnumeratePages(fetchPage, cancellationToken);
        }

        private static IEnumerable<T> EnumeratePages<T>(Func<string, CancellationToken, Task<Page<T>>> fetchPage, CancellationToken cancellationToken)
        {
            string token = null;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                // GetResult (not .Result) so the caller sees the real exception, not an AggregateException.
                var page = fetchPage(token, cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult();
                if (page?.Items != null)
                {
                    foreach (var item in page.Items)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return item;
                    }
                }
                var next = page?.NextPageToken;
                if (!string.IsNullOrEmpty(next) && next == token)
                {
                    throw new InvalidOperationException("The server returned the same page token twice; stopping to avoid an endless listing.");
                }
                token = next;
            }
            while (!string.IsNullOrEmpty(token));
        }
    }

    /// <summary>Helpers over finished operations.</summary>
    public static class OperationResults
    {
        /// <summary>Throws HealthcareApiException (HttpStatus mapped from the gRPC code, Status = gRPC name) when the operation
        /// finished with an error; does nothing otherwise.</summary>
        public static void ThrowIfFailed(Operation operation)
        {
            if (operation == null)
            {
                throw new ArgumentNullException(nameof(operation));
            }
            var error = operation.Error;
            if (error == null)
            {
                return;
            }
            throw new HealthcareApiException(HttpStatusFromGrpc(error.Code), GrpcCodeName(error.Code), error.Message,
                error.DetailsJson, operation.Name);
        }

        /// <summary>gRPC code → HTTP status (per the API reference table).</summary>
        public static int HttpStatusFromGrpc(int grpcCode)
        {
            switch (grpcCode)
            {
                case 0: return 200;
                case 1: return 499;
                case 2: return 500;
                case 3: return 400;
                case 4: return 504;
                case 5: return 404;
                case 6: return 409;
                case 7: return 403;
                case 8: return 429;
                case 9: return 400;
                case 10: return 409;
                case 11: return 400;
                case 12: return 501;
                case 13: return 500;
                case 14: return 503;
                case 15: return 500;
                case 16: return 401;
                default: return 500;
            }
        }

        private static readonly string[] GrpcNames =
        {
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
            "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
            "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
        };

        /// <summary>gRPC code → name (5 → NOT_FOUND); codes outside 0-16 give "UNKNOWN".</summary>
        public static string GrpcCodeName(int grpcCode) =>
            grpcCode >= 0 && grpcCode < GrpcNames.Length ? GrpcNames[grpcCode] : "UNKNOWN";
    }
}
