using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Models;

namespace HealthcareTools.Iam
{
    /// <summary>
    /// <para type="synopsis">Grants a role to members on a dataset or store.</para>
    /// <para type="description">Reads the policy, adds the members to the role's binding (creating it when
    /// needed) and writes it back, retrying when a concurrent change intervenes. Returns the new policy.
    /// Members already holding the role are left as they are.</para>
    /// </summary>
    /// <example>
    /// <code>Add-HcIamPolicyBinding -Name radiology -Role roles/healthcare.dicomViewer -Member 'user:ana@example.com'</code>
    /// <para>Lets ana read DICOM data in the dataset radiology.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset 'site-*' | Add-HcIamPolicyBinding -Role roles/healthcare.datasetViewer -Member 'group:ops@example.com'</code>
    /// <para>Grants a role on several datasets.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Add, "HcIamPolicyBinding", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(HcIamPolicy))]
    public sealed class AddHcIamPolicyBindingCommand : IamCmdlet
    {
        /// <summary><para type="description">The role, such as roles/healthcare.dicomEditor.</para></summary>
        [Parameter(Mandatory = true)]
        public string Role { get; set; }

        /// <summary><para type="description">Members: user:, serviceAccount:, group:, domain:, allAuthenticatedUsers…</para></summary>
        [Parameter(Mandatory = true)]
        public string[] Member { get; set; }

        /// <summary><para type="description">Optional CEL condition expression for the binding (policy version 3).</para></summary>
        [Parameter]
        public string ConditionExpression { get; set; }

        /// <summary><para type="description">Title of the condition (required with -ConditionExpression).</para></summary>
        [Parameter]
        public string ConditionTitle { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var resource = ResourceName();
                if (!ShouldProcess(resource, $"Grant {Role} to {string.Join(", ", Member)}"))
                {
                    return;
                }

                var stored = PolicyEdit.Apply(
                    () => Call(token => Client.GetIamPolicyAsync(resource, PolicyVersion, token)),
                    policy => Call(token => Client.SetIamPolicyAsync(resource, policy, null, token)),
                    Grant);
                WriteObject(HcIamPolicy.From(resource, stored));
            }, "ResourceNotFound");
        }

        private bool Grant(IamPolicy policy)
        {
            var binding = policy.Bindings.FirstOrDefault(b => b.Role == Role && b.Condition?.Expression == ConditionExpression);
            if (binding == null)
            {
                binding = new IamBinding { Role = Role };
                if (!string.IsNullOrEmpty(ConditionExpression))
                {
                    binding.Condition = new IamCondition { Expression = ConditionExpression, Title = ConditionTitle };
                    policy.Version = 3;
                }

                policy.Bindings.Add(binding);
            }

            var added = Member.Where(member => !binding.Members.Contains(member)).ToList();
            foreach (var member in added)
            {
                binding.Members.Add(member);
            }

            return added.Count > 0;
        }
    }
}
