using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Models;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Changes a DICOM store's labels, notifications or BigQuery streaming.</para>
    /// <para type="description">Only the settings given change (the update mask is built from the parameters):
    /// -Label replaces all labels, -PubsubTopic '' removes notifications, -StreamConfig @() stops streaming.
    /// Stores can be piped from Get-HcDicomStore. Use -PassThru to get the updated store.</para>
    /// </summary>
    /// <example>
    /// <code>Set-HcDicomStore -Dataset radiology -Name ct -PubsubTopic projects/my-project/topics/dicom-in -SendForBulkImport -PassThru</code>
    /// <para>Turns on notifications, also for bulk imports.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomStore -Dataset radiology | Set-HcDicomStore -Label @{ env = 'prod' } -WhatIf</code>
    /// <para>Shows which stores would be relabelled.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "HcDicomStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(HcDicomStore))]
    public sealed class SetHcDicomStoreCommand : DicomStoreCmdlet
    {
        /// <summary><para type="description">Store ID or full resource name; piped stores bind by their Name.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; }

        /// <summary><para type="description">The store's new labels (replacing all current ones); @{} removes them all.</para></summary>
        [Parameter]
        public Hashtable Label { get; set; }

        /// <summary><para type="description">Pub/Sub topic notified of new instances; an empty string turns notifications off.</para></summary>
        [Parameter]
        [AllowEmptyString]
        public string PubsubTopic { get; set; }

        /// <summary><para type="description">Also notify for bulk imports (-SendForBulkImport:$false to stop).</para></summary>
        [Parameter]
        public SwitchParameter SendForBulkImport { get; set; }

        /// <summary><para type="description">BigQuery tables (bq://project.dataset.table) that new instances stream to; @() stops streaming.</para></summary>
        [Parameter]
        [AllowEmptyCollection]
        public string[] StreamConfig { get; set; }

        /// <summary><para type="description">Return the updated store.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var name = StoreNameFrom(Name);
                var (store, mask) = Changes();
                if (!ShouldProcess(name.ToString(), $"Update {mask}"))
                {
                    return;
                }

                var updated = Call(token => Client.PatchDicomStoreAsync(name, store, mask, token));
                if (PassThru)
                {
                    WriteObject(HcDicomStore.From(updated));
                }
            }, "DicomStoreNotFound");
        }

        private (DicomStore Store, string Mask) Changes()
        {
            var bound = MyInvocation.BoundParameters;
            var store = new DicomStore();
            var mask = new List<string>();
            if (bound.ContainsKey(nameof(Label)))
            {
                store.Labels = LabelsFrom(Label);
                mask.Add("labels");
            }

            var topicGiven = bound.ContainsKey(nameof(PubsubTopic));
            if (topicGiven && string.IsNullOrEmpty(PubsubTopic))
            {
                mask.Add("notificationConfig");   // sent as absent: notifications off
            }
            else if (topicGiven || bound.ContainsKey(nameof(SendForBulkImport)))
            {
                store.NotificationConfig = new DicomNotificationConfig { PubsubTopic = PubsubTopic, SendForBulkImport = SendForBulkImport };
                if (topicGiven)
                {
                    mask.Add("notificationConfig.pubsubTopic");
                }

                if (bound.ContainsKey(nameof(SendForBulkImport)))
                {
                    mask.Add("notificationConfig.sendForBulkImport");
                }
            }

            if (bound.ContainsKey(nameof(StreamConfig)))
            {
                store.StreamConfigs = (StreamConfig ?? new string[0]).Select(table => new DicomStreamConfig { BigQueryTableUri = table }).ToList();
                mask.Add("streamConfigs");
            }

            if (mask.Count == 0)
            {
                throw new ArgumentException("Nothing to change: give -Label, -PubsubTopic, -SendForBulkImport or -StreamConfig.");
            }

            return (store, string.Join(",", mask));
        }
    }
}
