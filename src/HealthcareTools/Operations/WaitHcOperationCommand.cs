using System;
using System.Collections.Generic;
using System.Management.Automation;
using HealthcareTools.Client;
using HealthcareTools.Client.Models;
using HealthcareTools.Common;

namespace HealthcareTools.Operations
{
    /// <summary>
    /// <para type="synopsis">Waits for long-running operations to finish.</para>
    /// <para type="description">Polls each operation (1 s, then ×1.4 up to 20 s, as gcloud does) with one
    /// progress bar built from the operations' counters, and writes each operation as it finishes. A
    /// failed or cancelled operation is also reported as a non-terminating error, so scheduled scripts
    /// notice it. Piped operations are all awaited together.</para>
    /// </summary>
    /// <example>
    /// <code>New-HcDataset -Name scratch -NoWait | Wait-HcOperation -Timeout 600</code>
    /// <para>Starts a create and waits at most ten minutes for it.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcOperation -Dataset radiology | Where-Object { -not $_.Done } | Wait-HcOperation</code>
    /// <para>Waits for every running operation of the dataset.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Wait, "HcOperation")]
    [OutputType(typeof(HcOperation))]
    public sealed class WaitHcOperationCommand : OperationCmdlet
    {
        private readonly List<Operation> pending = new List<Operation>();

        /// <summary><para type="description">Operation IDs or full operation names.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] Name { get; set; }

        /// <summary><para type="description">Seconds to wait in all before a non-terminating OperationTimeout error per unfinished operation.</para></summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                ForItem(name, () =>
                {
                    var operationName = OperationNameFrom(name);
                    pending.Add(new Operation { Name = operationName.ToString() });
                }, "OperationNotFound");
            }
        }

        protected override void EndProcessing()
        {
            if (pending.Count > 0)
            {
                new OperationWaiting(this, WriteProgress, "Waiting for operations").WaitAll(
                    pending,
                    Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null,
                    operation =>
                    {
                        WriteObject(HcOperation.From(operation));
                        ForItem(operation.Name, () => OperationResults.ThrowIfFailed(operation));
                    },
                    (operation, error) => WriteError(ErrorRecords.From(error, operation.Name, "OperationNotFound")));
            }

            base.EndProcessing();
        }
    }
}
