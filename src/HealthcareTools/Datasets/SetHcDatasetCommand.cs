using System.Management.Automation;
using HealthcareTools.Client.Models;
using HealthcareTools.Common;

namespace HealthcareTools.Datasets
{
    /// <summary>
    /// <para type="synopsis">Changes a dataset's settings.</para>
    /// <para type="description">Only the time zone of a dataset can change; its encryption key is fixed at
    /// creation. Datasets can be piped from Get-HcDataset. Use -PassThru to get the updated dataset.</para>
    /// </summary>
    /// <example>
    /// <code>Set-HcDataset -Name radiology -TimeZone America/Chicago -PassThru</code>
    /// <para>Sets the time zone of the dataset radiology and returns it.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset 'site-*' | Set-HcDataset -TimeZone UTC -WhatIf</code>
    /// <para>Shows which datasets would be changed, without changing them.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "HcDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(HcDataset))]
    public sealed class SetHcDatasetCommand : DatasetCmdlet
    {
        /// <summary><para type="description">The new IANA time zone, such as Europe/Berlin; an empty string means UTC.</para></summary>
        [Parameter(Mandatory = true)]
        [AllowEmptyString]
        public string TimeZone { get; set; }

        /// <summary><para type="description">Return the updated dataset.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var name = TargetDataset;
                if (!ShouldProcess(name.ToString(), $"Set time zone to '{TimeZone}'"))
                {
                    return;
                }

                var updated = Call(token => Client.PatchDatasetAsync(name, new Dataset { TimeZone = TimeZone }, "timeZone", token));
                if (PassThru)
                {
                    WriteObject(HcDataset.From(updated));
                }
            }, "DatasetNotFound");
        }
    }
}
