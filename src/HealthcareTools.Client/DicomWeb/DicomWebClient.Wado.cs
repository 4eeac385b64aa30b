using System;
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
        /// Downloads a study, series or instance straight to disk: each part is written to a temporary file in
        /// <paramref name="directory"/>, its header is read back from that file for the UIDs, and it is moved to
        /// Layout(study, series, sop) (default "{Study}/{Series}/{SOP}.dcm"). <paramref name="onSaved"/> (serialized) gets
        /// one record per file; <paramref name="onProgress"/> at most every 100 ms and at the end. Memory is one buffer.
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
            var saved = new List<DicomWebSavedInstance>();
            var progress = new DicomWebTransferProgress();
            var clock = Stopwatch.StartNew();
            long lastTicks = 0;
            void Tick(long bytes, bool force)
            {
                progress.Bytes += bytes;
                var now = clock.ElapsedTicks;
                if (onProgress != null && (force || now - lastTicks >= Stopwatch.Frequency / 10))
                {
                    lastTicks = now;
                    progress.Elapsed = clock.Elapsed;
                    onProgress(progress);
                }
            }

            var done = new HashSet<string>(StringComparer.Ordinal);
            long partial = 0;
            var maxAttempts = Math.Max(1, options.MaxAttempts);
            var savedEarlier = new HashSet<string>(StringComparer.Ordinal);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    savedEarlier.UnionWith(done);
                    await SaveOnceAsync().ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (attempt < maxAttempts && !cancellationToken.IsCancellationRequested && Http.RetryHandler.IsNetworkError(ex))
                {
                    progress.Bytes -= partial;
                    partial = 0;
                    _log?.Invoke($"WADO retrieve broke after {done.Count} instance(s) ({ex.GetType().Name}: {ex.Message}); attempt {attempt + 1} of {maxAttempts}.");
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), cancellationToken).ConfigureAwait(false);
                }
            }
            Tick(0, true);
            return saved;

            Task SaveOnceAsync() => RetrieveAsync(studyInstanceUid, seriesInstanceUid, sopInstanceUid, options.TransferSyntax, async (part, token) =>
            {
                var temp = Path.Combine(directory, ".hc-" + Guid.NewGuid().ToString("N") + ".part");
                long bytes;
                try
                {
                    partial = 0;
                    // A synchronous handle without its own buffer: each 128 KiB block goes straight to the page cache
                    // (async file handles are emulated on Linux and halve the throughput).
                    using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                    {
                        bytes = await CopyToFileAsync(part.Body, file, n => { partial += n; Tick(n, false); }, token).ConfigureAwait(false);
                    }
                    partial = 0;
                    DicomFile header;
                    try
                    {
                        header = DicomFile.Open(temp, DicomReadOptions.HeaderOnly);
                    }
                    catch (DicomFormatException ex)
                    {
                        throw new InvalidDataException($"Part {part.Index} of the response is not a readable DICOM file: {ex.Message}", ex);
                    }
                    var study = header.Dataset.GetString(new DicomTag(0x0020, 0x000D))?.Trim() ?? studyInstanceUid;
                    var series = header.Dataset.GetString(new DicomTag(0x0020, 0x000E))?.Trim() ?? seriesInstanceUid ?? "unknown-series";
                    var sop = (header.Dataset.GetString(DicomTag.SOPInstanceUID) ?? header.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID))?.Trim()
                        ?? "part-" + part.Index;
                    done.Add(sop);
                    if (savedEarlier.Contains(sop))
                    {
                        // Saved by an earlier attempt of this call.
                        progress.Bytes -= bytes;
                        return;
                    }
                    var relative = options.Layout != null
                        ? options.Layout(study, series, sop)
                        : Path.Combine(SafeName(study), SafeName(series), SafeName(sop) + ".dcm");
                    var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                    var target = Path.GetFullPath(Path.Combine(root, relative));
                    if (!target.StartsWith(root, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"The layout path '{relative}' leaves the target directory '{directory}'.");
                    }
                    Directory.CreateDirectory(Path.GetDirectoryName(target));
                    var record = new DicomWebSavedInstance
                    {
                        Path = target,
                        StudyInstanceUid = study,
                        SeriesInstanceUid = series,
                        SopInstanceUid = sop,
                        TransferSyntaxUid = header.TransferSyntaxUID ?? part.TransferSyntaxUid,
                        Bytes = bytes,
                    };
                    if (File.Exists(target))
                    {
                        if (!options.Overwrite)
                        {
                            record.Skipped = true;
                            File.Delete(temp);
                        }
                        else
                        {
                            File.Delete(target);
                        }
                    }
                    if (!record.Skipped)
                    {
                        File.Move(temp, target);
                    }
                    progress.Parts++;
                    saved.Add(record);
                    onSaved?.Invoke(record);
                }
                finally
                {
                    if (File.Exists(temp))
                    {
                        File.Delete(temp);
                    }
                }
            }, cancellationToken);
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
