using System;
using System.Collections.Generic;
using System.Collections.Concurrent;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Root of every HealthcareTools cmdlet: cancellation on Ctrl+C, calls into the engine that keep
    /// the pipeline thread responsive, and one mapping from engine failures to ErrorRecords.
    /// </summary>
    public abstract class HcCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource cancellation = new CancellationTokenSource();
        private readonly ConcurrentQueue<Action> pipelineThreadWork = new ConcurrentQueue<Action>();

        /// <summary>Cancelled when the user presses Ctrl+C; passed to every engine call.</summary>
        protected CancellationToken CancellationToken => cancellation.Token;

        private HealthcareClient client;

        /// <summary>The API client for the current defaults (endpoint and credentials), resolved once per invocation.</summary>
        internal HealthcareClient Client => client ?? (client = HcSession.GetClient(WriteDebug));

        /// <summary>Resolves project/location/dataset with the standard order, writing the source to debug.</summary>
        internal ContextResolver Context => new ContextResolver(WriteDebug);

        protected override void StopProcessing() => cancellation.Cancel();

        /// <summary>Queues work (progress, debug) from any thread to run on the pipeline thread.</summary>
        protected void Post(Action work) => pipelineThreadWork.Enqueue(work);

        /// <summary>Runs any queued work now; only call on the pipeline thread.</summary>
        protected void DrainPosted()
        {
            while (pipelineThreadWork.TryDequeue(out var work))
            {
                work();
            }
        }

        /// <summary>
        /// Starts an engine call and waits for it on the pipeline thread, meanwhile writing what it
        /// posted (debug lines, progress). Exceptions surface unwrapped.
        /// </summary>
        protected internal T Call<T>(Func<CancellationToken, Task<T>> start)
        {
            var task = StartTracked(start);
            Pump(task);
            return task.GetAwaiter().GetResult();
        }

        /// <summary>As <see cref="Call{T}"/> for calls without a result.</summary>
        protected void Call(Func<CancellationToken, Task> start) =>
            Call<object>(async token => { await start(token).ConfigureAwait(false); return null; });

        internal void PostWork(Action work) => Post(work);

        internal void PumpTask(Task task) => Pump(task);

        internal bool IsStopping => Stopping;

        /// <summary>Starts engine work whose debug lines are routed to this cmdlet.</summary>
        internal TTask StartTracked<TTask>(Func<CancellationToken, TTask> start)
            where TTask : Task
        {
            using (DebugRouter.Attach(line => Post(() => WriteDebug(line))))
            {
                return start(CancellationToken);
            }
        }

        /// <summary>Waits for a task while running posted work, so progress appears as it happens.</summary>
        protected void Pump(Task task)
        {
            var handle = ((IAsyncResult)task).AsyncWaitHandle;
            while (!handle.WaitOne(100))
            {
                DrainPosted();
            }

            DrainPosted();
        }

        /// <summary>
        /// Runs one unit of per-item work; failures become non-terminating errors targeted at the item
        /// so the rest of the pipeline goes on. Missing context and cancellation still terminate.
        /// </summary>
        protected void ForItem(object target, Action work, string notFoundErrorId = "NotFound")
        {
            try
            {
                work();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is ContextException))
            {
                var inner = Unwrap(ex);
                if (inner is OperationCanceledException && Stopping)
                {
                    throw new PipelineStoppedException();
                }

                WriteError(ErrorRecords.From(inner, target, notFoundErrorId));
            }
            catch (ContextException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidArgument, null));
            }
        }

        internal static Exception Unwrap(Exception ex)
        {
            while (true)
            {
                switch (ex)
                {
                    case AggregateException aggregate when aggregate.InnerExceptions.Count == 1:
                        ex = aggregate.InnerExceptions[0];
                        continue;
                    case TargetInvocationException invocation when invocation.InnerException != null:
                        ex = invocation.InnerException;
                        continue;
                    default:
                        return ex;
                }
            }
        }

        /// <summary>
        /// Streams every item of a paged list: one request per page, made as the pipeline asks for more
        /// (so -First stops fetching early), with debug output written as it happens.
        /// </summary>
        internal IEnumerable<T> AllPages<T>(Func<string, CancellationToken, Task<Page<T>>> fetchPage) =>
            Pager.Enumerate((pageToken, token) => Task.FromResult(Call(t => fetchPage(pageToken, t))), CancellationToken);

        /// <summary>
        /// Enumerates a blocking engine sequence on the pipeline thread with this cmdlet's debug routing,
        /// writing what it posted after every item.
        /// </summary>
        internal IEnumerable<T> Tracked<T>(IEnumerable<T> source)
        {
            using (DebugRouter.Attach(line => Post(() => WriteDebug(line))))
            {
                foreach (var item in source)
                {
                    DrainPosted();
                    yield return item;
                }
            }

            DrainPosted();
        }

        /// <summary>Writes items honouring -First/-Skip/-IncludeTotalCount (SupportsPaging) and Ctrl+C.</summary>
        protected void WritePaged<T>(IEnumerable<T> items)
        {
            var paging = PagingParameters;
            ulong skip = paging?.Skip ?? 0, first = paging?.First ?? ulong.MaxValue, seen = 0, written = 0;
            foreach (var item in items)
            {
                if (Stopping || written >= first)
                {
                    break;
                }

                if (seen++ < skip)
                {
                    continue;
                }

                WriteObject(item);
                written++;
            }

            if (paging != null && paging.IncludeTotalCount)
            {
                WriteObject(paging.NewTotalCount(seen, written >= first ? 0.0 : 1.0));
            }
        }

        /// <summary>A dataset from a full name or an ID plus project/location (parameter → defaults).</summary>
        internal DatasetName DatasetNameFrom(string nameOrId, string project, string location) =>
            ResourceIds.IsFullName(nameOrId)
                ? DatasetName.Parse(nameOrId)
                : new DatasetName(Context.Project(project), Context.Location(location), nameOrId);

        /// <summary>
        /// True when the item should be changed: -WhatIf and -Confirm work as usual, and -Force skips the
        /// confirmation that ConfirmImpact High would otherwise ask for.
        /// </summary>
        protected bool ShouldChange(bool force, string target, string action)
        {
            var whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf")
                || (GetVariableValue("WhatIfPreference") is SwitchParameter preference && preference.IsPresent)
                || (GetVariableValue("WhatIfPreference") is bool on && on);
            if (force && !whatIf && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        protected override void EndProcessing()
        {
            DrainPosted();
            base.EndProcessing();
        }
    }
}
