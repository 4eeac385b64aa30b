using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Dicom;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Resources;
using HealthcareTools.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>WADO-RS: instances (multipart or single part), metadata, bulk data, frames and rendered images.</summary>
    public sealed partial class DicomWebEndpoints
    {
        private const int BulkDataThreshold = 1024;

        private async Task<List<DicomInstanceRow>> RequireInstancesAsync(ApiContext context, string study, string series, string sop)
        {
            string store = StoreName(context);
            var rows = await _runtime.Database.ReadAsync(s =>
            {
                if (s.Resources.Get(store, ResourceKinds.DicomStore) == null) throw DicomStoresEndpoints.StoreNotFound(store);
                return s.Dicom.List(store, study, series, sop);
            });
            if (rows.Count == 0)
            {
                throw ApiException.NotFound(sop != null ? $"Instance {sop} (study {study}, series {series}) not found."
                    : series != null ? $"Series {series} of study {study} not found." : $"Study {study} not found.");
            }
            return rows;
        }

        // ---------------------------------------------------------------- instances

        private async Task<ApiResult> Retrieve(ApiContext context, string study, string series, string sop)
        {
            var (singlePart, requested) = NegotiateRetrieve(context, instanceLevel: sop != null);
            var rows = await RequireInstancesAsync(context, study, series, sop);
            var plans = rows.Select(r => (Row: r, Served: ServedSyntax(r, requested))).ToList();
            var files = _runtime.DicomFiles;

            if (singlePart)
            {
                var (row, served) = plans[0];
                return ApiResult.Stream(200, async http =>
                {
                    http.Response.ContentType = $"application/dicom; transfer-syntax={served.Syntax}";
                    if (!served.Transcode) await CopyFileAsync(http, files.FullPath(row.File), setLength: true);
                    else await WriteTranscodedAsync(http, files.FullPath(row.File));
                });
            }

            string boundary = NewBoundary();
            return ApiResult.Stream(200, async http =>
            {
                http.Response.ContentType = $"multipart/related; type=\"application/dicom\"; boundary={boundary}";
                var headers = plans.Select(p => Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom; transfer-syntax={p.Served.Syntax}\r\n\r\n")).ToList();
                byte[] crlf = Encoding.ASCII.GetBytes("\r\n");
                byte[] end = Encoding.ASCII.GetBytes($"--{boundary}--\r\n");
                if (plans.All(p => !p.Served.Transcode))
                {
                    long length = headers.Sum(h => (long)h.Length) + plans.Sum(p => p.Row.Size + crlf.Length) + end.Length;
                    http.Response.ContentLength = length;
                }
                for (int i = 0; i < plans.Count; i++)
                {
                    await http.Response.Body.WriteAsync(headers[i], http.RequestAborted);
                    string path = files.FullPath(plans[i].Row.File);
                    if (plans[i].Served.Transcode) await WriteTranscodedAsync(http, path);
                    else await CopyFileAsync(http, path, setLength: false);
                    await http.Response.Body.WriteAsync(crlf, http.RequestAborted);
                }
                await http.Response.Body.WriteAsync(end, http.RequestAborted);
            });
        }

        /// <summary>Multipart (default) or single part, and the requested transfer syntax (null = not given).</summary>
        private static (bool SinglePart, string TransferSyntax) NegotiateRetrieve(ApiContext context, bool instanceLevel)
        {
            foreach (var range in MediaTypes.ParseAccept(context.Http.Request.Headers.Accept))
            {
                string syntax = range.Parameter("transfer-syntax");
                if (range.Type == MediaTypes.MultipartRelated)
                {
                    string type = range.Parameter("type");
                    if (type == null || string.Equals(type, MediaTypes.Dicom, StringComparison.OrdinalIgnoreCase)) return (false, syntax);
                }
                else if (range.Type == MediaTypes.Dicom && instanceLevel)
                {
                    return (true, syntax);
                }
                else if (range.Type == "*/*" || range.Type == "multipart/*")
                {
                    return (false, null);
                }
            }
            throw ApiException.NotAcceptable($"No acceptable media type in Accept '{context.Http.Request.Headers.Accept}': use multipart/related; type=\"application/dicom\"" +
                (instanceLevel ? " or application/dicom" : string.Empty) + ", with transfer-syntax=* for the stored bytes.");
        }

        /// <summary>
        /// The syntax an instance is served in: '*' and its own syntax give the stored bytes; Explicit VR
        /// Little Endian (asked for, or the default when none is named) is produced from the other native
        /// syntaxes; compressed files are never decompressed (served as stored when no syntax was named, 406 otherwise).
        /// </summary>
        private static (string Syntax, bool Transcode) ServedSyntax(DicomInstanceRow row, string requested)
        {
            string stored = row.TransferSyntax;
            string target = requested ?? DicomTransferSyntax.ExplicitVRLittleEndian;
            if (requested == "*" || target == stored) return (stored, false);
            if (target == DicomTransferSyntax.ExplicitVRLittleEndian)
            {
                if (!DicomTransferSyntax.IsEncapsulated(stored)) return (target, true);
                if (requested == null) return (stored, false);
            }
            throw ApiException.NotAcceptable($"Instance {row.SopUid} is stored as {stored}; the emulator cannot transcode it to {target}. " +
                "Ask for transfer-syntax=* (stored bytes) or the stored syntax.");
        }

        private static string NewBoundary() => "hc-emulator-" + Guid.NewGuid().ToString("N");

        private static async Task CopyFileAsync(HttpContext http, string path, bool setLength)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                // Deleted while the response was being written: the client sees a broken response.
                http.Abort();
                return;
            }
            await using (file)
            {
                if (setLength) http.Response.ContentLength = file.Length;
                await file.CopyToAsync(http.Response.Body, 64 * 1024, http.RequestAborted);
            }
        }

        private static async Task WriteTranscodedAsync(HttpContext http, string path)
        {
            byte[] bytes;
            try
            {
                using var buffer = new MemoryStream();
                DicomFile.Open(path).Save(buffer);
                bytes = buffer.ToArray();
            }
            catch (Exception ex) when (ex is IOException || ex is DicomFormatException)
            {
                http.Abort();
                return;
            }
            await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        }

        // ---------------------------------------------------------------- metadata and bulk data

        private async Task<ApiResult> Metadata(ApiContext context, string study, string series, string sop)
        {
            RequireJsonAccept(context, "RetrieveMetadata");
            var rows = await RequireInstancesAsync(context, study, series, sop);
            string dicomWeb = DicomWebBase(context, StoreName(context));
            var files = _runtime.DicomFiles;
            return ApiResult.Stream(200, async http =>
            {
                http.Response.ContentType = DicomJsonContentType;
                var body = http.Response.Body;
                await body.WriteAsync(new[] { (byte)'[' }, http.RequestAborted);
                bool first = true;
                foreach (var row in rows)
                {
                    byte[] json;
                    try
                    {
                        json = MetadataJson(files.FullPath(row.File), $"{dicomWeb}/studies/{row.StudyUid}/series/{row.SeriesUid}/instances/{row.SopUid}/bulkdata/");
                    }
                    catch (Exception ex) when (ex is IOException || ex is DicomFormatException)
                    {
                        http.Abort();
                        return;
                    }
                    if (!first) await body.WriteAsync(new[] { (byte)',' }, http.RequestAborted);
                    first = false;
                    await body.WriteAsync(json, http.RequestAborted);
                }
                await body.WriteAsync(new[] { (byte)']' }, http.RequestAborted);
            });
        }

        /// <summary>One instance as DICOM JSON: Pixel Data and top-level binary values over 1 KiB as BulkDataURI.</summary>
        private static byte[] MetadataJson(string path, string bulkDataBase)
        {
            var file = DicomFile.Open(path, new DicomReadOptions { SkipPixelData = true, ConvertKnownUN = true });
            var dataset = file.Dataset;
            var pixelData = dataset[DicomTag.PixelData];
            if (pixelData != null)
            {
                var placeholder = new DicomElement(DicomTag.PixelData, pixelData.VR, Array.Empty<byte>()) { BulkDataUri = bulkDataBase + DicomTag.PixelData.ToJsonKey() };
                dataset.AddOrUpdate(placeholder);
            }
            var topLevel = new HashSet<DicomElement>(dataset, ReferenceEqualityComparer.Instance);
            var options = new DicomJsonOptions
            {
                BulkDataThreshold = BulkDataThreshold,
                BulkDataUriProvider = element => topLevel.Contains(element) ? bulkDataBase + element.Tag.ToJsonKey() : null,
            };
            using var buffer = new MemoryStream();
            DicomJson.Serialize(dataset, buffer, options);
            return buffer.ToArray();
        }

        private async Task<ApiResult> BulkData(ApiContext context, string study, string series, string sop, string tagText)
        {
            if (!DicomTag.TryParse(tagText, out var tag) || tagText.Length != 8)
                throw ApiException.InvalidArgument($"Invalid bulk data path '{tagText}': the emulator serves top-level attributes by 8-digit tag (use the BulkDataURI from metadata).");
            bool single = false;
            bool acceptable = false;
            foreach (var range in MediaTypes.ParseAccept(context.Http.Request.Headers.Accept))
            {
                if (range.Type == MediaTypes.MultipartRelated && (range.Parameter("type") == null || range.Parameter("type") == MediaTypes.OctetStream)) acceptable = true;
                else if (range.Type == MediaTypes.OctetStream) acceptable = single = true;
                else if (range.Type == "*/*" || range.Type == "multipart/*" || range.Type == "application/*") acceptable = true;
                if (acceptable) break;
            }
            if (!acceptable) throw ApiException.NotAcceptable("Bulk data is served as multipart/related; type=\"application/octet-stream\" or application/octet-stream.");
            var row = (await RequireInstancesAsync(context, study, series, sop))[0];
            var file = DicomFile.Open(_runtime.DicomFiles.FullPath(row.File), new DicomReadOptions { ConvertKnownUN = true });
            var element = file.Dataset[tag] ?? throw ApiException.NotFound($"Instance {sop} has no attribute {tagText}.");
            byte[] bytes = element is DicomFragmentSequence fragments ? fragments.Fragments.SelectMany(f => f).ToArray() : element.RawValue ?? Array.Empty<byte>();
            string partType = $"application/octet-stream; transfer-syntax={(element is DicomFragmentSequence ? row.TransferSyntax : DicomTransferSyntax.ExplicitVRLittleEndian)}";
            return single ? ApiResult.Stream(200, http => WriteBytesAsync(http, partType, bytes)) : MultipartBytes(new[] { (partType, bytes) }, MediaTypes.OctetStream);
        }

        private static ApiResult MultipartBytes(IReadOnlyList<(string ContentType, byte[] Bytes)> parts, string rootType)
        {
            string boundary = NewBoundary();
            return ApiResult.Stream(200, async http =>
            {
                http.Response.ContentType = $"multipart/related; type=\"{rootType}\"; boundary={boundary}";
                using var buffer = new MemoryStream();
                foreach (var (contentType, bytes) in parts)
                {
                    buffer.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: {contentType}\r\n\r\n"));
                    buffer.Write(bytes);
                    buffer.Write(Encoding.ASCII.GetBytes("\r\n"));
                }
                buffer.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
                http.Response.ContentLength = buffer.Length;
                buffer.Position = 0;
                await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
            });
        }

        // ---------------------------------------------------------------- frames and rendered

        private async Task<ApiResult> Frames(ApiContext context, string study, string series, string sop, string list)
        {
            var row = (await RequireInstancesAsync(context, study, series, sop))[0];
            var image = PixelFrames.Open(_runtime.DicomFiles.FullPath(row.File));
            var numbers = image.ParseFrameList(list);
            string partType = NegotiateFrames(context, image);
            var parts = numbers.Select(n => (partType, image.Frame(n))).ToList();
            return MultipartBytes(parts, partType.Split(';')[0]);
        }

        /// <summary>The part Content-Type for frames: raw pixels as application/octet-stream, compressed frames only as stored.</summary>
        private static string NegotiateFrames(ApiContext context, PixelFrames image)
        {
            string stored = image.TransferSyntax;
            string compressedType = PixelFrames.FrameMediaType(stored);
            foreach (var range in MediaTypes.ParseAccept(context.Http.Request.Headers.Accept))
            {
                bool any = range.Type == "*/*" || range.Type == "multipart/*";
                if (range.Type != MediaTypes.MultipartRelated && !any) continue;
                string type = any ? null : range.Parameter("type") ?? MediaTypes.OctetStream;
                string syntax = any ? null : range.Parameter("transfer-syntax");
                if (!image.IsEncapsulated)
                {
                    if ((type == null || type == MediaTypes.OctetStream) && (syntax == null || syntax == "*" || syntax == DicomTransferSyntax.ExplicitVRLittleEndian))
                        return $"{MediaTypes.OctetStream}; transfer-syntax={DicomTransferSyntax.ExplicitVRLittleEndian}";
                    continue;
                }
                if (type == null) return $"{compressedType}; transfer-syntax={stored}";
                if ((syntax == "*" || syntax == stored) && (type == MediaTypes.OctetStream || type == compressedType))
                    return $"{type}; transfer-syntax={stored}";
            }
            throw ApiException.NotAcceptable(image.IsEncapsulated
                ? $"The frames are stored compressed ({stored}) and the emulator cannot decompress them: ask for multipart/related; type=\"{compressedType}\"; transfer-syntax={stored} (or type=\"application/octet-stream\"; transfer-syntax=*)."
                : "Uncompressed frames are served as multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1 (or *).");
        }

        private async Task<ApiResult> Rendered(ApiContext context, string study, string series, string sop, string list)
        {
            bool? png = null;
            foreach (var range in MediaTypes.ParseAccept(context.Http.Request.Headers.Accept))
            {
                if (range.Type == "image/png") png = true;
                else if (range.Type == "image/jpeg" || range.Type == "image/*" || range.Type == "*/*") png = false;
                if (png.HasValue) break;
            }
            if (!png.HasValue) throw ApiException.NotAcceptable("Rendered images are image/jpeg (default) or image/png.");
            (int, int)? viewport = null;
            string viewportText = context.Query("viewport");
            if (viewportText != null)
            {
                var parts = viewportText.Split(',');
                if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w) ||
                    !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h) || w < 1 || h < 1)
                    throw ApiException.InvalidArgument($"Invalid viewport '{viewportText}': expected width,height.");
                viewport = (w, h);
            }
            foreach (string key in context.Http.Request.Query.Keys)
            {
                if (key != "viewport" && key != "alt" && key != "key" && key != "access_token")
                    throw ApiException.InvalidArgument($"Query parameter '{key}' is not supported on rendered resources (only viewport).");
            }

            var row = (await RequireInstancesAsync(context, study, series, sop))[0];
            var image = PixelFrames.Open(_runtime.DicomFiles.FullPath(row.File));
            var numbers = list == null ? new[] { 1 } : image.ParseFrameList(list);
            if (numbers.Count != 1) throw ApiException.InvalidArgument("Rendered frames: name exactly one frame.");
            byte[] bytes = Renderer.Render(image, numbers[0], png.Value, viewport);
            return ApiResult.Stream(200, http => WriteBytesAsync(http, png.Value ? "image/png" : "image/jpeg", bytes));
        }
    }
}
