using System;
using System.Collections.Generic;

namespace HealthcareTools.Client.Models
{
    // Engine-side resource models: plain classes mirroring the API's JSON (proto3 mapping). The engine
    // maps them to and from JSON internally; no JSON library type appears here.

    /// <summary>A Cloud Healthcare location (locations.get / list).</summary>
    public sealed class Location
    {
        public string Name { get; set; }
        public string LocationId { get; set; }
        public string DisplayName { get; set; }
        public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
    }

    /// <summary>A dataset. TimeZone empty = UTC.</summary>
    public sealed class Dataset
    {
        public string Name { get; set; }
        public string TimeZone { get; set; }
        /// <summary>encryptionSpec.kmsKeyName (CMEK), set at create only.</summary>
        public string KmsKeyName { get; set; }
    }

    /// <summary>google.rpc.Status. Code is the gRPC code (inside operations) or HTTP code (error envelope).</summary>
    public sealed class RpcStatus
    {
        public int Code { get; set; }
        public string Message { get; set; }
        /// <summary>The status name when the server sent one (e.g. NOT_FOUND), else derived from Code.</summary>
        public string Status { get; set; }
        /// <summary>Each element of details[] as compact JSON text.</summary>
        public IList<string> DetailsJson { get; set; } = new List<string>();
    }

    /// <summary>metadata.counter of an operation (int64 strings on the wire).</summary>
    public sealed class OperationCounter
    {
        public long Success { get; set; }
        public long Failure { get; set; }
        public long Pending { get; set; }
    }

    /// <summary>OperationMetadata (google.cloud.healthcare.v1.OperationMetadata).</summary>
    public sealed class OperationMetadata
    {
        public string ApiMethodName { get; set; }
        public DateTimeOffset? CreateTime { get; set; }
        public DateTimeOffset? EndTime { get; set; }
        public bool CancelRequested { get; set; }
        public string LogsUrl { get; set; }
        public OperationCounter Counter { get; set; }
    }

    /// <summary>A long-running operation.</summary>
    public sealed class Operation
    {
        public string Name { get; set; }
        public bool Done { get; set; }
        public OperationMetadata Metadata { get; set; }
        /// <summary>Set when done with an error (gRPC code; 1 = CANCELLED).</summary>
        public RpcStatus Error { get; set; }
        /// <summary>The response object as compact JSON text (includes "@type"), when done successfully.</summary>
        public string ResponseJson { get; set; }
        /// <summary>The "@type" of the response, or null.</summary>
        public string ResponseType { get; set; }
    }

    /// <summary>An IAM condition expression (CEL).</summary>
    public sealed class IamCondition
    {
        public string Expression { get; set; }
        public string Title { get; set; }
        public string Description { get; set; }
        public string Location { get; set; }
    }

    /// <summary>One role binding of an IAM policy.</summary>
    public sealed class IamBinding
    {
        public string Role { get; set; }
        public IList<string> Members { get; set; } = new List<string>();
        public IamCondition Condition { get; set; }
    }

    /// <summary>An IAM policy. AuditConfigsJson keeps auditConfigs opaque (compact JSON array text or null)
    /// so a get-modify-set round trip never drops them.</summary>
    public sealed class IamPolicy
    {
        public int Version { get; set; }
        /// <summary>Base64 etag as sent by the server; echo it back on set.</summary>
        public string Etag { get; set; }
        public IList<IamBinding> Bindings { get; set; } = new List<IamBinding>();
        public string AuditConfigsJson { get; set; }
    }

    /// <summary>One page of a list call.</summary>
    public sealed class Page<T>
    {
        public IList<T> Items { get; set; } = new List<T>();
        /// <summary>Null or empty on the last page.</summary>
        public string NextPageToken { get; set; }
    }
}
