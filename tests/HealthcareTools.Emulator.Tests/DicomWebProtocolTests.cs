using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class DicomWebProtocolTests
    {
        [Fact]
        public async Task DroppedStowIsStoredAndTheRetryReportsAlreadyExists()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            (await emulator.PutAsync("_emulator/faults", "{\"dropRate\":1.0}")).AssertStatus(HttpStatusCode.OK);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => DicomWeb.StowFilesAsync(emulator, Samples.CT));
            (await emulator.PutAsync("_emulator/faults", "{}")).AssertStatus(HttpStatusCode.OK);

            var retry = await DicomWeb.StowFilesAsync(emulator, Samples.CT);
            retry.Reply.AssertStatus(HttpStatusCode.Conflict);
            Assert.Contains("already exists", StowReply.Detail(retry.Failed.Single()));
            Assert.Single(await DicomWeb.QidoAsync(emulator, "instances"));
        }

        [Fact]
        public async Task InjectedErrorsHappenBeforeAnythingIsStored()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            (await emulator.PutAsync("_emulator/faults", "{\"errorRate\":1.0,\"errorStatuses\":[503]}")).AssertStatus(HttpStatusCode.OK);
            (await DicomWeb.StowFilesAsync(emulator, Samples.CT)).Reply.AssertError(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE");
            (await emulator.PutAsync("_emulator/faults", "{}")).AssertStatus(HttpStatusCode.OK);
            Assert.Empty(await DicomWeb.QidoAsync(emulator, "instances"));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(emulator.DataDirectory, "dicom"), "*", SearchOption.AllDirectories));
        }

        [Fact]
        public async Task GzipStowBodyIsAccepted()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            byte[] body = DicomWeb.Multipart("gz", new[] { ("application/dicom", Samples.Bytes(Samples.MR)) });
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{DicomWeb.Base}/studies") { Content = new ByteArrayContent(compressed.ToArray()) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=gz");
            request.Content.Headers.ContentEncoding.Add("gzip");
            var reply = new StowReply(await emulator.SendAsync(request));
            reply.Reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(Samples.MRSop, StowReply.Sop(reply.Referenced.Single()));
        }

        [Fact]
        public async Task UnknownDicomWebPathsAndMethodsAre404()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            (await emulator.GetAsync($"{DicomWeb.Base}/nonsense")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.GetAsync($"{DicomWeb.Base}/studies/1/series/2/instances/3/unknown")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.PutAsync($"{DicomWeb.Base}/studies", "{}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("ds")}/dicomStores/missing/dicomWeb/studies")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }
    }
}
