using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Runs per-item engine work with at most N items in flight, started from ProcessRecord as items arrive
    /// and awaited in EndProcessing, while the pipeline thread keeps writing what the work posts. A failed
    /// item is one non-terminating error targeted at that item; Ctrl+C cancels quietly.
    /// </summary>
    internal sealed class ThrottledWork
    {
        private readonly HcCmdlet cmdlet;
        private readonly int limit;
        private readonly List<Task> running = new List<Task>();

        public ThrottledWork(HcCmdlet cmdlet, int limit)
        {
            this.cmdlet = cmdlet;
            this.limit = Math.Max(1, limit);
        }

        /// <summary>Starts the work as soon as a slot is free (pumping until then).</summary>
        public void Start(object target, Func<CancellationToken, Task> work, string notFoundErrorId = "NotFound")
        {
            while (running.Count >= limit)
            {
                cmdlet.PumpTask(Task.WhenAny(running));
                running.RemoveAll(task => task.IsCompleted);
            }

            running.Add(cmdlet.StartTracked(work).ContinueWith(done =>
            {
                if (done.IsFaulted)
                {
                    var error = HcCmdlet.Unwrap(done.Exception);
                    cmdlet.PostWork(() => cmdlet.WriteError(ErrorRecords.From(error, target, notFoundErrorId)));
                }
            }, TaskScheduler.Default));
        }

        /// <summary>Waits for everything started, writing what it posts.</summary>
        public void WaitAll()
        {
            if (running.Count > 0)
            {
                cmdlet.PumpTask(Task.WhenAll(running));
                running.Clear();
            }
        }
    }
}
