using System;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;

namespace HealthcareTools
{
    /// <summary>A long-running operation (dataset create, import, export, de-identify, …).</summary>
    public sealed class HcOperation
    {
        /// <summary>Full resource name: projects/{p}/locations/{l}/datasets/{d}/operations/{id}.</summary>
        public string Name { get; set; }
        public string Project { get; set; }
        public string Location { get; set; }
        public string DatasetId { get; set; }
        public string OperationId { get; set; }
        /// <summary>Running, Succeeded, Failed or Cancelled.</summary>
        public string State { get; set; }
        public bool Done { get; set; }
        /// <summary>The short method name, e.g. CreateDataset.</summary>
        public string Method { get; set; }
        public string ApiMethodName { get; set; }
        public DateTime? CreateTime { get; set; }
        public DateTime? EndTime { get; set; }
        public long Success { get; set; }
        public long Failure { get; set; }
        public long Pending { get; set; }
        public bool CancelRequested { get; set; }
        /// <summary>gRPC code of the error when the operation failed (1 = cancelled).</summary>
        public int? ErrorCode { get; set; }
        public string ErrorMessage { get; set; }
        /// <summary>The operation's response as JSON text, when it succeeded.</summary>
        public string Response { get; set; }
        public string LogsUrl { get; set; }

        /// <summary>Percentage done from the counters, or null when the operation has none.</summary>
        public int? PercentComplete
        {
            get
            {
                var total = Success + Failure + Pending;
                if (Done)
                {
                    return 100;
                }

                return total == 0 ? (int?)null : (int)((Success + Failure) * 100 / total);
            }
        }

        /// <summary>How long the operation ran (so far, when still running).</summary>
        public TimeSpan? Duration => CreateTime == null ? (TimeSpan?)null : (EndTime ?? DateTime.UtcNow) - CreateTime.Value;

        internal static HcOperation From(Operation operation)
        {
            var result = new HcOperation
            {
                Name = operation.Name,
                Done = operation.Done,
                ApiMethodName = operation.Metadata?.ApiMethodName,
                Method = ShortMethod(operation.Metadata?.ApiMethodName),
                CreateTime = operation.Metadata?.CreateTime?.UtcDateTime,
                EndTime = operation.Metadata?.EndTime?.UtcDateTime,
                Success = operation.Metadata?.Counter?.Success ?? 0,
                Failure = operation.Metadata?.Counter?.Failure ?? 0,
                Pending = operation.Metadata?.Counter?.Pending ?? 0,
                CancelRequested = operation.Metadata?.CancelRequested ?? false,
                LogsUrl = operation.Metadata?.LogsUrl,
                ErrorCode = operation.Error?.Code,
                ErrorMessage = operation.Error?.Message,
                Response = operation.ResponseJson,
            };
            result.State = !operation.Done ? "Running"
                : operation.Error == null ? "Succeeded"
                : operation.Error.Code == 1 ? "Cancelled"
                : "Failed";
            if (operation.Name != null && OperationName.TryParse(operation.Name, out var name))
            {
                result.Project = name.Dataset.Project;
                result.Location = name.Dataset.Location;
                result.DatasetId = name.Dataset.DatasetId;
                result.OperationId = name.OperationId;
            }

            return result;
        }

        private static string ShortMethod(string apiMethodName)
        {
            if (string.IsNullOrEmpty(apiMethodName))
            {
                return null;
            }

            var dot = apiMethodName.LastIndexOf('.');
            return dot < 0 ? apiMethodName : apiMethodName.Substring(dot + 1);
        }

        public override string ToString() => Name;
    }
}
