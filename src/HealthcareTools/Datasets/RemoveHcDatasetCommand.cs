using System.Management.Automation;
using HealthcareTools.Common;

namespace HealthcareTools.Datasets
{
    /// <summary>
    /// <para type="synopsis">Deletes a dataset and everything in it.</para>
    /// <para type="description">Deleting a dataset deletes all its DICOM, FHIR and HL7v2 stores and their
    /// data; it cannot be undone. The cmdlet asks for confirmation unless -Force is given; -WhatIf shows
    /// what would be deleted. A dataset that does not exist is a non-terminating ObjectNotFound error.</para>
    /// </summary>
    /// <example>
    /// <code>Remove-HcDataset -Name scratch -Force</code>
    /// <para>Deletes the dataset scratch without asking.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset 'test-*' | Remove-HcDataset -WhatIf</code>
    /// <para>Shows which datasets would be deleted.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "HcDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(HcDataset))]
    public sealed class RemoveHcDatasetCommand : DatasetCmdlet
    {
        /// <summary><para type="description">Delete without asking for confirmation.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary><para type="description">Return the deleted dataset's identity.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var name = TargetDataset;
                if (!ShouldChange(Force, name.ToString(), "Delete dataset and all its stores"))
                {
                    return;
                }

                Call(token => Client.DeleteDatasetAsync(name, token));
                if (PassThru)
                {
                    WriteObject(new HcDataset { Name = name.ToString(), Project = name.Project, Location = name.Location, DatasetId = name.DatasetId });
                }
            }, "DatasetNotFound");
        }
    }
}
