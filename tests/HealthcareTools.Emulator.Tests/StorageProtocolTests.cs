using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using Xunit;
using static HealthcareTools.Emulator.Tests.StorageTestSupport;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>The Cloud Storage wire protocol where the .NET client does not reach: raw resumable steps, multipart and media uploads, errors.</summary>
    public sealed class StorageProtocolTests
    {
        [Fact]
        public async Task ResumableSessionStepByStep()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await CreateBucketAsync(emulator, "raw");
            byte[] data = Bytes(150, 20);

            // The session start carries gzip-compressed JSON, as the .NET client sends it.
            using var start = new HttpRequestMessage(HttpMethod.Post, "upload/storage/v1/b/raw/o?uploadType=resumable")
            {
                Content = Gzip("{\"name\":\"dir/é x.bin\",\"contentType\":\"application/x-raw\",\"metadata\":{\"k\":\"v\"}}"),
            };
            using var started = await emulator.Client.SendAsync(start);
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            Uri session = started.Headers.Location;
            Assert.StartsWith(emulator.Host.BaseUri + "upload/storage/v1/b/raw/o?", session.ToString());

            var status = await PutAsync(emulator, session, "bytes */*", null);
            Assert.Equal(308, (int)status.StatusCode);
            Assert.False(status.Headers.Contains("Range"));

            var first = await PutAsync(emulator, session, "bytes 0-99/*", data[..100]);
            Assert.Equal(308, (int)first.StatusCode);
            Assert.Equal("bytes=0-99", first.Headers.GetValues("Range").Single());

            // A resent chunk is accepted again; a chunk past a gap gets the current range back.
            Assert.Equal("bytes=0-99", (await PutAsync(emulator, session, "bytes 0-99/*", data[..100])).Headers.GetValues("Range").Single());
            Assert.Equal("bytes=0-99", (await PutAsync(emulator, session, "bytes 120-149/*", data[120..])).Headers.GetValues("Range").Single());
            Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(emulator, session, "bytes 100-149/150", data[100..140])).StatusCode);
            Assert.Equal("bytes=0-99", (await PutAsync(emulator, session, "bytes */*", null)).Headers.GetValues("Range").Single());

            var last = await PutAsync(emulator, session, "bytes 100-149/150", data[100..]);
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);
            var json = (JsonObject)JsonNode.Parse(await last.Content.ReadAsStringAsync());
            Assert.Equal("storage#object", (string)json["kind"]);
            Assert.Equal("dir/é x.bin", (string)json["name"]);
            Assert.Equal("150", (string)json["size"]);
            Assert.Equal("application/x-raw", (string)json["contentType"]);
            Assert.Equal("v", (string)json["metadata"]["k"]);
            Assert.Equal(Convert.ToBase64String(MD5.HashData(data)), (string)json["md5Hash"]);
            Assert.Equal(StorageClientTests.KnownCrc32C(data), (string)json["crc32c"]);

            // A finished session keeps answering its object (a retried final chunk whose answer was lost).
            var again = await PutAsync(emulator, session, "bytes 100-149/150", data[100..]);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal((string)json["generation"], (string)JsonNode.Parse(await again.Content.ReadAsStringAsync())["generation"]);
            Assert.Equal(HttpStatusCode.OK, (await PutAsync(emulator, session, "bytes */*", null)).StatusCode);

            var media = await emulator.Client.GetAsync("download/storage/v1/b/raw/o/dir%2F%C3%A9%20x.bin?alt=media");
            Assert.Equal(data, await media.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/x-raw", media.Content.Headers.ContentType.MediaType);
        }

        [Fact]
        public async Task DroppedFinalChunkIsRetriedToTheSameObject()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await CreateBucketAsync(emulator, "drops");
            byte[] data = Bytes(300_000, 21);
            Uri session = await StartSessionAsync(emulator, "drops", "d.bin");
            Assert.Equal(308, (int)(await PutAsync(emulator, session, "bytes 0-262143/*", data[..262144])).StatusCode);

            emulator.Host.Runtime.Faults.Settings = new FaultSettings { DropRate = 1 };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => PutAsync(emulator, session, "bytes 262144-299999/300000", data[262144..]));
            emulator.Host.Runtime.Faults.Settings = new FaultSettings();
            Assert.Equal(1, emulator.Host.Runtime.Faults.Stats.Drops);

            // The lost answer's work is done; the retry gets the object, and the bytes are whole.
            var retry = await PutAsync(emulator, session, "bytes 262144-299999/300000", data[262144..]);
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal("300000", (string)JsonNode.Parse(await retry.Content.ReadAsStringAsync())["size"]);
            AssertBytes(data, await DownloadAsync(NewClient(emulator), "drops", "d.bin"));
        }

        [Fact]
        public async Task CancelledSessionIsGone()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await CreateBucketAsync(emulator, "cancel");
            Uri session = await StartSessionAsync(emulator, "cancel", "c.bin");
            Assert.Equal(308, (int)(await PutAsync(emulator, session, "bytes 0-9/*", new byte[10])).StatusCode);
            Assert.Equal(499, (int)(await emulator.Client.DeleteAsync(session)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(emulator, session, "bytes 10-19/20", new byte[10])).StatusCode);
            Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "gcs", "uploads")));
            (await emulator.GetAsync("storage/v1/b/cancel/o/c.bin")).AssertStatus(HttpStatusCode.NotFound);
        }

        [Fact]
        public async Task InjectedFaultsAnswerBeforeAnyStorageWork()
        {
            await using var emulator = await TestEmulator.StartAsync(o =>
            {
                o.Faults.ErrorRate = 1;
                o.Faults.ErrorStatuses = new[] { 503 };
                o.Faults.RetryAfterSeconds = 1;
            });
            var reply = await emulator.PostAsync($"storage/v1/b?project={Project}", "{\"name\":\"never\"}");
            reply.AssertStatus(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(503, (int)reply.Json["error"]["code"]);
            Assert.Equal(TimeSpan.FromSeconds(1), reply.RetryAfter);
            emulator.Host.Runtime.Faults.Settings = new FaultSettings();
            (await emulator.GetAsync("storage/v1/b/never")).AssertStatus(HttpStatusCode.NotFound);
            Assert.Equal(2, emulator.Host.Runtime.Faults.Stats.Requests);
        }

        [Fact]
        public async Task MultipartAndMediaUploads()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await CreateBucketAsync(emulator, "single");
            byte[] data = Bytes(70_000, 22);

            var multipart = new MultipartContent("related", "b0und4ry");
            multipart.Add(new StringContent("{\"name\":\"mp/ü.dcm\",\"contentType\":\"application/dicom\",\"cacheControl\":\"no-cache\"}", Encoding.UTF8, "application/json"));
            var media = new ByteArrayContent(data);
            media.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            multipart.Add(media);
            var mp = await emulator.Client.PostAsync("upload/storage/v1/b/single/o?uploadType=multipart", multipart);
            Assert.Equal(HttpStatusCode.OK, mp.StatusCode);
            var mpJson = JsonNode.Parse(await mp.Content.ReadAsStringAsync());
            Assert.Equal("mp/ü.dcm", (string)mpJson["name"]);
            Assert.Equal("application/dicom", (string)mpJson["contentType"]);
            Assert.Equal("no-cache", (string)mpJson["cacheControl"]);

            var body = new ByteArrayContent(data);
            body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            var md = await emulator.Client.PostAsync("upload/storage/v1/b/single/o?uploadType=media&name=media%2Fx.png", body);
            Assert.Equal(HttpStatusCode.OK, md.StatusCode);
            Assert.Equal("image/png", (string)JsonNode.Parse(await md.Content.ReadAsStringAsync())["contentType"]);

            var client = NewClient(emulator);
            AssertBytes(data, await DownloadAsync(client, "single", "mp/ü.dcm"));
            AssertBytes(data, await DownloadAsync(client, "single", "media/x.png"));

            // A create-only precondition on an existing name fails with 412 and changes nothing.
            var taken = await emulator.Client.PostAsync("upload/storage/v1/b/single/o?uploadType=media&name=media%2Fx.png&ifGenerationMatch=0", new ByteArrayContent(new byte[1]));
            Assert.Equal(HttpStatusCode.PreconditionFailed, taken.StatusCode);
            AssertBytes(data, await DownloadAsync(client, "single", "media/x.png"));
        }

        [Fact]
        public async Task RangesErrorsAndTheErrorEnvelope()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await CreateBucketAsync(emulator, "edges");
            byte[] data = Bytes(1000, 23);
            await NewClient(emulator).UploadObjectAsync("edges", "a/b", null, new MemoryStream(data));

            using var ranged = new HttpRequestMessage(HttpMethod.Get, "storage/v1/b/edges/o/a%2Fb?alt=media");
            ranged.Headers.Range = new RangeHeaderValue(10, 19);
            using var partial = await emulator.Client.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal("bytes 10-19/1000", partial.Content.Headers.ContentRange.ToString());
            Assert.Equal(data[10..20], await partial.Content.ReadAsByteArrayAsync());

            using var suffix = new HttpRequestMessage(HttpMethod.Get, "download/storage/v1/b/edges/o/a%2Fb?alt=media");
            suffix.Headers.Range = new RangeHeaderValue(null, 5);
            Assert.Equal(data[995..], await (await emulator.Client.SendAsync(suffix)).Content.ReadAsByteArrayAsync());

            using var beyond = new HttpRequestMessage(HttpMethod.Get, "storage/v1/b/edges/o/a%2Fb?alt=media");
            beyond.Headers.Range = new RangeHeaderValue(5000, null);
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await emulator.Client.SendAsync(beyond)).StatusCode);

            var whole = await emulator.Client.GetAsync("storage/v1/b/edges/o/a%2Fb?alt=media");
            string hash = whole.Headers.GetValues("X-Goog-Hash").Single();
            Assert.Contains("crc32c=" + StorageClientTests.KnownCrc32C(data), hash);
            Assert.Contains("md5=" + Convert.ToBase64String(MD5.HashData(data)), hash);

            var missing = await emulator.GetAsync("storage/v1/b/edges/o/nothing%2Fhere");
            missing.AssertStatus(HttpStatusCode.NotFound);
            var error = missing.Json["error"];
            Assert.Equal(404, (int)error["code"]);
            Assert.Equal("No such object: edges/nothing/here", (string)error["message"]);
            Assert.Equal("notFound", (string)error["errors"][0]["reason"]);

            (await emulator.GetAsync("storage/v1/b/nobucket/o")).AssertStatus(HttpStatusCode.NotFound);
            (await emulator.GetAsync("storage/v1/b")).AssertStatus(HttpStatusCode.BadRequest); // project is required
            (await emulator.PostAsync("upload/storage/v1/b/edges/o?uploadType=media")).AssertStatus(HttpStatusCode.BadRequest); // name is required
            (await emulator.PostAsync("upload/storage/v1/b/edges/o?uploadType=resumable&name=x", "{not json")).AssertStatus(HttpStatusCode.BadRequest);
        }

        [Fact]
        public async Task ResumableSessionSurvivesARestart()
        {
            string folder = TestEmulator.NewDataDirectory();
            byte[] data = Bytes(600_000, 24);
            try
            {
                Uri session;
                await using (var first = await TestEmulator.StartAsync(dataDirectory: folder))
                {
                    await CreateBucketAsync(first, "resume");
                    session = await StartSessionAsync(first, "resume", "r.bin");
                    Assert.Equal(308, (int)(await PutAsync(first, session, "bytes 0-262143/*", data[..262144])).StatusCode);
                }
                await using var second = await TestEmulator.StartAsync(dataDirectory: folder);
                // Same upload id on the new port.
                var moved = new Uri(second.Host.BaseUri, session.PathAndQuery);
                Assert.Equal("bytes=0-262143", (await PutAsync(second, moved, "bytes */*", null)).Headers.GetValues("Range").Single());
                Assert.Equal(HttpStatusCode.OK, (await PutAsync(second, moved, "bytes 262144-599999/600000", data[262144..])).StatusCode);
                AssertBytes(data, await DownloadAsync(NewClient(second), "resume", "r.bin"));
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }

        private static async Task CreateBucketAsync(TestEmulator emulator, string name) =>
            (await emulator.PostAsync($"storage/v1/b?project={Project}", $"{{\"name\":\"{name}\"}}")).AssertStatus(HttpStatusCode.OK);

        private static async Task<Uri> StartSessionAsync(TestEmulator emulator, string bucket, string name)
        {
            using var response = await emulator.Client.PostAsync($"upload/storage/v1/b/{bucket}/o?uploadType=resumable&name={Uri.EscapeDataString(name)}", new StringContent(""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.Location;
        }

        private static async Task<HttpResponseMessage> PutAsync(TestEmulator emulator, Uri session, string contentRange, byte[] body)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(body ?? Array.Empty<byte>()) };
            request.Content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
            return await emulator.Client.SendAsync(request);
        }

        private static ByteArrayContent Gzip(string json)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes(json));
            }
            var content = new ByteArrayContent(buffer.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Headers.ContentEncoding.Add("gzip");
            return content;
        }
    }
}
