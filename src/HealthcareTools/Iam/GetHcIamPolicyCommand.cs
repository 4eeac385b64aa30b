using System.Management.Automation;

namespace HealthcareTools.Iam
{
    /// <summary>
    /// <para type="synopsis">Gets the IAM policy of a dataset or store.</para>
    /// <para type="description">Returns the policy's bindings (role and members, with any condition) and its
    /// etag. Change the bindings and pipe the policy to Set-HcIamPolicy, or use Add-HcIamPolicyBinding and
    /// Remove-HcIamPolicyBinding for single changes.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcIamPolicy -Name radiology | Select-Object -ExpandProperty Bindings</code>
    /// <para>Shows who holds which role on the dataset radiology.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset | Get-HcIamPolicy</code>
    /// <para>Gets the policy of every dataset in the default location.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcIamPolicy")]
    [OutputType(typeof(HcIamPolicy))]
    public sealed class GetHcIamPolicyCommand : IamCmdlet
    {
        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var resource = ResourceName();
                WriteObject(HcIamPolicy.From(resource, Call(token => Client.GetIamPolicyAsync(resource, PolicyVersion, token))));
            }, "ResourceNotFound");
        }
    }
}
