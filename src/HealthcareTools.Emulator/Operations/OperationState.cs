using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace HealthcareTools.Emulator.Operations
{
    /// <summary>
    /// What is stored for an operation: enough to compute its state lazily on every read
    /// (progress from the creation time and duration), so no background loop is needed and
    /// the state survives restarts.
    /// </summary>
    public sealed class OperationState
    {
        public string ApiMethodName { get; set; }
        public long DurationMs { get; set; }
        public long TotalItems { get; set; } = 1;

        /// <summary>How many of <see cref="TotalItems"/> failed (counter.failure); the rest succeeded.</summary>
        public long FailureItems { get; set; }

        /// <summary>When set, the operation ends with this google.rpc.Status instead of a response.</summary>
        public JsonObject Error { get; set; }

        /// <summary>The Operation.response once done, including its "@type".</summary>
        public JsonObject Response { get; set; }

        /// <summary>A resource the operation created, removed again if the operation is cancelled.</summary>
        public string CreatedResource { get; set; }

        public DateTimeOffset? CancelTime { get; set; }

        public JsonObject ToJson()
        {
            var json = new JsonObject
            {
                ["apiMethodName"] = ApiMethodName,
                ["durationMs"] = DurationMs,
                ["totalItems"] = TotalItems,
            };
            if (FailureItems != 0) json["failureItems"] = FailureItems;
            if (Error != null) json["error"] = Error.DeepClone();
            if (Response != null) json["response"] = Response.DeepClone();
            if (CreatedResource != null) json["createdResource"] = CreatedResource;
            if (CancelTime.HasValue) json["cancelTimeTicks"] = CancelTime.Value.UtcTicks.ToString(CultureInfo.InvariantCulture);
            return json;
        }

        public static OperationState FromJson(JsonObject json)
        {
            var state = new OperationState
            {
                ApiMethodName = (string)json["apiMethodName"],
                DurationMs = (long)json["durationMs"],
                TotalItems = (long)json["totalItems"],
                Response = json["response"]?.DeepClone() as JsonObject,
                CreatedResource = (string)json["createdResource"],
                FailureItems = json["failureItems"] is JsonValue failures ? (long)failures : 0,
                Error = json["error"]?.DeepClone() as JsonObject,
            };
            string cancelTicks = (string)json["cancelTimeTicks"];
            if (cancelTicks != null) state.CancelTime = new DateTimeOffset(long.Parse(cancelTicks, CultureInfo.InvariantCulture), TimeSpan.Zero);
            return state;
        }
    }
}
