using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Client.Http;

namespace HealthcareTools.Client.DicomWeb
{
    /// <summary>One instance of a STOW response.</summary>
    internal sealed class StowInstanceOutcome
    {
        internal string SopInstanceUid;
        internal string SopClassUid;
        internal string RetrieveUrl;
        internal bool Failed;
        internal int? FailureReason;
        internal string FailureDetail;
    }

    /// <summary>The Store Instances Response Module (PS3.18 10.5.3) in DICOM JSON.</summary>
    internal static class StowResponse
    {
        private static readonly DicomTag FailedSop = new DicomTag(0x0008, 0x1198);
        private static readonly DicomTag ReferencedSop = new DicomTag(0x0008, 0x1199);
        private static readonly DicomTag ReferencedSopClass = new DicomTag(0x0008, 0x1150);
        private static readonly DicomTag ReferencedSopInstance = new DicomTag(0x0008, 0x1155);
        private static readonly DicomTag RetrieveUrlTag = new DicomTag(0x0008, 0x1190);
        private static readonly DicomTag FailureReasonTag = new DicomTag(0x0008, 0x1197);
        private static readonly DicomTag WarningReasonTag = new DicomTag(0x0008, 0x1196);

        /// <summary>Null when the text is not a DICOM JSON dataset with either sequence.</summary>
        internal static List<StowInstanceOutcome> TryParse(string body)
        {
            if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith("{", StringComparison.Ordinal) && !body.TrimStart().StartsWith("[", StringComparison.Ordinal))
            {
                return null;
            }
            DicomDataset dataset;
            try
            {
                dataset = DicomJson.Deserialize(body);
            }
            catch (Exception ex) when (ex is DicomFormatException || ex is FormatException || ex is Newtonsoft.Json.JsonException || ex is InvalidCastException)
            {
                return null;
            }
            if (!dataset.Contains(FailedSop) && !dataset.Contains(ReferencedSop))
            {
                return null;
            }
            var outcomes = new List<StowInstanceOutcome>();
            foreach (var item in dataset.GetSequence(ReferencedSop))
            {
                outcomes.Add(Read(item, failed: false));
            }
            foreach (var item in dataset.GetSequence(FailedSop))
            {
                outcomes.Add(Read(item, failed: true));
            }
            return outcomes;
        }

        private static StowInstanceOutcome Read(DicomDataset item, bool failed)
        {
            var outcome = new StowInstanceOutcome
            {
                Failed = failed,
                SopInstanceUid = item.GetString(ReferencedSopInstance)?.Trim(),
                SopClassUid = item.GetString(ReferencedSopClass)?.Trim(),
                RetrieveUrl = item.GetString(RetrieveUrlTag)?.Trim(),
            };
            var reason = item[FailureReasonTag]?.GetInt64();
            if (reason.HasValue)
            {
                outcome.FailureReason = (int)reason.Value;
            }
            // Google's FailureDetail / FailureDetailJSON live in private group 0009 (creator GOOGLE).
            // (0009,0097) sits in the creator range by number but carries LT text: only LO creators are skipped.
            var details = item.Where(e => e.Tag.Group == 0x0009 && !(e.Tag.IsPrivateCreator && e.VR == DicomVR.LO) && !(e is DicomSequence))
                .Select(e => SafeString(e)).Where(text => !string.IsNullOrWhiteSpace(text)).ToList();
            if (details.Count > 0)
            {
                outcome.FailureDetail = string.Join(" ", details).Trim();
            }
            var warning = item[WarningReasonTag]?.GetInt64();
            if (!failed && warning.HasValue && outcome.FailureDetail == null)
            {
                outcome.FailureDetail = "warning 0x" + warning.Value.ToString("X4");
            }
            return outcome;
        }

