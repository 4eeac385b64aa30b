using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using HealthcareTools.Client;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Waits for several long-running operations at once under one throttled progress bar built from
    /// their counters, handing each to the caller on the pipeline thread as soon as it ends.
    /// </summary>
    internal sealed class OperationWaiting
    {
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private readonly HcCmdlet cmdlet;
        private readonly Action<ProgressRecord> writeProgress;
        private readonly string activity;
        private readonly ConcurrentDictionary<string, Operation> latest = new ConcurrentDictionary<string, Operation>();
        private DateTime lastProgress = DateTime.MinValue;
        private int finished;

        public OperationWaiting(HcCmdlet cmdlet, Action<ProgressRecord> writeProgress, string activity)
        {
            this.cmdlet = cmdlet;
            this.writeProgress = writeProgress;
            this.activity = activity;
        }

        /// <summary>
        /// Waits for every operation. <paramref name="onFinished"/> gets each final operation (succeeded or
        /// failed); <paramref name="onError"/> gets polling failures (timeout, API errors).
        /// </summary>
        public void WaitAll(IReadOnlyCollection<Operation> operations, TimeSpan? timeout, Action<Operation> onFinished, Action<Operation, Exception> onError)
        {
            foreach (var operation in operations)
            {
                latest[operation.Name] = operation;
            }

            var options = new OperationWaitOptions { Timeout = timeout };
            var waits = cmdlet.StartTracked(token => Task.WhenAll(operations.Select(operation =>
                cmdlet.Client.WaitForOperationAsync(OperationName.Parse(operation.Name), options, polled =>
                {
                    latest[operation.Name] = polled;
                    cmdlet.PostWork(() => Report(false));
                }, token).ContinueWith(wait => cmdlet.PostWork(() =>
                {
                    finished++;
                    if (wait.IsCanceled)
                    {
                        return;
                    }

                    if (wait.IsFaulted)
                    {
                        onError(operation, HcCmdlet.Unwrap(wait.Exception));
                    }
                    else
                    {
                        latest[operation.Name] = wait.Result;
                        onFinished(wait.Result);
                    }

                    Report(false);
                }), TaskScheduler.Default))));

            cmdlet.PumpTask(waits);
            Report(true);
            if (cmdlet.IsStopping)
            {
                throw new PipelineStoppedException();
            }
        }

        private void Report(bool completed)
        {
            var now = DateTime.UtcNow;
            if (!completed && now - lastProgress < ProgressInterval)
            {
                return;
            }

            lastProgress = now;
            var operations = latest.Values.ToList();
            var record = new ProgressRecord(1, activity, Describe(operations));
            if (completed)
            {
                record.RecordType = ProgressRecordType.Completed;
            }
            else
            {
                record.PercentComplete = (int)operations.Average(op => op.Done ? 100 : HcOperation.From(op).PercentComplete ?? 0);
            }

            writeProgress(record);
        }

        private string Describe(IReadOnlyCollection<Operation> operations)
        {
            long success = 0, failure = 0, pending = 0;
            foreach (var counter in operations.Select(op => op.Metadata?.Counter).Where(c => c != null))
            {
                success += counter.Success;
                failure += counter.Failure;
                pending += counter.Pending;
            }

            var head = operations.Count == 1
                ? (operations.First().Done ? "Finished" : "Running") + $": {operations.First().Name}"
                : $"{finished} of {operations.Count} operations finished";
            return success + failure + pending == 0 ? head : $"{head}; {success} succeeded, {failure} failed, {pending} pending";
        }
    }
}
