using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;

namespace HealthcareTools.Client.DicomWeb
{
    public sealed partial class DicomWebClient
    {
        /// <summary>Accept header for a multipart DICOM retrieve; "*" keeps the stored transfer syntax.</summary>
        internal static string MultipartDicomAccept(string transferSyntax) =>
            "multipart/related; type=\"application/dicom\"; transfer-syntax=" + (string.IsNullOrWhiteSpace(transferSyntax) ? "*" : transferSyntax.Trim());

        /// <summary>
        /// WADO-RS retrieve of a study, series (<paramref name="seriesInstanceUid"/>) or instance (both) as
        /// multipart/related, parsed as it streams: <paramref name="onPart"/> gets each part (headers + a Body stream
        /// valid only during the call) in order. A single-part application/dicom answer is handed over as one part.
        /// Returns the number of parts. 404 → HealthcareApiException/DicomWebException with HttpStatus 404.
        /// </summary>
        public async Task<int> RetrieveAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid, string transferSyntax,
            Func<DicomWebPart, CancellationToken, Task> onPart, CancellationToken cancellationToken)
        {
            if (onPart == null)
            {
                throw new ArgumentNullException(nameof(onPart));
            }
            var path = PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid);
            return await RetrieveMultipartAsync(path, MultipartDicomAccept(transferSyntax), onPart, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>RetrieveFrames (1-based frame numbers): one part per frame, application/octet-stream by default
        /// (transfer syntax "*" = as stored, or e.g. 1.2.840.10008.1.2.1).</summary>
        public Task<int> RetrieveFramesAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid, IEnumerable<int> frames,
            string transferSyntax, Func<DicomWebPart, CancellationToken, Task> onPart, CancellationToken cancellationToken)
        {
            var list = (frames ?? throw new ArgumentNullException(nameof(frames))).ToList();
            if (list.Count == 0 || list.Any(frame => frame < 1))
            {
                throw new ArgumentException("Frame numbers start at 1 and at least one is needed.", nameof(frames));
            }
            var path = PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid) + "/frames/" + string.Join(",", list);
            var accept = "multipart/related; type=\"application/octet-stream\"; transfer-syntax=" + (string.IsNullOrWhiteSpace(transferSyntax) ? "*" : transferSyntax.Trim());
            return RetrieveMultipartAsync(path, accept, onPart ?? throw new ArgumentNullException(nameof(onPart)), cancellationToken);
        }

        private async Task<int> RetrieveMultipartAsync(string path, string accept, Func<DicomWebPart, CancellationToken, Task> onPart, CancellationToken cancellationToken)
        {
            using (var response = await SendAsync(HttpMethod.Get, path, accept, null, true, cancellationToken).ConfigureAwait(false))
            {
                await ThrowIfFailedAsync(response).ConfigureAwait(false);
                if ((int)response.StatusCode == 204 || response.Content == null)
                {
                    return 0;
                }
                var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;
                using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    var boundary = MultipartReader.BoundaryOf(contentType);
                    if (boundary == null)
                    {
                        // Single part (application/dicom, an image, octet-stream).
                        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        if (contentType != null)
                        {
                            headers["Content-Type"] = contentType;
                        }
                        await onPart(new DicomWebPart(0, headers, stream), cancellationToken).ConfigureAwait(false);
                        return 1;
                    }
                    var reader = new MultipartReader(stream, boundary);
                    var count = 0;
                    DicomWebPart part;
                    while ((part = await reader.ReadNextPartAsync(cancellationToken).ConfigureAwait(false)) != null)
                    {
                        await onPart(part, cancellationToken).ConfigureAwait(false);
                        count++;
                    }
                    return count;
                }
            }
        }

        /// <summary>Single instance written to <paramref name="destination"/>: single-part application/dicom on Google (its
        /// extension), the first part of a multipart answer elsewhere. Returns the bytes written.</summary>
        public async Task<long> RetrieveInstanceAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid, string transferSyntax,
            Stream destination, CancellationToken cancellationToken)
        {
            if (destination == null)
            {
                throw new ArgumentNullException(nameof(destination));
            }
            var path = PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid);
            var syntax = string.IsNullOrWhiteSpace(transferSyntax) ? "*" : transferSyntax.Trim();
            long total = 0;
            // Google answers single-part application/dicom; other servers (Orthanc) only multipart, and some refuse a list.
            var accept = IsGoogle ? "application/dicom; transfer-syntax=" + syntax : MultipartDicomAccept(syntax);
            await RetrieveMultipartAsync(path, accept, async (part, token) =>
            {
                if (part.Index == 0)
                {
                    total = await CopyAsync(part.Body, destination, null, token).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
            return total;
        }

        /// <summary>Rendered instance (<paramref name="frame"/> null) or frame as image/jpeg (default) or image/png, written to
        /// <paramref name="destination"/>. Returns the Content-Type the server sent.</summary>
        public async Task<string> RetrieveRenderedAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid, int? frame,
            string mediaType, Stream destination, CancellationToken cancellationToken)
        {
            if (destination == null)
            {
                throw new ArgumentNullException(nameof(destination));
            }
            if (frame.HasValue && frame.Value < 1)
            {
                throw new ArgumentException("Frame numbers start at 1.", nameof(frame));
            }
            var type = string.IsNullOrWhiteSpace(mediaType) ? "image/jpeg" : mediaType.Trim();
            var path = PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid) + (frame.HasValue ? "/frames/" + frame.Value : string.Empty) + "/rendered";
            using (var response = await SendAsync(HttpMethod.Get, path, type, null, true, cancellationToken).ConfigureAwait(false))
            {
                await ThrowIfFailedAsync(response).ConfigureAwait(false);
                using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    await CopyAsync(stream, destination, null, cancellationToken).ConfigureAwait(false);
                }
                return response.Content.Headers.ContentType?.ToString();
            }
        }

        private static async Task<long> CopyToFileAsync(Stream source, FileStream destination, Action<long> onBytes, CancellationToken cancellationToken)
        {
            var buffer = new byte[128 * 1024];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                destination.Write(buffer, 0, read);
                total += read;
                onBytes?.Invoke(read);
            }
            return total;
        }

        private static async Task<long> CopyAsync(Stream source, Stream destination, Action<long> onBytes, CancellationToken cancellationToken)
        {
            var buffer = new byte[128 * 1024];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                total += read;
                onBytes?.Invoke(read);
            }
            return total;
        }

        /// <summary>
        /// Downloads a study, series or instance straight to disk. The network side parses the multipart body and hands
        /// 128 KiB blocks to one writer task through a bounded queue (2 MiB), so file creation, header reading and
        /// renaming overlap with the transfer. Each part goes to a temporary file in <paramref name="directory"/>, its
        /// header is read back from that file for the UIDs, and it is moved to Layout(study, series, sop) (default
        /// "{Study}/{Series}/{SOP}.dcm"). <paramref name="onSaved"/> (serialized, writer thread) gets one record per
        /// file; <paramref name="onProgress"/> (network thread) at most every 100 ms and at the end. A transfer broken
        /// after the headers is retried (MaxAttempts); instances saved by an earlier attempt are not saved again.
        /// </summary>
        public async Task<IReadOnlyList<DicomWebSavedInstance>> SaveAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid,
            string directory, DicomWebSaveOptions options, Action<DicomWebSavedInstance> onSaved, Action<DicomWebTransferProgress> onProgress,
            CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(directory))
            {
                throw new ArgumentException("A target directory is required.", nameof(directory));
            }
            options = options ?? new DicomWebSaveOptions();
            Directory.CreateDirectory(directory);
            var progress = new DicomWebTransferProgress();
            var clock = Stopwatch.StartNew();
            long lastTicks = 0;
            PartFileWriter writer = null;
            long received = 0;
            void Tick(long bytes, bool force)
            {
                received += bytes;
                // Parts repeated by a retry and already saved do not count twice.
                progress.Bytes = received - (writer?.RepeatedBytes ?? 0);
                var now = clock.ElapsedTicks;
                if (onProgress != null && (force || now - lastTicks >= Stopwatch.Frequency / 10))
                {
                    lastTicks = now;
                    progress.Elapsed = clock.Elapsed;
                    progress.Parts = writer?.SavedCount ?? 0;
                    onProgress(progress);
                }
            }

            using (writer = new PartFileWriter(directory, options, studyInstanceUid, seriesInstanceUid, onSaved))
            {
                long partial = 0;
                var maxAttempts = Math.Max(1, options.MaxAttempts);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await writer.StartAttemptAsync().ConfigureAwait(false);
                        await RetrieveAsync(studyInstanceUid, seriesInstanceUid, sopInstanceUid, options.TransferSyntax, async (part, token) =>
                        {
                            partial = 0;
                            await writer.BeginPartAsync(part.Index, part.TransferSyntaxUid, token).ConfigureAwait(false);
                            while (true)
                            {
                                var buffer = await writer.RentAsync(token).ConfigureAwait(false);
                                int read;
                                try
                                {
                                    read = await part.Body.ReadAsync(buffer, 0, buffer.Length, token).ConfigureAwait(false);
                                }
                                catch
                                {
                                    writer.Return(buffer);
                                    throw;
                                }
                                if (read <= 0)
                                {
                                    writer.Return(buffer);
                                    break;
                                }
                                partial += read;
                                Tick(read, false);
                                writer.Write(buffer, read);
                            }
                            partial = 0;
                            writer.EndPart();
                        }, cancellationToken).ConfigureAwait(false);
                        await writer.FinishAttemptAsync().ConfigureAwait(false);
                        break;
                    }
                    catch (Exception ex) when (attempt < maxAttempts && !cancellationToken.IsCancellationRequested && Http.RetryHandler.IsNetworkError(ex) && !writer.Failed)
                    {
                        await writer.AbortAttemptAsync().ConfigureAwait(false);
                        received -= partial;
                        partial = 0;
                        _log?.Invoke($"WADO retrieve broke after {writer.SavedCount} instance(s) ({ex.GetType().Name}: {ex.Message}); attempt {attempt + 1} of {maxAttempts}.");
                        await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        await writer.AbortAttemptAsync().ConfigureAwait(false);
                        writer.ThrowIfFailed();
                        throw;
                    }
                }
                Tick(0, true);
                return writer.Saved;
            }
        }

        /// <summary>The disk side of SaveAsync: one task writing queued blocks to files, in order.</summary>
        private sealed class PartFileWriter : IDisposable
        {
            private const int BlockSize = 128 * 1024;
            private const int Blocks = 16;
            private readonly string _directory;
            private readonly string _root;
            private readonly DicomWebSaveOptions _options;
            private readonly string _study;
            private readonly string _series;
            private readonly Action<DicomWebSavedInstance> _onSaved;
            private readonly ConcurrentQueue<Item> _queue = new ConcurrentQueue<Item>();
            private readonly SemaphoreSlim _items = new SemaphoreSlim(0);
            private readonly SemaphoreSlim _space = new SemaphoreSlim(Blocks);
            private readonly ConcurrentBag<byte[]> _free = new ConcurrentBag<byte[]>();
            private readonly List<DicomWebSavedInstance> _saved = new List<DicomWebSavedInstance>();
            private readonly HashSet<string> _done = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> _savedEarlier = new HashSet<string>(StringComparer.Ordinal);
            private readonly Task _loop;
            private volatile Exception _failure;
            private int _savedCount;
            private long _repeatedBytes;

            // Writer-thread state.
            private FileStream _file;
            private string _temp;
            private long _bytes;
            private int _partIndex;
            private string _partSyntax;

            private enum Kind { Begin, Data, End, Barrier, Abort, Stop }

            private sealed class Item
            {
                internal Kind Kind;
                internal byte[] Buffer;
                internal int Count;
                internal int PartIndex;
                internal string Syntax;
                internal TaskCompletionSource<bool> Done;
            }

            internal PartFileWriter(string directory, DicomWebSaveOptions options, string study, string series, Action<DicomWebSavedInstance> onSaved)
            {
                _directory = directory;
                _root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                _options = options;
                _study = study;
                _series = series;
                _onSaved = onSaved;
                _loop = Task.Run(LoopAsync);
            }

            internal List<DicomWebSavedInstance> Saved => _saved;
            internal int SavedCount => Volatile.Read(ref _savedCount);
            internal long RepeatedBytes => Interlocked.Read(ref _repeatedBytes);
            internal bool Failed => _failure != null;

            internal void ThrowIfFailed()
            {
                var failure = _failure;
                if (failure != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }
            }

            internal async Task<byte[]> RentAsync(CancellationToken token)
            {
                ThrowIfFailed();
                await _space.WaitAsync(token).ConfigureAwait(false);
                ThrowIfFailed();
                return _free.TryTake(out var buffer) ? buffer : new byte[BlockSize];
            }

            internal void Return(byte[] buffer)
            {
                _free.Add(buffer);
                _space.Release();
            }

            internal Task BeginPartAsync(int index, string syntax, CancellationToken token)
            {
                ThrowIfFailed();
                Post(new Item { Kind = Kind.Begin, PartIndex = index, Syntax = syntax });
                return Task.CompletedTask;
            }

            /// <summary>The buffer came from RentAsync; the writer returns it.</summary>
            internal void Write(byte[] buffer, int count) => Post(new Item { Kind = Kind.Data, Buffer = buffer, Count = count });

            internal void EndPart() => Post(new Item { Kind = Kind.End });

            internal async Task StartAttemptAsync()
            {
                await BarrierAsync().ConfigureAwait(false);
                _savedEarlier.UnionWith(_done);
            }

            internal Task FinishAttemptAsync() => BarrierAsync();

            internal async Task AbortAttemptAsync()
            {
                Post(new Item { Kind = Kind.Abort });
                try
                {
                    await BarrierAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The writer's own failure is reported by ThrowIfFailed.
                }
            }

            private async Task BarrierAsync()
            {
                var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                Post(new Item { Kind = Kind.Barrier, Done = done });
                await Task.WhenAny(done.Task, _loop).ConfigureAwait(false);
                ThrowIfFailed();
            }

            private void Post(Item item)
            {
                _queue.Enqueue(item);
                _items.Release();
            }

            private async Task LoopAsync()
            {
                while (true)
                {
                    await _items.WaitAsync().ConfigureAwait(false);
                    _queue.TryDequeue(out var item);
                    try
                    {
                        switch (item.Kind)
                        {
                            case Kind.Begin:
                                CloseTemp(delete: true);
                                _partIndex = item.PartIndex;
                                _partSyntax = item.Syntax;
                                _bytes = 0;
                                if (_failure == null)
                                {
                                    _temp = Path.Combine(_directory, ".hc-" + Guid.NewGuid().ToString("N") + ".part");
                                    // Synchronous handle without its own buffer: blocks go straight to the page cache.
                                    _file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
                                }
                                break;
                            case Kind.Data:
                                if (_file != null && _failure == null)
                                {
                                    _file.Write(item.Buffer, 0, item.Count);
                                    _bytes += item.Count;
                                }
                                Return(item.Buffer);
                                break;
                            case Kind.End:
                                if (_file != null && _failure == null)
                                {
                                    _file.Dispose();
                                    _file = null;
                                    Complete();
                                }
                                break;
                            case Kind.Abort:
                                CloseTemp(delete: true);
                                break;
                            case Kind.Barrier:
                                item.Done.TrySetResult(true);
                                break;
                            case Kind.Stop:
                                CloseTemp(delete: true);
                                return;
                        }
                    }
                    catch (Exception ex)
                    {
                        if (item.Kind == Kind.Data)
                        {
                            Return(item.Buffer);
                        }
                        if (_failure == null)
                        {
                            _failure = ex;
                        }
                        CloseTemp(delete: true);
                        // Wake a reader waiting for space so it sees the failure.
                        _space.Release(Blocks);
                    }
                }
            }

            private void CloseTemp(bool delete)
            {
                _file?.Dispose();
                _file = null;
                if (delete && _temp != null && File.Exists(_temp))
                {
                    File.Delete(_temp);
                }
                _temp = null;
            }

            private void Complete()
            {
                DicomFile header;
                try
                {
                    header = DicomFile.Open(_temp, DicomReadOptions.HeaderOnly);
                }
                catch (DicomFormatException ex)
                {
                    throw new InvalidDataException($"Part {_partIndex} of the response is not a readable DICOM file: {ex.Message}", ex);
                }
                var study = header.Dataset.GetString(new DicomTag(0x0020, 0x000D))?.Trim() ?? _study;
                var series = header.Dataset.GetString(new DicomTag(0x0020, 0x000E))?.Trim() ?? _series ?? "unknown-series";
                var sop = (header.Dataset.GetString(DicomTag.SOPInstanceUID) ?? header.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID))?.Trim()
                    ?? "part-" + _partIndex;
                _done.Add(sop);
                if (_savedEarlier.Contains(sop))
                {
                    // Saved by an earlier attempt of this call.
                    Interlocked.Add(ref _repeatedBytes, _bytes);
                    CloseTemp(delete: true);
                    return;
                }
                var relative = _options.Layout != null
                    ? _options.Layout(study, series, sop)
                    : Path.Combine(SafeName(study), SafeName(series), SafeName(sop) + ".dcm");
                var target = Path.GetFullPath(Path.Combine(_root, relative));
                if (!target.StartsWith(_root, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The layout path '{relative}' leaves the target directory '{_directory}'.");
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target));
                var record = new DicomWebSavedInstance
                {
                    Path = target,
                    StudyInstanceUid = study,
                    SeriesInstanceUid = series,
                    SopInstanceUid = sop,
                    TransferSyntaxUid = header.TransferSyntaxUID ?? _partSyntax,
                    Bytes = _bytes,
                };
                if (File.Exists(target))
                {
                    if (!_options.Overwrite)
                    {
                        record.Skipped = true;
                    }
                    else
                    {
                        File.Delete(target);
                    }
                }
                if (record.Skipped)
                {
                    CloseTemp(delete: true);
                }
                else
                {
                    File.Move(_temp, target);
                    _temp = null;
                }
                _saved.Add(record);
                Interlocked.Increment(ref _savedCount);
                _onSaved?.Invoke(record);
            }

            public void Dispose()
            {
                Post(new Item { Kind = Kind.Stop });
                try
                {
                    _loop.Wait();
                }
                catch (Exception)
                {
                }
            }
        }

        /// <summary>A UID (or any text) as one safe path segment.</summary>
        internal static string SafeName(string text)
        {
            var invalid = Path.GetInvalidFileNameChars();
            var chars = (text ?? "unknown").Select(c => invalid.Contains(c) || c == '/' || c == '\\' ? '_' : c).ToArray();
            var name = new string(chars).Trim();
            return name.Length == 0 || name == "." || name == ".." ? "_" : name;
        }
    }
}
