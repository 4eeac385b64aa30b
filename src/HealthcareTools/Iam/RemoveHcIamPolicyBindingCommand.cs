using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Models;

namespace HealthcareTools.Iam
{
    /// <summary>
    /// <para type="synopsis">Revokes a role from members on a dataset or store.</para>
    /// <para type="description">Reads the policy, removes the members from the role's bindings (dropping a
    /// binding left empty) and writes it back, retrying when a concurrent change intervenes. Asks for
    /// confirmation unless -Force is given. Returns the new policy with -PassThru.</para>
    /// </summary>
    /// <example>
    /// <code>Remove-HcIamPolicyBinding -Name radiology -Role roles/healthcare.dicomViewer -Member 'user:ana@example.com' -Force</code>
    /// <para>Revokes ana's read access.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset | Remove-HcIamPolicyBinding -Role roles/healthcare.datasetAdmin -Member 'user:old@example.com' -WhatIf</code>
    /// <para>Shows on which datasets the role would be revoked.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "HcIamPolicyBinding", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(HcIamPolicy))]
    public sealed class RemoveHcIamPolicyBindingCommand : IamCmdlet
    {
        /// <summary><para type="description">The role to revoke.</para></summary>
        [Parameter(Mandatory = true)]
        public string Role { get; set; }

        /// <summary><para type="description">The members to remove from the role.</para></summary>
        [Parameter(Mandatory = true)]
        public string[] Member { get; set; }

        /// <summary><para type="description">Change without asking for confirmation.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary><para type="description">Return the policy as stored.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var resource = ResourceName();
                if (!ShouldChange(Force, resource, $"Revoke {Role} from {string.Join(", ", Member)}"))
                {
                    return;
                }

                var stored = PolicyEdit.Apply(
                    () => Call(token => Client.GetIamPolicyAsync(resource, PolicyVersion, token)),
                    policy => Call(token => Client.SetIamPolicyAsync(resource, policy, null, token)),
                    Revoke);
                if (PassThru)
                {
                    WriteObject(HcIamPolicy.From(resource, stored));
                }
            }, "ResourceNotFound");
        }

        private bool Revoke(IamPolicy policy)
        {
            var changed = false;
            foreach (var binding in policy.Bindings.Where(b => b.Role == Role).ToList())
            {
                foreach (var member in Member)
                {
                    changed |= binding.Members.Remove(member);
                }

                if (binding.Members.Count == 0)
                {
                    policy.Bindings.Remove(binding);
                }
            }

            return changed;
        }
    }
}
