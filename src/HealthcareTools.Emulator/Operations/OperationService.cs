using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Resources;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Operations
{
    /// <summary>Creates dataset-scoped long-running operations and renders them as google.longrunning.Operation JSON.</summary>
    public sealed class OperationService
    {
        public const string MetadataType = "type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata";
        public const string CancelledMessage = "Operation was cancelled.";

        private readonly OperationSettings _settings;

        public OperationService(OperationSettings settings)
        {
            _settings = settings;
        }

        /// <summary>
        /// Stores a new operation under <paramref name="datasetName"/> inside the caller's write
        /// transaction and returns its stored row.
        /// </summary>
        public StoredResource Start(StorageSession session, string datasetName, OperationState state, DateTimeOffset now)
        {
            state.DurationMs = _settings.DurationMs;
            while (true)
            {
                string name = ResourceNames.Operation(datasetName, NewOperationId(now));
                if (session.Resources.TryInsert(name, ResourceKinds.Operation, datasetName, state.ToJson(), now))
                    return session.Resources.Get(name);
            }
        }

        /// <summary>Marks a running operation cancelled and undoes what it created; a finished one is left alone.</summary>
        public void Cancel(StorageSession session, StoredResource operation, DateTimeOffset now)
        {
            var state = OperationState.FromJson(operation.Body);
            if (IsDone(operation, state, now)) return;
            state.CancelTime = now;
            session.Resources.UpdateBody(operation.Name, state.ToJson(), now);
            if (state.CreatedResource != null)
            {
                session.Resources.DeleteTree(state.CreatedResource, keepKind: ResourceKinds.Operation);
                session.IamPolicies.DeleteTree(state.CreatedResource);
            }
        }

        /// <summary>The Operation JSON as of <paramref name="now"/>.</summary>
        public static JsonObject Render(StoredResource operation, DateTimeOffset now)
        {
            var state = OperationState.FromJson(operation.Body);
            var createTime = operation.CreateTime;
            var completionTime = createTime.AddMilliseconds(state.DurationMs);
            bool cancelled = state.CancelTime.HasValue;
            bool done = cancelled || now >= completionTime;
            var progressTime = cancelled ? state.CancelTime.Value : now;

            // Successes and failures progress in proportion over the duration; failures are known up front.
            long failureTotal = Math.Clamp(state.FailureItems, 0, state.TotalItems);
            long successTotal = state.TotalItems - failureTotal;
            long completed = done && !cancelled ? state.TotalItems : ItemsCompleted(state, progressTime - createTime);
            long failure = state.TotalItems == 0 ? 0 : failureTotal * completed / state.TotalItems;
            long success = Math.Min(completed - failure, successTotal);
            var counter = new JsonObject();
            ProtoJson.SetInt64(counter, "success", success);
            ProtoJson.SetInt64(counter, "failure", failure);
            if (!done) ProtoJson.SetInt64(counter, "pending", state.TotalItems - success - failure);

            var metadata = new JsonObject
            {
                ["@type"] = MetadataType,
                ["apiMethodName"] = state.ApiMethodName,
                ["createTime"] = ProtoJson.Timestamp(createTime),
            };
            if (done) metadata["endTime"] = ProtoJson.Timestamp(cancelled ? state.CancelTime.Value : completionTime);
            ProtoJson.SetBool(metadata, "cancelRequested", cancelled);
            metadata["counter"] = counter;

            var json = new JsonObject
            {
                ["name"] = operation.Name,
                ["metadata"] = metadata,
            };
            ProtoJson.SetBool(json, "done", done);
            if (cancelled)
            {
                json["error"] = new JsonObject { ["code"] = GoogleStatus.Cancelled.GrpcCode, ["message"] = CancelledMessage };
            }
            else if (done && state.Error != null)
            {
                json["error"] = state.Error.DeepClone();
            }
            else if (done && state.Response != null)
            {
                json["response"] = state.Response.DeepClone();
            }
            return json;
        }

        private static bool IsDone(StoredResource operation, OperationState state, DateTimeOffset now) =>
            state.CancelTime.HasValue || now >= operation.CreateTime.AddMilliseconds(state.DurationMs);

        private static long ItemsCompleted(OperationState state, TimeSpan elapsed)
        {
            if (state.DurationMs <= 0) return state.TotalItems;
            double fraction = Math.Clamp(elapsed.TotalMilliseconds / state.DurationMs, 0, 1);
            return (long)Math.Floor(state.TotalItems * fraction);
        }

        /// <summary>
        /// A 19-digit numeric ID like Google's: creation milliseconds then 6 random digits, so IDs
        /// sort roughly by creation time and collisions are retried by the caller.
        /// </summary>
        private static string NewOperationId(DateTimeOffset now)
        {
            long random = RandomNumberGenerator.GetInt32(0, 1_000_000);
            long id = now.ToUnixTimeMilliseconds() * 1_000_000 + random;
            return id.ToString(CultureInfo.InvariantCulture);
        }
    }
}
