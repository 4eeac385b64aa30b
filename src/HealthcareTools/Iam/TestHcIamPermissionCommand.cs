using System.Management.Automation;

namespace HealthcareTools.Iam
{
    /// <summary>
    /// <para type="synopsis">Tests which permissions the caller holds on a dataset or store.</para>
    /// <para type="description">Returns the subset of the given permissions that the current credentials
    /// hold, one string each. An empty result means none.</para>
    /// </summary>
    /// <example>
    /// <code>Test-HcIamPermission -Name radiology -Permission healthcare.datasets.get, healthcare.datasets.delete</code>
    /// <para>Shows which of the two permissions are held.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset | Where-Object { Test-HcIamPermission -Name $_.Name -Permission healthcare.datasets.delete }</code>
    /// <para>Lists the datasets the caller may delete.</para>
    /// </example>
    [Cmdlet(VerbsDiagnostic.Test, "HcIamPermission")]
    [OutputType(typeof(string))]
    public sealed class TestHcIamPermissionCommand : IamCmdlet
    {
        /// <summary><para type="description">Permission names such as healthcare.dicomStores.dicomWebRead.</para></summary>
        [Parameter(Mandatory = true)]
        public string[] Permission { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var resource = ResourceName();
                foreach (var held in Call(token => Client.TestIamPermissionsAsync(resource, Permission, token)))
                {
                    WriteObject(held);
                }
            }, "ResourceNotFound");
        }
    }
}
