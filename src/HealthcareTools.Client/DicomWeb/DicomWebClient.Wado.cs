using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Client.IO;

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

        private Task<int> RetrieveMultipartAsync(string path, string accept, Func<DicomWebPart, CancellationToken, Task> onPart, CancellationToken cancellationToken) =>
            RetrieveMultipartAsync(path, accept, 128 * 1024, onPart, cancellationToken);

        private async Task<int> RetrieveMultipartAsync(string path, string accept, int bufferSize, Func<DicomWebPart, CancellationToken, Task> onPart,
            CancellationToken cancellationToken)
        {
            using (var response = await SendAsync(HttpMethod.Get, path, accept, null, true, cancellationToken).ConfigureAwait(false))
            {
                await ThrowIfFailedAsync(response).ConfigureAwait(false);
                if ((int)response.StatusCode == 204 || response.Content == null)
                {
                    return 0;
                }
                var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;
                using (var stream = new IdleWatchStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), _transport.RequestTimeout, cancellationToken))
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
                    using (var reader = new MultipartReader(stream, boundary, bufferSize))
                    {
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
                using (var stream = new IdleWatchStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), _transport.RequestTimeout, cancellationToken))
                {
                    await CopyAsync(stream, destination, null, cancellationToken).ConfigureAwait(false);
                }
                return response.Content.Headers.ContentType?.ToString();
            }
        }

        private static async Task<long> CopyAsync(Stream source, Stream destination, Action<long> onBytes, CancellationToken cancellationToken)
        {
            // Pooled: a 128 KB array is a large-object-heap allocation, one per retrieved instance or image otherwise.
            var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
            try
            {
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
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Parser buffer of a save: the body is written to the files straight from it.</summary>
        internal const int SaveBufferSize = 1024 * 1024;

        /// <summary>
        /// Downloads a study, series or instance straight to disk. The multipart body is parsed in one 1 MiB buffer and
        /// each part's bytes are written from that buffer to its file (no other copy). The part's UIDs are read from its
        /// first bytes as they arrive (a parse of its attributes up to (0020,000E), in at most the first 64 KiB, kept
        /// when the first read does not hold them); a part whose UIDs do not fit is read back from its written file. Each
        /// part goes to a temporary file in <paramref name="directory"/> and is moved to Layout(study, series, sop)
        /// (default "{Study}/{Series}/{SOP}.dcm") once complete, so an interrupted download leaves no truncated file
        /// under a final name. <paramref name="onSaved"/> (serialized) gets one record per file;
        /// <paramref name="onProgress"/> at most every 100 ms and at the end. A transfer broken after the headers is
        /// retried (MaxAttempts); instances saved by an earlier attempt are not written or saved again.
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
            var path = PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid);
            var accept = MultipartDicomAccept(options.TransferSyntax);
            var progress = new DicomWebTransferProgress();
            var clock = Stopwatch.StartNew();
            long lastTicks = 0;
            var saver = new PartSaver(directory, options, studyInstanceUid, seriesInstanceUid, onSaved);
            long received = 0;
            void Tick(long bytes, bool force)
            {
                received += bytes;
                // Parts repeated by a retry and already saved do not count twice.
                progress.Bytes = received - saver.RepeatedBytes;
                var now = clock.ElapsedTicks;
                if (onProgress != null && (force || now - lastTicks >= Stopwatch.Frequency / 10))
                {
                    lastTicks = now;
                    progress.Elapsed = clock.Elapsed;
                    progress.Parts = saver.SavedCount;
                    onProgress(progress);
                }
            }

            using (saver)
            {
                long partial = 0;
                var maxAttempts = Math.Max(1, options.MaxAttempts);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        saver.StartAttempt();
                        await SaveAttemptAsync(path, accept, options.IdleTimeout ?? _transport.RequestTimeout, saver, (bytes, ended) =>
                        {
                            partial = ended ? 0 : partial + bytes;
                            Tick(bytes, false);
                        }, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception ex) when (attempt < maxAttempts && !cancellationToken.IsCancellationRequested && Http.RetryHandler.IsNetworkError(ex) && !saver.Failed)
                    {
                        saver.Abort();
                        received -= partial;
                        partial = 0;
                        _log?.Invoke($"WADO retrieve broke after {saver.SavedCount} instance(s) ({ex.GetType().Name}: {ex.Message}); attempt {attempt + 1} of {maxAttempts}.");
                        await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        saver.Abort();
                        throw;
                    }
                }
                Tick(0, true);
                return saver.Saved;
            }
        }

        /// <summary>
        /// One attempt of SaveAsync. The body is read with blocking reads on a thread of its own and written from the
        /// parser's buffer straight to the files: no thread-pool hop per read, which on a fast link costs more than the
        /// parsing. Cancellation, and a body with no data for <paramref name="idleTimeout"/> (a TimeoutException,
        /// retried like a broken transfer), unblock a read in progress (IdleWatchStream).
        /// <paramref name="onBytes"/> gets (bytes, false) per run written and (0, true) when a part is complete.
        /// </summary>
        private async Task SaveAttemptAsync(string path, string accept, TimeSpan idleTimeout, PartSaver saver, Action<long, bool> onBytes,
            CancellationToken cancellationToken)
        {
            using (var response = await SendAsync(HttpMethod.Get, path, accept, null, true, cancellationToken).ConfigureAwait(false))
            {
                await ThrowIfFailedAsync(response).ConfigureAwait(false);
                if ((int)response.StatusCode == 204 || response.Content == null)
                {
                    return;
                }
                var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;
                using (var stream = new IdleWatchStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), idleTimeout, cancellationToken))
                {
                    await Task.Factory.StartNew(() => SaveBody(stream, contentType, saver, onBytes), CancellationToken.None,
                        TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                }
            }
        }

        private static void SaveBody(Stream stream, string contentType, PartSaver saver, Action<long, bool> onBytes)
        {
            var boundary = MultipartReader.BoundaryOf(contentType);
            if (boundary == null)
            {
                // A single-part answer (application/dicom): the response stream itself.
                saver.BeginPart(0, MediaTypeText.TransferSyntaxOf(contentType));
                var scratch = ArrayPool<byte>.Shared.Rent(128 * 1024);
                try
                {
                    int read;
                    while ((read = stream.Read(scratch, 0, scratch.Length)) > 0)
                    {
                        onBytes(read, false);
                        saver.Write(scratch, 0, read);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
                saver.EndPart();
                onBytes(0, true);
                return;
            }
            using (var reader = new MultipartReader(stream, boundary, SaveBufferSize))
            {
                SaveParts(reader, saver, onBytes);
            }
        }

        private static void SaveParts(MultipartReader reader, PartSaver saver, Action<long, bool> onBytes)
        {
            DicomWebPart part;
            while ((part = reader.ReadNextPart()) != null)
            {
                saver.BeginPart(part.Index, part.TransferSyntaxUid);
                var body = (MultipartReader.PartStream)part.Body;
                ArraySegment<byte> segment;
                while ((segment = body.ReadSegment()).Count > 0)
                {
                    onBytes(segment.Count, false);
                    saver.Write(segment.Array, segment.Offset, segment.Count);
                }
                saver.EndPart();
                onBytes(0, true);
            }
        }

        /// <summary>
        /// The disk side of SaveAsync, on the reading thread: the first bytes of a part give its UIDs (a parse up to
        /// (0020,000E) of a bounded prefix), then the part is written to a temporary file and moved to its final name when complete.
        /// Any failure here is a local one (Failed): it is not retried as a broken transfer.
        /// </summary>
        private sealed class PartSaver : IDisposable
        {
            /// <summary>Most bytes kept to find a part's header; a header longer than this is read back from the written file.</summary>
            internal const int PrefixLimit = 64 * 1024;
            private readonly string _directory;
            private readonly string _root;
            private readonly DicomWebSaveOptions _options;
            private readonly string _study;
            private readonly string _series;
            private readonly Action<DicomWebSavedInstance> _onSaved;
            private readonly List<DicomWebSavedInstance> _saved = new List<DicomWebSavedInstance>();
            private readonly HashSet<string> _done = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> _savedEarlier = new HashSet<string>(StringComparer.Ordinal);
            private byte[] _prefix;
            private int _savedCount;
            private long _repeatedBytes;

            // Current part.
            private int _partIndex;
            private string _partSyntax;
            private long _bytes;
            private int _prefixCount;
            private Header _header;      // known UIDs, or null
            private bool _readBack;      // header not found in the prefix: parse the written file at the end
            private string _target;
            private FileStream _file;
            private string _temp;

            private sealed class Header
            {
                internal string Study;
                internal string Series;
                internal string Sop;
                internal string TransferSyntax;
            }

            internal PartSaver(string directory, DicomWebSaveOptions options, string study, string series, Action<DicomWebSavedInstance> onSaved)
            {
                _directory = directory;
                _root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                _options = options;
                _study = study;
                _series = series;
                _onSaved = onSaved;
            }

            internal List<DicomWebSavedInstance> Saved => _saved;
            internal int SavedCount => _savedCount;
            internal long RepeatedBytes => _repeatedBytes;
            internal bool Failed { get; private set; }

            internal void StartAttempt() => _savedEarlier.UnionWith(_done);

            internal void BeginPart(int index, string syntax)
            {
                CloseTemp();
                _partIndex = index;
                _partSyntax = syntax;
                _bytes = 0;
                _prefixCount = 0;
                _header = null;
                _readBack = false;
                _target = null;
            }

            internal void Write(byte[] buffer, int offset, int count)
            {
                try
                {
                    _bytes += count;
                    if (_header != null || _readBack)
                    {
                        _file?.Write(buffer, offset, count);
                        return;
                    }
                    if (_prefixCount == 0)
                    {
                        // Usually the first read holds the whole header: parsed where it lies, nothing copied.
                        var header = TryHeader(buffer, offset, count, complete: false, out var final);
                        if (header != null)
                        {
                            Resolve(header);
                            _file?.Write(buffer, offset, count);
                            return;
                        }
                        if (final)
                        {
                            StartReadBack(buffer, offset, count);
                            return;
                        }
                    }
                    var kept = Math.Min(count, PrefixLimit - _prefixCount);
                    _prefix = _prefix ?? new byte[PrefixLimit];
                    Buffer.BlockCopy(buffer, offset, _prefix, _prefixCount, kept);
                    _prefixCount += kept;
                    if (_prefixCount > kept)
                    {
                        var header = TryHeader(_prefix, 0, _prefixCount, complete: false, out var final);
                        if (header != null)
                        {
                            Resolve(header);
                            _file?.Write(_prefix, 0, _prefixCount);
                            _file?.Write(buffer, offset + kept, count - kept);
                            return;
                        }
                        if (final)
                        {
                            StartReadBack(_prefix, 0, _prefixCount);
                            _file.Write(buffer, offset + kept, count - kept);
                            return;
                        }
                    }
                    if (_prefixCount == PrefixLimit)
                    {
                        // A header longer than the prefix: read back from the file, as a whole.
                        StartReadBack(_prefix, 0, _prefixCount);
                        _file.Write(buffer, offset + kept, count - kept);
                    }
                }
                catch
                {
                    Fail();
                    throw;
                }
            }

            internal void EndPart()
            {
                try
                {
                    if (_header == null && !_readBack)
                    {
                        // The whole part is in the prefix (or empty).
                        var data = _prefix ?? Array.Empty<byte>();
                        var header = TryHeader(data, 0, _prefixCount, complete: true, out _);
                        if (header != null)
                        {
                            Resolve(header);
                            _file?.Write(data, 0, _prefixCount);
                        }
                        else
                        {
                            StartReadBack(data, 0, _prefixCount);
                        }
                    }
                    _file?.Dispose();
                    _file = null;
                    if (_readBack)
                    {
                        _header = ReadBackHeader();
                        _readBack = false;
                        if (!Resolve(_header))
                        {
                            // Only known now that it need not be written.
                            CloseTemp();
                        }
                    }
                    Complete();
                }
                catch
                {
                    Fail();
                    throw;
                }
            }

            /// <summary>A broken or failed transfer: the current part's temporary file is removed.</summary>
            internal void Abort() => CloseTemp();

            public void Dispose() => CloseTemp();

            private void Fail()
            {
                Failed = true;
                CloseTemp();
            }

            /// <summary>
            /// Parse of [offset, offset+count) up to (0020,000E) (UidsOnly). Null with <paramref name="final"/> false when more bytes are
            /// needed; null with <paramref name="final"/> true when the prefix cannot give the UIDs (not DICOM as far as
            /// a prefix shows: the written file is then read back as before, for the same answer and error).
            /// </summary>
            private Header TryHeader(byte[] data, int offset, int count, bool complete, out bool final)
            {
                final = false;
                try
                {
                    // The whole part: a stream of known length, read exactly like the file. A prefix: a stream of
                    // unknown length that throws where the reader needs bytes not yet received.
                    var stream = complete ? (Stream)new MemoryStream(data, offset, count, false) : new PrefixStream(data, offset, count);
                    var file = DicomFile.Open(stream, UidsOnly);
                    return HeaderOf(file);
                }
                catch (PrefixStream.NeedMoreBytesException)
                {
                    return null;
                }
                catch (DicomFormatException)
                {
                    final = true;
                    return null;
                }
            }

            /// <summary>
            /// A saved part is named by its UIDs, which all come before (0020,000E): the rest of its header is neither
            /// parsed nor kept (the multipart framing already vouches for the part's bytes, written as they came).
            /// </summary>
            private static DicomReadOptions UidsOnly => new DicomReadOptions { StopBeforePixelData = true, StopAfterTag = new DicomTag(0x0020, 0x000E) };

            private Header HeaderOf(DicomFile file) => new Header
            {
                Study = file.Dataset.GetString(new DicomTag(0x0020, 0x000D))?.Trim() ?? _study,
                Series = file.Dataset.GetString(new DicomTag(0x0020, 0x000E))?.Trim() ?? _series ?? "unknown-series",
                Sop = (file.Dataset.GetString(DicomTag.SOPInstanceUID) ?? file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID))?.Trim()
                    ?? "part-" + _partIndex,
                TransferSyntax = file.TransferSyntaxUID ?? _partSyntax,
            };

            private Header ReadBackHeader()
            {
                try
                {
                    return HeaderOf(DicomFile.Open(_temp, UidsOnly));
                }
                catch (DicomFormatException ex)
                {
                    throw new InvalidDataException($"Part {_partIndex} of the response is not a readable DICOM file: {ex.Message}", ex);
                }
            }

            /// <summary>The UIDs are known: target path (checked), and whether the part is written. True when it is.</summary>
            private bool Resolve(Header header)
            {
                _header = header;
                if (_savedEarlier.Contains(header.Sop))
                {
                    // Saved by an earlier attempt of this call: not written again.
                    return false;
                }
                var relative = _options.Layout != null
                    ? _options.Layout(header.Study, header.Series, header.Sop)
                    : Path.Combine(SafeName(header.Study), SafeName(header.Series), SafeName(header.Sop) + ".dcm");
                var target = Path.GetFullPath(Path.Combine(_root, relative));
                if (!target.StartsWith(_root, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The layout path '{relative}' leaves the target directory '{_directory}'.");
                }
                _target = target;
                if (!_options.Overwrite && File.Exists(target))
                {
                    // Kept as it is (Skipped): no need to write it.
                    return false;
                }
                if (_temp == null)
                {
                    OpenTemp();
                }
                return true;
            }

            private void StartReadBack(byte[] data, int offset, int count)
            {
                _readBack = true;
                OpenTemp();
                _file.Write(data, offset, count);
            }

            private void OpenTemp()
            {
                _temp = Path.Combine(_directory, ".hc-" + Guid.NewGuid().ToString("N") + ".part");
                // Synchronous, unbuffered: each run of bytes goes from the parser's buffer straight to the page cache.
                _file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            }

            private void Complete()
            {
                var header = _header;
                _done.Add(header.Sop);
                if (_savedEarlier.Contains(header.Sop))
                {
                    _repeatedBytes += _bytes;
                    CloseTemp();
                    return;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(_target));
                var record = new DicomWebSavedInstance
                {
                    Path = _target,
                    StudyInstanceUid = header.Study,
                    SeriesInstanceUid = header.Series,
                    SopInstanceUid = header.Sop,
                    TransferSyntaxUid = header.TransferSyntax,
                    Bytes = _bytes,
                };
                if (File.Exists(_target))
                {
                    if (!_options.Overwrite)
                    {
                        record.Skipped = true;
                    }
                    else
                    {
                        File.Delete(_target);
                    }
                }
                if (record.Skipped || _temp == null)
                {
                    record.Skipped = true;
                    CloseTemp();
                }
                else
                {
                    File.Move(_temp, _target);
                    _temp = null;
                }
                _saved.Add(record);
                _savedCount++;
                _onSaved?.Invoke(record);
            }

            private void CloseTemp()
            {
                _file?.Dispose();
                _file = null;
                if (_temp != null && File.Exists(_temp))
                {
                    File.Delete(_temp);
                }
                _temp = null;
            }
        }

        /// <summary>A part's first bytes as a stream of unknown length that throws where a reader needs more than it holds.</summary>
        private sealed class PrefixStream : ReadOnlyStream
        {
            private readonly byte[] _data;
            private readonly int _end;
            private int _position;

            internal sealed class NeedMoreBytesException : IOException
            {
                internal NeedMoreBytesException() : base("More of the part is needed.")
                {
                }
            }

            internal PrefixStream(byte[] data, int offset, int count)
            {
                _data = data;
                _position = offset;
                _end = offset + count;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (count == 0)
                {
                    return 0;
                }
                if (_position >= _end)
                {
                    throw new NeedMoreBytesException();
                }
                var n = Math.Min(count, _end - _position);
                Buffer.BlockCopy(_data, _position, buffer, offset, n);
                _position += n;
                return n;
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
