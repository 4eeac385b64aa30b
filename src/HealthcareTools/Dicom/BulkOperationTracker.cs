using System;
using System.Collections.Generic;
using HealthcareTools.Client;
using HealthcareTools.Client.Models;
using HealthcareTools.Common;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// Server-side imports and exports started per pipeline item: each returns at once with -NoWait (as an
    /// HcOperation), or is awaited with the others in EndProcessing under one progress bar, and then reported
    /// as an HcDicomBulkResult (where from, where to, how many succeeded and failed).
    /// </summary>
    internal sealed class BulkOperationTracker
    {
        private readonly HcCmdlet cmdlet;
        private readonly string activity;
        private readonly List<Operation> running = new List<Operation>();
        private readonly Dictionary<string, HcDicomBulkResult> results = new Dictionary<string, HcDicomBulkResult>();

        public BulkOperationTracker(HcCmdlet cmdlet, string activity)
        {
            this.cmdlet = cmdlet;
            this.activity = activity;
        }

        public void Started(Operation operation, HcDicomBulkResult result, bool noWait)
        {
            if (noWait)
            {
                cmdlet.WriteObject(HcOperation.From(operation));
            }
            else if (operation.Done)
            {
                Finished(operation, result);
            }
            else
            {
                running.Add(operation);
                results[operation.Name] = result;
            }
        }

        public void WaitAll()
        {
            if (running.Count == 0)
            {
                return;
            }

            new OperationWaiting(cmdlet, cmdlet.WriteProgress, activity).WaitAll(
                running,
                null,
                operation => Finished(operation, results[operation.Name]),
                (operation, error) => cmdlet.WriteError(ErrorRecords.From(error, operation.Name)));
            running.Clear();
        }

        private void Finished(Operation operation, HcDicomBulkResult result)
        {
            try
            {
                OperationResults.ThrowIfFailed(operation);
            }
            catch (HealthcareApiException failed)
            {
                cmdlet.WriteError(ErrorRecords.From(failed, operation.Name));
                return;
            }

            var counters = HcOperation.From(operation);
            result.Succeeded = counters.Success;
            result.Failed = counters.Failure;
            result.Operation = operation.Name;
            result.Duration = counters.Duration;
            cmdlet.WriteObject(result);
            if (result.Failed > 0)
            {
                cmdlet.WriteWarning($"{result.Kind} {result.Source} -> {result.Destination}: {result.Failed} item(s) failed; see the operation's logs ({operation.Name}).");
            }
        }
    }
}
