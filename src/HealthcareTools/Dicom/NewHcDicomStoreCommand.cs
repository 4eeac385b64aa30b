using System.Collections;
using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Models;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Creates a DICOM store in a dataset.</para>
    /// <para type="description">Creates the store (synchronously) with optional labels, a Pub/Sub topic that is
    /// notified of every new instance, and BigQuery tables that new instances stream to; returns the store.
    /// A store that already exists is a non-terminating ResourceExists error. Datasets can be piped in.</para>
    /// </summary>
    /// <example>
    /// <code>New-HcDicomStore -Dataset radiology -Name ct -Label @{ modality = 'ct' } -PubsubTopic projects/my-project/topics/dicom-in</code>
    /// <para>Creates the store ct with a label and notifications.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset 'site-*' | New-HcDicomStore -Name incoming</code>
    /// <para>Creates a store named incoming in each matching dataset.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "HcDicomStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(HcDicomStore))]
    public sealed class NewHcDicomStoreCommand : DicomStoreCmdlet
    {
        /// <summary><para type="description">The new store's ID, or its full resource name.</para></summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("DicomStoreId")]
        public string Name { get; set; }

        /// <summary><para type="description">Labels as a hashtable: keys of lower-case letters, values of letters, digits, '_' and '-'.</para></summary>
        [Parameter]
        public Hashtable Label { get; set; }

        /// <summary><para type="description">Pub/Sub topic (projects/{p}/topics/{t}) notified of every new instance.</para></summary>
        [Parameter]
        public string PubsubTopic { get; set; }

        /// <summary><para type="description">Also notify for instances imported in bulk.</para></summary>
        [Parameter]
        public SwitchParameter SendForBulkImport { get; set; }

        /// <summary><para type="description">BigQuery tables (bq://project.dataset.table) that new instances stream to.</para></summary>
        [Parameter]
        public string[] StreamConfig { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var name = StoreNameFrom(Name);
                if (!ShouldProcess(name.ToString(), "Create DICOM store"))
                {
                    return;
                }

                var store = new DicomStore
                {
                    Labels = LabelsFrom(Label),
                    NotificationConfig = string.IsNullOrEmpty(PubsubTopic) ? null : new DicomNotificationConfig { PubsubTopic = PubsubTopic, SendForBulkImport = SendForBulkImport },
                    StreamConfigs = (StreamConfig ?? new string[0]).Select(table => new DicomStreamConfig { BigQueryTableUri = table }).ToList(),
                };
                var created = Call(token => Client.CreateDicomStoreAsync(name.Dataset, name.StoreId, store, token));
                WriteObject(HcDicomStore.From(created));
            }, "DicomStoreNotFound");
        }
    }
}
