using System;
using System.Collections.Generic;
using System.Globalization;
using HealthcareTools.Client.Models;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.Json
{
    /// <summary>Maps the API's proto3 JSON to the engine models and back (lowerCamelCase names, int64 as strings,
    /// RFC 3339 timestamps, absent = default).</summary>
    internal static class ModelJson
    {
        private static readonly System.Text.RegularExpressions.Regex FractionBeyondTicks =
            new System.Text.RegularExpressions.Regex(@"(\.\d{7})\d+");

        internal static Location ToLocation(JObject json)
        {
            var location = new Location
            {
                Name = Str(json, "name"),
                LocationId = Str(json, "locationId"),
                DisplayName = Str(json, "displayName"),
            };
            if (json["labels"] is JObject labels)
            {
                foreach (var label in labels.Properties())
                {
                    location.Labels[label.Name] = (string)label.Value;
                }
            }
            return location;
        }

        internal static Dataset ToDataset(JObject json) => new Dataset
        {
            Name = Str(json, "name"),
            TimeZone = Str(json, "timeZone"),
            KmsKeyName = json["encryptionSpec"] is JObject spec ? Str(spec, "kmsKeyName") : null,
        };

        /// <summary>The writable fields only; "name" is output-only and taken from the URL.</summary>
        internal static JObject FromDataset(Dataset dataset)
        {
            var json = new JObject();
            if (dataset == null)
            {
                return json;
            }
            if (dataset.TimeZone != null)
            {
                json["timeZone"] = dataset.TimeZone;
            }
            if (!string.IsNullOrEmpty(dataset.KmsKeyName))
            {
                json["encryptionSpec"] = new JObject { ["kmsKeyName"] = dataset.KmsKeyName };
            }
            return json;
        }

        internal static Operation ToOperation(JObject json)
        {
            var operation = new Operation
            {
                Name = Str(json, "name"),
                Done = json["done"]?.Type == JTokenType.Boolean && (bool)json["done"],
                Metadata = json["metadata"] is JObject metadata ? ToMetadata(metadata) : null,
                Error = json["error"] is JObject error ? ToStatus(error, fromOperation: true) : null,
            };
            if (json["response"] is JObject response)
            {
                operation.ResponseJson = JsonText.Compact(response);
                operation.ResponseType = Str(response, "@type");
            }
            return operation;
        }

        internal static OperationMetadata ToMetadata(JObject json) => new OperationMetadata
        {
            ApiMethodName = Str(json, "apiMethodName"),
            CreateTime = Timestamp(json["createTime"]),
            EndTime = Timestamp(json["endTime"]),
            CancelRequested = json["cancelRequested"]?.Type == JTokenType.Boolean && (bool)json["cancelRequested"],
            LogsUrl = Str(json, "logsUrl"),
            Counter = json["counter"] is JObject counter
                ? new OperationCounter
                {
                    Success = Int64(counter["success"]),
                    Failure = Int64(counter["failure"]),
                    Pending = Int64(counter["pending"]),
                }
                : null,
        };

        /// <summary>google.rpc.Status; inside an operation the code is gRPC and the name is derived from it.</summary>
        internal static RpcStatus ToStatus(JObject json, bool fromOperation)
        {
            var code = (int)Int64(json["code"]);
            var status = new RpcStatus
            {
                Code = code,
                Message = Str(json, "message"),
                Status = Str(json, "status") ?? (fromOperation ? OperationResults.GrpcCodeName(code) : null),
            };
            if (json["details"] is JArray details)
            {
                foreach (var detail in details)
                {
                    status.DetailsJson.Add(JsonText.Compact(detail));
                }
            }
            return status;
        }

        internal static IamPolicy ToPolicy(JObject json)
        {
            var policy = new IamPolicy
            {
                Version = (int)Int64(json["version"]),
                Etag = Str(json, "etag"),
                AuditConfigsJson = json["auditConfigs"] is JArray audit ? JsonText.Compact(audit) : null,
            };
            if (json["bindings"] is JArray bindings)
            {
                foreach (var item in bindings)
                {
                    if (item is JObject binding)
                    {
                        policy.Bindings.Add(ToBinding(binding));
                    }
                }
            }
            return policy;
        }

        internal static JObject FromPolicy(IamPolicy policy)
        {
            var json = new JObject();
            if (policy.Version != 0)
            {
                json["version"] = policy.Version;
            }
            var bindings = new JArray();
            foreach (var binding in policy.Bindings ?? new List<IamBinding>())
            {
                bindings.Add(FromBinding(binding));
            }
            json["bindings"] = bindings;
            if (!string.IsNullOrEmpty(policy.AuditConfigsJson))
            {
                json["auditConfigs"] = JsonText.Parse(policy.AuditConfigsJson);
            }
            if (!string.IsNullOrEmpty(policy.Etag))
            {
                json["etag"] = policy.Etag;
            }
            return json;
        }

        private static IamBinding ToBinding(JObject json)
        {
            var binding = new IamBinding { Role = Str(json, "role") };
            if (json["members"] is JArray members)
            {
                foreach (var member in members)
                {
                    binding.Members.Add((string)member);
                }
            }
            if (json["condition"] is JObject condition)
            {
                binding.Condition = new IamCondition
                {
                    Expression = Str(condition, "expression"),
                    Title = Str(condition, "title"),
                    Description = Str(condition, "description"),
                    Location = Str(condition, "location"),
                };
            }
            return binding;
        }

        private static JObject FromBinding(IamBinding binding)
        {
            var json = new JObject { ["role"] = binding.Role, ["members"] = new JArray(binding.Members ?? new List<string>()) };
            if (binding.Condition != null)
            {
                var condition = new JObject();
                AddIfSet(condition, "expression", binding.Condition.Expression);
                AddIfSet(condition, "title", binding.Condition.Title);
                AddIfSet(condition, "description", binding.Condition.Description);
                AddIfSet(condition, "location", binding.Condition.Location);
                json["condition"] = condition;
            }
            return json;
        }

        internal static string Str(JObject json, string property)
        {
            var token = json[property];
            return token == null || token.Type == JTokenType.Null ? null : (string)token;
        }

        /// <summary>int64 arrives as a JSON string per proto3; accept a number too.</summary>
        internal static long Int64(JToken token)
        {
            if (token == null || token.Type == JTokenType.Null)
            {
                return 0;
            }
            if (token.Type == JTokenType.Integer)
            {
                return (long)token;
            }
            if (token.Type == JTokenType.Float)
            {
                return (long)(decimal)token;
            }
            return long.TryParse((string)token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }

        internal static DateTimeOffset? Timestamp(JToken token)
        {
            if (token == null || token.Type != JTokenType.String)
            {
                return null;
            }
            // RFC 3339 allows nanoseconds; .NET parses at most 7 fractional digits.
            var text = FractionBeyondTicks.Replace((string)token, "$1");
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : (DateTimeOffset?)null;
        }

        private static void AddIfSet(JObject json, string property, string value)
        {
            if (value != null)
            {
                json[property] = value;
            }
        }
    }
}