        private static string SafeString(DicomElement element)
        {
            try
            {
                return element.GetString();
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>Google: 0x0110 with "already exists"; 0x0111 is DIMSE's duplicate SOP instance.</summary>
        internal static bool IsAlreadyPresent(StowInstanceOutcome outcome) =>
            outcome.Failed && (outcome.FailureReason == 0x0111
                || (outcome.FailureDetail != null && outcome.FailureDetail.IndexOf("already exist", StringComparison.OrdinalIgnoreCase) >= 0));
    }

    public sealed partial class DicomWebClient
    {
        private sealed class Prepared
        {
            internal DicomWebStowItem Item;
            internal long Length;
            internal string Study;
            internal string Series;
            internal string Sop;
            internal string SopClass;
            internal Func<Stream> Open;
        }

        private sealed class StowRun
        {
            internal readonly object Lock = new object();
            internal readonly DicomWebStowProgress Progress = new DicomWebStowProgress();
            internal readonly Stopwatch Clock = Stopwatch.StartNew();
            internal Action<DicomWebStowResult> OnResult;
            internal Action<DicomWebStowProgress> OnProgress;
            internal long LastProgressTicks;
            internal string Path;
            internal long BytesSent;
        }

        /// <summary>
        /// STOW-RS of many files: each item's header is read first (UIDs; a file that is not DICOM fails locally and is not
        /// sent), items are grouped into multipart requests (by count and bytes, never two with the same SOP Instance
        /// UID in one request), up to MaxParallelRequests requests are in flight, files are streamed from disk.
        /// <paramref name="onResult"/> gets exactly one result per item (serialized, any thread). A request that fails
        /// as a whole (e.g. a bad part) is split and its undecided items are sent one by one, so each bad file gets its
        /// own failure and the rest are stored. Returns the final totals.
        /// </summary>
        public async Task<DicomWebStowProgress> StoreAsync(IEnumerable<DicomWebStowItem> items, DicomWebStowOptions options,
            Action<DicomWebStowResult> onResult, Action<DicomWebStowProgress> onProgress, CancellationToken cancellationToken)
        {
            if (items == null)
            {
                throw new ArgumentNullException(nameof(items));
            }
            options = options ?? new DicomWebStowOptions();
            var maxCount = Math.Max(1, options.MaxInstancesPerRequest);
            var maxBytes = Math.Max(1, options.MaxBytesPerRequest);
            var parallel = Math.Max(1, options.MaxParallelRequests);
            var run = new StowRun
            {
                OnResult = onResult,
                OnProgress = onProgress,
                Path = options.StudyInstanceUid == null ? "studies" : PathOf(options.StudyInstanceUid),
            };
            var existing = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var gate = new SemaphoreSlim(parallel, parallel);
            var running = new List<Task>();
            var batch = new List<Prepared>();
            var batchUids = new HashSet<string>(StringComparer.Ordinal);
            long batchBytes = 0;

            async Task FlushAsync()
            {
                if (batch.Count == 0)
                {
                    return;
                }
                var toSend = batch.ToList();
                batch.Clear();
                batchUids.Clear();
                batchBytes = 0;
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.RemoveAll(task => task.IsCompleted && !task.IsFaulted && !task.IsCanceled);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await SendBatchAsync(run, toSend, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            // Enumerating the input may touch the disk (folders): keep it off the caller's thread.
            await Task.Yield();
            foreach (var item in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (item == null)
                {
                    continue;
                }
                lock (run.Lock)
                {
                    run.Progress.ItemsSeen++;
                }
                var prepared = Prepare(item, out var error);
                if (prepared == null)
                {
                    Report(run, new DicomWebStowResult { Item = item, Status = DicomWebStowStatus.Failed, FailureDetail = error, Note = "local" }, 0);
                    continue;
                }
                if (options.SkipExisting && prepared.Study != null && prepared.Sop != null)
                {
                    if (!existing.TryGetValue(prepared.Study, out var present))
                    {
                        present = await ListInstanceUidsAsync(prepared.Study, cancellationToken).ConfigureAwait(false);
                        existing[prepared.Study] = present;
                    }
                    if (present.Contains(prepared.Sop))
                    {
                        Report(run, ResultFor(prepared, DicomWebStowStatus.AlreadyPresent, null, "skip-existing"), prepared.Length);
                        continue;
                    }
                }
                if (batch.Count > 0 && (batch.Count >= maxCount || batchBytes + Math.Max(0, prepared.Length) > maxBytes
                    || (prepared.Sop != null && batchUids.Contains(prepared.Sop))))
                {
                    await FlushAsync().ConfigureAwait(false);
                }
                batch.Add(prepared);
                batchBytes += Math.Max(0, prepared.Length);
                if (prepared.Sop != null)
                {
                    batchUids.Add(prepared.Sop);
                }
            }
            await FlushAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
            lock (run.Lock)
            {
                run.Progress.Elapsed = run.Clock.Elapsed;
                run.OnProgress?.Invoke(run.Progress);
            }
            return run.Progress;
        }

        private async Task<HashSet<string>> ListInstanceUidsAsync(string study, CancellationToken cancellationToken)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            var query = new DicomWebQuery { IncludeFields = { "SOPInstanceUID" } };
            var offset = 0;
            const int limit = 1000;
            while (true)
            {
                IReadOnlyList<DicomDataset> page;
                try
                {
                    page = await SearchPageAsync(PathOf(study) + "/instances", query, offset, limit, cancellationToken).ConfigureAwait(false);
                }
                catch (HealthcareApiException ex) when (ex.HttpStatus == 404)
                {
                    return set;
                }
                foreach (var dataset in page)
                {
                    var sop = dataset.GetString(DicomTag.SOPInstanceUID)?.Trim();
                    if (!string.IsNullOrEmpty(sop))
                    {
                        set.Add(sop);
                    }
                }
                if (page.Count < limit)
                {
                    return set;
                }
                offset += page.Count;
            }
        }

        private static Prepared Prepare(DicomWebStowItem item, out string error)
        {
            error = null;
            Func<Stream> open = item.Path != null
                ? () => new FileStream(item.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan | FileOptions.Asynchronous)
                : item.Open;
            long length = item.Length;
            try
            {
                if (item.Path != null)
                {
                    length = new FileInfo(item.Path).Length;
                }
                DicomFile file;
                using (var stream = open())
                {
                    file = DicomFile.Open(stream, new DicomReadOptions { StopBeforePixelData = true, SourceName = item.DisplayName });
                }
                var dataset = file.Dataset;
                var prepared = new Prepared
                {
                    Item = item,
                    Length = length,
                    Open = open,
                    Study = dataset.GetString(new DicomTag(0x0020, 0x000D))?.Trim(),
                    Series = dataset.GetString(new DicomTag(0x0020, 0x000E))?.Trim(),
                    Sop = (dataset.GetString(DicomTag.SOPInstanceUID) ?? file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID))?.Trim(),
                    SopClass = (dataset.GetString(DicomTag.SOPClassUID) ?? file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID))?.Trim(),
                };
                if (string.IsNullOrEmpty(prepared.Sop))
                {
                    error = $"'{item.DisplayName}' has no SOP Instance UID (0008,0018); not sent.";
                    return null;
                }
                return prepared;
            }
            catch (DicomFormatException ex)
            {
                error = $"'{item.DisplayName}' is not a readable DICOM file: {ex.Message}";
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is EndOfStreamException)
            {
                error = $"Cannot read '{item.DisplayName}': {ex.Message}";
            }
            return null;
        }

        private static DicomWebStowResult ResultFor(Prepared prepared, DicomWebStowStatus status, int? httpStatus, string note) => new DicomWebStowResult
        {
            Item = prepared.Item,
            Status = status,
            StudyInstanceUid = prepared.Study,
            SeriesInstanceUid = prepared.Series,
            SopInstanceUid = prepared.Sop,
            SopClassUid = prepared.SopClass,
            Bytes = Math.Max(0, prepared.Length),
            HttpStatus = httpStatus,
            Note = note,
        };

        private static void Report(StowRun run, DicomWebStowResult result, long bytes)
        {
            lock (run.Lock)
            {
                var progress = run.Progress;
                progress.InstancesDone++;
                progress.BytesDone += bytes;
                switch (result.Status)
                {
                    case DicomWebStowStatus.Stored: progress.Stored++; break;
                    case DicomWebStowStatus.AlreadyPresent: progress.AlreadyPresent++; break;
                    default: progress.Failed++; break;
                }
                run.OnResult?.Invoke(result);
            }
        }

        private static void ReportProgress(StowRun run, bool force)
        {
            lock (run.Lock)
            {
                var now = run.Clock.ElapsedTicks;
                if (!force && now - run.LastProgressTicks < Stopwatch.Frequency / 10)
                {
                    return;
                }
                run.LastProgressTicks = now;
                run.Progress.BytesSent = Interlocked.Read(ref run.BytesSent);
                run.Progress.Elapsed = run.Clock.Elapsed;
                run.OnProgress?.Invoke(run.Progress);
            }
        }

        private static bool SplitWorthTrying(int status) =>
            status == 400 || status == 409 || status == 413 || status == 422 || status == 500;

        /// <summary>Sends one request. <paramref name="attempt"/> &gt; 1 when the previous response broke after its headers
        /// (the pipeline only retries before them): the instances may then already be stored by us.</summary>
        private async Task SendBatchAsync(StowRun run, List<Prepared> batch, CancellationToken cancellationToken, int attempt = 1)
        {
            var headersReceived = false;
            var parts = batch.Select(p => new StowPart(p.Open, p.Length, p.Item.DisplayName)).ToList();
            var content = new StowContent(parts, delta =>
            {
                Interlocked.Add(ref run.BytesSent, delta);
                if (run.OnProgress != null)
                {
                    ReportProgress(run, false);
                }
            });
            int status;
            string body;
            bool mayHaveSucceededEarlier;
            var sent = new HttpRequestMessage[1];
            try
            {
                lock (run.Lock)
                {
                    run.Progress.Requests++;
                }
                using (var response = await SendAsync(HttpMethod.Post, run.Path, DicomJsonMediaType, content, true, cancellationToken, sent).ConfigureAwait(false))
                {
                    headersReceived = true;
                    status = (int)response.StatusCode;
                    body = await ReadTextAsync(response, 16 * 1024 * 1024).ConfigureAwait(false);
                    mayHaveSucceededEarlier = attempt > 1 || ApiTransport.EarlierAttemptMayHaveSucceeded(sent[0]);
                    if (!response.IsSuccessStatusCode && StowResponse.TryParse(body) == null)
                    {
                        var error = ErrorFrom(status, response.ReasonPhrase, body, new Uri(BaseUri, run.Path).ToString());
                        body = null;
                        if (batch.Count > 1 && SplitWorthTrying(status))
                        {
                            _log?.Invoke($"STOW of {batch.Count} instances answered HTTP {status}; sending them one by one.");
                            await SendSinglyAsync(run, batch, cancellationToken).ConfigureAwait(false);
                            return;
                        }
                        foreach (var prepared in batch)
                        {
                            var result = ResultFor(prepared, DicomWebStowStatus.Failed, status, "request failed");
                            result.FailureDetail = error.Message;
                            Report(run, result, prepared.Length);
                        }
                        ReportProgress(run, true);
                        return;
                    }
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested) && !(ex is HealthcareCredentialException))
            {
                var local = FindLocal(ex);
                if (headersReceived && local == null && attempt < 3 && RetryHandler.IsNetworkError(ex))
                {
                    _log?.Invoke($"STOW response broke after its headers ({ex.GetType().Name}); sending the {batch.Count} instance(s) again.");
                    sent[0]?.Dispose();
                    sent[0] = null;
                    await SendBatchAsync(run, batch, cancellationToken, attempt + 1).ConfigureAwait(false);
                    return;
                }
                if (batch.Count > 1 && local != null)
                {
                    await SendSinglyAsync(run, batch, cancellationToken).ConfigureAwait(false);
                    return;
                }
                foreach (var prepared in batch)
                {
                    var result = ResultFor(prepared, DicomWebStowStatus.Failed, null, "transport");
                    result.FailureDetail = local?.Message ?? ("The request failed: " + Describe(ex));
                    Report(run, result, prepared.Length);
                }
                ReportProgress(run, true);
                return;
            }
            finally
            {
                sent[0]?.Dispose();
            }

            var outcomes = StowResponse.TryParse(body);
            var undecided = new List<Prepared>();
            var bySop = new Dictionary<string, StowInstanceOutcome>(StringComparer.Ordinal);
            foreach (var outcome in outcomes ?? new List<StowInstanceOutcome>())
            {
                if (outcome.SopInstanceUid != null && (!bySop.ContainsKey(outcome.SopInstanceUid) || !outcome.Failed))
                {
                    bySop[outcome.SopInstanceUid] = outcome;
                }
            }
            var success = status >= 200 && status < 300;
            foreach (var prepared in batch)
            {
                if (bySop.TryGetValue(prepared.Sop, out var outcome))
                {
                    DicomWebStowResult result;
                    if (!outcome.Failed)
                    {
                        result = ResultFor(prepared, DicomWebStowStatus.Stored, status, "response");
                    }
                    else if (StowResponse.IsAlreadyPresent(outcome))
                    {
                        // After a lost response or a 5xx, "already exists" for our own UIDs is our own earlier attempt.
                        result = ResultFor(prepared, mayHaveSucceededEarlier ? DicomWebStowStatus.Stored : DicomWebStowStatus.AlreadyPresent, status,
                            mayHaveSucceededEarlier ? "already exists after a retried attempt" : "already exists");
                    }
                    else
                    {
                        result = ResultFor(prepared, DicomWebStowStatus.Failed, status, "response");
                    }
                    result.RetrieveUrl = outcome.RetrieveUrl;
                    result.FailureReason = outcome.FailureReason;
                    result.FailureDetail = outcome.FailureDetail;
                    if (result.Status == DicomWebStowStatus.Failed && result.FailureDetail == null)
                    {
                        result.FailureDetail = outcome.FailureReason.HasValue
                            ? $"The server refused the instance (failure reason 0x{outcome.FailureReason.Value:X4})."
                            : "The server refused the instance.";
                    }
                    Report(run, result, prepared.Length);
                }
                else if (success && outcomes == null)
                {
                    Report(run, ResultFor(prepared, DicomWebStowStatus.Stored, status, "status"), prepared.Length);
                }
                else
                {
                    undecided.Add(prepared);
                }
            }
            if (undecided.Count > 0)
            {
                if (batch.Count > 1)
                {
                    await SendSinglyAsync(run, undecided, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    foreach (var prepared in undecided)
                    {
                        var result = ResultFor(prepared, success ? DicomWebStowStatus.Stored : DicomWebStowStatus.Failed, status, "not in response");
                        if (!success)
                        {
                            result.FailureDetail = $"The server answered HTTP {status} without naming this instance.";
                        }
                        Report(run, result, prepared.Length);
                    }
                }
            }
            ReportProgress(run, true);
        }

        private async Task SendSinglyAsync(StowRun run, List<Prepared> items, CancellationToken cancellationToken)
        {
            foreach (var prepared in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await SendBatchAsync(run, new List<Prepared> { prepared }, cancellationToken).ConfigureAwait(false);
            }
        }

        private static DicomWebLocalFileException FindLocal(Exception ex)
        {
            for (var current = ex; current != null; current = current.InnerException)
            {
                if (current is DicomWebLocalFileException local)
                {
                    return local;
                }
            }
            return null;
        }

        private static string Describe(Exception ex)
        {
            var messages = new List<string>();
            for (var current = ex; current != null && messages.Count < 3; current = current.InnerException)
            {
                messages.Add(current.Message);
            }
            return string.Join(" -> ", messages);
        }
    }
}
