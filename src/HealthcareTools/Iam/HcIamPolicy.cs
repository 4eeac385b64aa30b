using System;
using System.Collections.Generic;
using System.Linq;
using HealthcareTools.Client.Models;

namespace HealthcareTools
{
    /// <summary>The IAM policy of a dataset or store. Change Bindings and pipe it to Set-HcIamPolicy.</summary>
    public sealed class HcIamPolicy
    {
        /// <summary>The dataset or store the policy belongs to.</summary>
        public string ResourceName { get; set; }
        public int Version { get; set; }
        /// <summary>Concurrency token; Set-HcIamPolicy sends it back so a concurrent change is not overwritten.</summary>
        public string Etag { get; set; }
        public List<HcIamBinding> Bindings { get; set; } = new List<HcIamBinding>();
        /// <summary>Every member named in any binding, once each.</summary>
        public string[] Members => (Bindings ?? new List<HcIamBinding>()).SelectMany(b => b.Members ?? new string[0]).Distinct().OrderBy(m => m, StringComparer.Ordinal).ToArray();

        /// <summary>auditConfigs as JSON text, kept as is through a get-modify-set.</summary>
        public string AuditConfigs { get; set; }

        internal static HcIamPolicy From(string resourceName, IamPolicy policy) => new HcIamPolicy
        {
            ResourceName = resourceName,
            Version = policy.Version,
            Etag = policy.Etag,
            Bindings = policy.Bindings.Select(HcIamBinding.From).ToList(),
            AuditConfigs = policy.AuditConfigsJson,
        };

        internal IamPolicy ToModel() => new IamPolicy
        {
            Version = Version,
            Etag = Etag,
            Bindings = (Bindings ?? new List<HcIamBinding>()).Select(b => b.ToModel()).ToList(),
            AuditConfigsJson = AuditConfigs,
        };

        public override string ToString() => ResourceName;
    }

    /// <summary>One role and the members who hold it, optionally under a condition.</summary>
    public sealed class HcIamBinding
    {
        public string Role { get; set; }
        public string[] Members { get; set; } = new string[0];
        public string ConditionTitle { get; set; }
        public string ConditionExpression { get; set; }
        public string ConditionDescription { get; set; }

        internal static HcIamBinding From(IamBinding binding) => new HcIamBinding
        {
            Role = binding.Role,
            Members = binding.Members.ToArray(),
            ConditionTitle = binding.Condition?.Title,
            ConditionExpression = binding.Condition?.Expression,
            ConditionDescription = binding.Condition?.Description,
        };

        internal IamBinding ToModel() => new IamBinding
        {
            Role = Role,
            Members = (Members ?? new string[0]).ToList(),
            Condition = string.IsNullOrEmpty(ConditionExpression)
                ? null
                : new IamCondition { Expression = ConditionExpression, Title = ConditionTitle, Description = ConditionDescription },
        };

        public override string ToString() => Role;
    }
}
