using System.Management.Automation;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Deletes a DICOM store and every instance in it.</para>
    /// <para type="description">The deletion cannot be undone. The cmdlet asks for confirmation unless -Force
    /// is given; -WhatIf shows what would be deleted. A store that does not exist is a non-terminating
    /// ObjectNotFound error (DicomStoreNotFound).</para>
    /// </summary>
    /// <example>
    /// <code>Remove-HcDicomStore -Dataset radiology -Name scratch -Force</code>
    /// <para>Deletes the store scratch without asking.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomStore -Dataset radiology -Name 'test-*' | Remove-HcDicomStore -WhatIf</code>
    /// <para>Shows which stores would be deleted.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "HcDicomStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(HcDicomStore))]
    public sealed class RemoveHcDicomStoreCommand : DicomStoreCmdlet
    {
        /// <summary><para type="description">Store ID or full resource name; piped stores bind by their Name.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; }

        /// <summary><para type="description">Delete without asking for confirmation.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary><para type="description">Return the deleted store's identity.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var name = StoreNameFrom(Name);
                if (!ShouldChange(Force, name.ToString(), "Delete DICOM store and all its instances"))
                {
                    return;
                }

                Call(token => Client.DeleteDicomStoreAsync(name, token));
                if (PassThru)
                {
                    WriteObject(new HcDicomStore
                    {
                        Name = name.ToString(),
                        Project = name.Dataset.Project,
                        Location = name.Dataset.Location,
                        DatasetId = name.Dataset.DatasetId,
                        DicomStoreId = name.StoreId,
                    });
                }
            }, "DicomStoreNotFound");
        }
    }
}
