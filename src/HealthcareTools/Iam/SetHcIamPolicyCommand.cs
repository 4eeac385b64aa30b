using System.Management.Automation;
using HealthcareTools.Common;

namespace HealthcareTools.Iam
{
    /// <summary>
    /// <para type="synopsis">Replaces the IAM policy of a dataset or store.</para>
    /// <para type="description">Sends the whole policy, with its etag: if someone changed the policy since it
    /// was read, the server refuses (ABORTED) instead of losing their change — read it again and retry.
    /// The policy's ResourceName says where it goes unless -Name is given.</para>
    /// </summary>
    /// <example>
    /// <code>$policy = Get-HcIamPolicy radiology; $policy.Bindings.Add([HealthcareTools.HcIamBinding]@{ Role = 'roles/healthcare.dicomViewer'; Members = 'group:readers@example.com' }); $policy | Set-HcIamPolicy -PassThru</code>
    /// <para>Adds a binding and writes the policy back.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcIamPolicy source-ds | Set-HcIamPolicy -Name target-ds -WhatIf</code>
    /// <para>Shows that the policy of one dataset would be copied to another.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "HcIamPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(HcIamPolicy))]
    public sealed class SetHcIamPolicyCommand : IamCmdlet
    {
        /// <summary><para type="description">The policy to set, usually from Get-HcIamPolicy.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public HcIamPolicy Policy { get; set; }

        /// <summary><para type="description">Return the policy as stored (with its new etag).</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var resource = ResourceName();
                if (!ShouldProcess(resource, $"Set IAM policy ({Policy.Bindings?.Count ?? 0} bindings)"))
                {
                    return;
                }

                var stored = Call(token => Client.SetIamPolicyAsync(resource, Policy.ToModel(), null, token));
                if (PassThru)
                {
                    WriteObject(HcIamPolicy.From(resource, stored));
                }
            }, "ResourceNotFound");
        }
    }
}
