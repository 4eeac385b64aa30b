using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;

namespace HealthcareTools.Common
{
    /// <summary>
    /// One throttled progress bar for many parallel transfers: files done, MB moved and MB/s. Each transfer
    /// reports its own running byte count under a key; only use it on the pipeline thread.
    /// </summary>
    internal sealed class TransferProgress
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        private readonly Action<ProgressRecord> write;
        private readonly int activityId;
        private readonly string activity;
        private readonly Dictionary<object, long> inFlight = new Dictionary<object, long>();
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private long bytesFinished;
        private int files;
        private DateTime lastWrite;

        public TransferProgress(Action<ProgressRecord> write, int activityId, string activity)
        {
            this.write = write;
            this.activityId = activityId;
            this.activity = activity;
        }

        /// <summary>The running byte count of one transfer.</summary>
        public void Update(object transfer, long bytes)
        {
            inFlight[transfer] = bytes;
            Report(false);
        }

        /// <summary>A transfer ended: its bytes count as finished.</summary>
        public void Finish(object transfer)
        {
            if (inFlight.TryGetValue(transfer, out var bytes))
            {
                bytesFinished += bytes;
                inFlight.Remove(transfer);
            }
        }

        /// <summary>One more file written or uploaded.</summary>
        public void CountFile()
        {
            files++;
            Report(false);
        }

        public void Complete() => Report(true);

        private void Report(bool completed)
        {
            if (!completed && DateTime.UtcNow - lastWrite < Interval)
            {
                return;
            }

            lastWrite = DateTime.UtcNow;
            var megabytes = (bytesFinished + inFlight.Values.Sum()) / 1048576.0;
            var record = new ProgressRecord(activityId, activity,
                $"{files} files, {megabytes:N1} MB, {megabytes / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N1} MB/s");
            if (completed)
            {
                record.RecordType = ProgressRecordType.Completed;
            }

            write(record);
        }
    }
}
