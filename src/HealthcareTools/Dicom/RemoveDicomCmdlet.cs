using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Models;
using HealthcareTools.Common;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// Deleting studies, series and instances: ConfirmImpact High with -Force, and on Cloud Healthcare the
    /// study and series deletes are long-running operations, awaited together (with progress) unless -NoWait.
    /// </summary>
    public abstract class RemoveDicomCmdlet : DicomWebCmdlet
    {
        private readonly List<Operation> running = new List<Operation>();

        /// <summary><para type="description">The study; piped studies, series and instances bind theirs.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string StudyInstanceUID { get; set; }

        /// <summary><para type="description">Delete without asking for confirmation.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary><para type="description">Return the deletion's long-running operation (Cloud Healthcare study and series deletes) without waiting.</para></summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>"study 1.2.3", "series 1.2.3/4.5", …, for confirmation and errors.</summary>
        private protected abstract string Describe();

        private protected abstract System.Threading.Tasks.Task<DicomWebDeleteResult> Delete(DicomWebClient dicomWeb, System.Threading.CancellationToken token);

        protected override void ProcessRecord()
        {
            var what = Describe();
            ForItem(what, () =>
            {
                var store = TargetStore();
                var server = store?.ToString() ?? DicomWebUri;
                if (!ShouldChange(Force, $"{what} in {server}", "Delete"))
                {
                    return;
                }

                var result = Call(token => Delete(DicomWeb(store), token));
                if (result.Operation == null)
                {
                    return;
                }

                if (NoWait || result.Operation.Done)
                {
                    if (NoWait)
                    {
                        WriteObject(HcOperation.From(result.Operation));
                    }

                    OperationResults.ThrowIfFailed(result.Operation);
                    return;
                }

                running.Add(result.Operation);
            }, "DicomObjectNotFound");
        }

        protected override void EndProcessing()
        {
            if (running.Count > 0)
            {
                new OperationWaiting(this, WriteProgress, "Deleting DICOM data").WaitAll(
                    running,
                    null,
                    operation => ForItem(operation.Name, () => OperationResults.ThrowIfFailed(operation)),
                    (operation, error) => WriteError(ErrorRecords.From(error, operation.Name)));
            }

            base.EndProcessing();
        }
    }
}
