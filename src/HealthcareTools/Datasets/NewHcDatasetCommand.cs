using System;
using System.Collections.Generic;
using System.Management.Automation;
using HealthcareTools.Client;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Datasets
{
    /// <summary>
    /// <para type="synopsis">Creates a Cloud Healthcare dataset.</para>
    /// <para type="description">Creating a dataset is a long-running operation. By default the cmdlet waits
    /// for it (with a progress bar) and returns the new dataset; with -NoWait it returns the operation at
    /// once, to be awaited later with Wait-HcOperation. Several names, typed or piped, are created
    /// concurrently and awaited together. A name that already exists is a non-terminating error
    /// (ResourceExists) and the others go on.</para>
    /// </summary>
    /// <example>
    /// <code>New-HcDataset -Project my-project -Location us-central1 -Name radiology -TimeZone Europe/Paris</code>
    /// <para>Creates the dataset radiology and returns it once it exists.</para>
    /// </example>
    /// <example>
    /// <code>'site-a','site-b' | ForEach-Object { [pscustomobject]@{ Name = $_ } } | New-HcDataset -NoWait | Wait-HcOperation</code>
    /// <para>Starts two creates without waiting, then waits for both operations.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "HcDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(HcDataset), typeof(HcOperation))]
    public sealed class NewHcDatasetCommand : HcCmdlet
    {
        private readonly Dictionary<string, DatasetName> running = new Dictionary<string, DatasetName>();
        private readonly List<Operation> runningOperations = new List<Operation>();

        /// <summary><para type="description">The new dataset's ID (1-256 letters, digits, '_', '-', '.') or its full resource name.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("DatasetId")]
        public string Name { get; set; }

        /// <summary><para type="description">Project ID. Default: Set-HcDefault, then GOOGLE_CLOUD_PROJECT, then gcloud's configuration.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Project { get; set; }

        /// <summary><para type="description">Location ID, such as us-central1.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Location { get; set; }

        /// <summary><para type="description">IANA time zone name (e.g. America/New_York) used for HL7v2 times that have none. Default: UTC.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string TimeZone { get; set; }

        /// <summary><para type="description">Cloud KMS key for customer-managed encryption (projects/…/cryptoKeys/…); cannot be changed later.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string KmsKeyName { get; set; }

        /// <summary><para type="description">Return the operation without waiting for it.</para></summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary><para type="description">Seconds to wait for the operation before giving up (the dataset may still be created). Default: no limit.</para></summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Name, () =>
            {
                var name = DatasetNameFrom(Name, Project, Location);
                if (!ShouldProcess(name.ToString(), "Create dataset"))
                {
                    return;
                }

                var body = new Dataset { TimeZone = TimeZone, KmsKeyName = KmsKeyName };
                var operation = Call(token => Client.CreateDatasetAsync(name.Parent, name.DatasetId, body, token));
                if (NoWait && operation.Name != null)
                {
                    WriteObject(HcOperation.From(operation));
                }
                else if (operation.Done || NoWait)
                {
                    WriteCreated(operation, name);
                }
                else
                {
                    running[operation.Name] = name;
                    runningOperations.Add(operation);
                }
            }, "DatasetNotFound");
        }

        protected override void EndProcessing()
        {
            if (runningOperations.Count > 0)
            {
                new OperationWaiting(this, WriteProgress, "Creating datasets").WaitAll(
                    runningOperations,
                    Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null,
                    operation => ForItem(operation.Name, () => WriteCreated(operation, running[operation.Name])),
                    (operation, error) => WriteError(ErrorRecords.From(error, operation.Name)));
            }

            base.EndProcessing();
        }

        private void WriteCreated(Operation operation, DatasetName name)
        {
            OperationResults.ThrowIfFailed(operation);
            WriteObject(HcDataset.From(Call(token => Client.GetDatasetAsync(name, token))));
        }
    }
}
