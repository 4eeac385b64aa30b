using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Google;
using Google.Cloud.Storage.V1;
using Xunit;
using static HealthcareTools.Emulator.Tests.StorageTestSupport;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>The Cloud Storage subset as Google.Cloud.Storage.V1 5.0.0 uses it.</summary>
    public sealed class StorageClientTests
    {
        [Fact]
        public async Task BucketsCreateGetListAndDeleteRules()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewClient(emulator);

            var created = await client.CreateBucketAsync(Project, new Google.Apis.Storage.v1.Data.Bucket { Name = "bkt-one", Location = "us-central1", Labels = new Dictionary<string, string> { ["team"] = "imaging" } });
            Assert.Equal("bkt-one", created.Name);
            Assert.Equal("US-CENTRAL1", created.Location);
            await client.CreateBucketAsync(Project, "bkt-two");
            await client.CreateBucketAsync(Project, "bkt-three");
            await client.CreateBucketAsync("other-project", "bkt-elsewhere");

            var again = await Assert.ThrowsAsync<GoogleApiException>(() => client.CreateBucketAsync(Project, "bkt-one"));
            Assert.Equal(HttpStatusCode.Conflict, again.HttpStatusCode);
            // The client checks names itself; the emulator checks them too for other clients.
            (await emulator.PostAsync($"storage/v1/b?project={Project}", "{\"name\":\"Bad_Name!\"}")).AssertStatus(HttpStatusCode.BadRequest);

            var fetched = await client.GetBucketAsync("bkt-one");
            Assert.Equal("imaging", fetched.Labels["team"]);
            Assert.Equal(created.TimeCreatedDateTimeOffset, fetched.TimeCreatedDateTimeOffset);

            // Paging one bucket at a time still yields all of the project's buckets, in name order.
            var pages = client.ListBucketsAsync(Project, new ListBucketsOptions { PageSize = 1 }).AsRawResponses();
            var names = new List<string>();
            int pageCount = 0;
            await foreach (var page in pages)
            {
                pageCount++;
                names.AddRange(page.Items?.Select(b => b.Name) ?? Enumerable.Empty<string>());
            }
            Assert.Equal(new[] { "bkt-one", "bkt-three", "bkt-two" }, names);
            Assert.Equal(3, pageCount);

            await client.UploadObjectAsync("bkt-two", "keep.txt", "text/plain", new MemoryStream(new byte[] { 1, 2, 3 }));
            var notEmpty = await Assert.ThrowsAsync<GoogleApiException>(() => client.DeleteBucketAsync("bkt-two"));
            Assert.Equal(HttpStatusCode.Conflict, notEmpty.HttpStatusCode);
            await client.DeleteObjectAsync("bkt-two", "keep.txt");
            await client.DeleteBucketAsync("bkt-two");
            var gone = await Assert.ThrowsAsync<GoogleApiException>(() => client.GetBucketAsync("bkt-two"));
            Assert.Equal(HttpStatusCode.NotFound, gone.HttpStatusCode);
            var missing = await Assert.ThrowsAsync<GoogleApiException>(() => client.DeleteBucketAsync("bkt-two"));
            Assert.Equal(HttpStatusCode.NotFound, missing.HttpStatusCode);
        }

        [Fact]
        public async Task SmallUploadRoundTripsWithGoogleShapedMetadata()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewClient(emulator);
            await client.CreateBucketAsync(Project, "small");
            byte[] data = Bytes(1000, 1);

            var uploaded = await client.UploadObjectAsync("small", "one.bin", "application/x-test", new MemoryStream(data));
            Assert.Equal("one.bin", uploaded.Name);
            Assert.Equal("small", uploaded.Bucket);
            Assert.Equal(1000UL, uploaded.Size);
            Assert.Equal("application/x-test", uploaded.ContentType);
            Assert.Equal(Convert.ToBase64String(MD5.HashData(data)), uploaded.Md5Hash);
            Assert.Equal(KnownCrc32C(data), uploaded.Crc32c);
            Assert.True(uploaded.Generation > 0);
            Assert.Equal(1L, uploaded.Metageneration);
            Assert.Equal($"small/one.bin/{uploaded.Generation}", uploaded.Id);
            Assert.NotNull(uploaded.TimeCreatedDateTimeOffset);

            var fetched = await client.GetObjectAsync("small", "one.bin");
            Assert.Equal(uploaded.Generation, fetched.Generation);
            Assert.Equal(uploaded.Crc32c, fetched.Crc32c);
            AssertBytes(data, await DownloadAsync(client, "small", "one.bin"));

            // Replacing an object gives a new generation and removes the old bytes.
            var replaced = await client.UploadObjectAsync("small", "one.bin", null, new MemoryStream(new byte[] { 42 }));
            Assert.True(replaced.Generation > uploaded.Generation);
            Assert.Equal("application/octet-stream", replaced.ContentType);
            AssertBytes(new byte[] { 42 }, await DownloadAsync(client, "small", "one.bin"));
            Assert.Single(ObjectFiles(emulator));

            // An empty object.
            var empty = await client.UploadObjectAsync("small", "empty", "text/plain", new MemoryStream());
            Assert.Equal(0UL, empty.Size);
            Assert.Empty(await DownloadAsync(client, "small", "empty"));
        }

        [Fact]
        public async Task MultiChunkResumableUploadRoundTripsExactly()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewClient(emulator);
            await client.CreateBucketAsync(Project, "big");
            byte[] data = Bytes(1_300_000, 2); // 5 chunks of 256 KiB
            await emulator.PostAsync("_emulator/reset-stats");

            var uploaded = await client.UploadObjectAsync("big", "scans/large.bin", "application/octet-stream", new MemoryStream(data), Chunked);
            Assert.Equal((ulong)data.Length, uploaded.Size);
            Assert.Equal(Convert.ToBase64String(MD5.HashData(data)), uploaded.Md5Hash);
            var stats = (await emulator.GetAsync("_emulator/stats")).Json;
            Assert.True((long)stats["requests"] >= 1 + 5, $"expected a session start and 5 chunk PUTs, saw {stats["requests"]} requests");

            AssertBytes(data, await DownloadAsync(client, "big", "scans/large.bin"));
            // Small download chunks make the client use many Range requests, and it still validates the hash.
            AssertBytes(data, await DownloadAsync(client, "big", "scans/large.bin", new DownloadObjectOptions { ChunkSize = 100_000 }));
            // The stored file is byte-identical too.
            AssertBytes(data, File.ReadAllBytes(Assert.Single(ObjectFiles(emulator))));

            // A non-seekable source of unknown length: chunks are sent with "/*" until the last.
            var unknownLength = await client.UploadObjectAsync("big", "stream.bin", null, new NonSeekableStream(data), Chunked);
            Assert.Equal((ulong)data.Length, unknownLength.Size);
            AssertBytes(data, await DownloadAsync(client, "big", "stream.bin"));
        }

        [Fact]
        public async Task RangeDownloadsReturnExactSlices()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewClient(emulator);
            await client.CreateBucketAsync(Project, "ranges");
            byte[] data = Bytes(300_000, 3);
            await client.UploadObjectAsync("ranges", "r.bin", null, new MemoryStream(data), Chunked);

            byte[] middle = await DownloadAsync(client, "ranges", "r.bin", new DownloadObjectOptions { Range = new RangeHeaderValue(1000, 263_999) });
            AssertBytes(data.AsSpan(1000, 263_000).ToArray(), middle);
            byte[] tail = await DownloadAsync(client, "ranges", "r.bin", new DownloadObjectOptions { Range = new RangeHeaderValue(299_990, null) });
            AssertBytes(data.AsSpan(299_990).ToArray(), tail);
        }

        [Fact]
        public async Task ListsWithPrefixDelimiterAndPaging()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewClient(emulator);
            await client.CreateBucketAsync(Project, "lists");
            string[] names = { "a/1.dcm", "a/2.dcm", "a/b/3.dcm", "a/b/4.dcm", "a/c/5.dcm", "a/é/6.dcm", "b.txt", "c/7.dcm", "top.dcm" };
            foreach (string name in names)
            {
                await client.UploadObjectAsync("lists", name, null, new MemoryStream(new byte[] { 7 }));
            }

            var all = client.ListObjects("lists").Select(o => o.Name).ToList();
            Assert.Equal(names, all);
            Assert.Equal(new[] { "a/b/3.dcm", "a/b/4.dcm" }, client.ListObjects("lists", "a/b/").Select(o => o.Name));

            var (items, prefixes, pages) = ReadAllPages(client, "lists", "a/", "/", pageSize: 1000);
            Assert.Equal(new[] { "a/1.dcm", "a/2.dcm" }, items);
            Assert.Equal(new[] { "a/b/", "a/c/", "a/é/" }, prefixes);
            Assert.Equal(1, pages);

            // Page size counts items and prefixes together; paging one at a time loses and repeats nothing.
            (items, prefixes, pages) = ReadAllPages(client, "lists", "a/", "/", pageSize: 1);
            Assert.Equal(new[] { "a/1.dcm", "a/2.dcm" }, items);
            Assert.Equal(new[] { "a/b/", "a/c/", "a/é/" }, prefixes);
            Assert.Equal(5, pages);

            (items, prefixes, pages) = ReadAllPages(client, "lists", null, "/", pageSize: 2);
            Assert.Equal(new[] { "b.txt", "top.dcm" }, items);
            Assert.Equal(new[] { "a/", "c/" }, prefixes);
            Assert.Equal(2, pages);

            (items, _, pages) = ReadAllPages(client, "lists", null, null, pageSize: 4);
            Assert.Equal(names, items);
            Assert.Equal(3, pages);

            // Versions are ignored: only live objects are listed.
            Assert.Equal(names.Length, client.ListObjects("lists", null, new ListObjectsOptions { Versions = true }).Count());
        }

        [Fact]
        public async Task NamesWithSlashesUnicodeAndReservedCharacters()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewClient(emulator);
            await client.CreateBucketAsync(Project, "names");
            string[] names =
            {
                "dir/sub dir/naïve 文件 🎉.txt",
                "percent%2Fliteral+plus?query#hash&amp=1",
                "trailing/slash/",
                "colon:and;semi,comma@at",
                "//double//slashes",
            };
            int seed = 10;
            foreach (string name in names)
            {
                byte[] data = Bytes(500 + seed, seed++);
                var uploaded = await client.UploadObjectAsync("names", name, "text/plain", new MemoryStream(data));
                Assert.Equal(name, uploaded.Name);
                Assert.Equal(name, (await client.GetObjectAsync("names", name)).Name);
                AssertBytes(data, await DownloadAsync(client, "names", name));
            }
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), client.ListObjects("names").Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal));
            var missing = await Assert.ThrowsAsync<GoogleApiException>(() => client.GetObjectAsync("names", "dir/sub dir"));
            Assert.Equal(HttpStatusCode.NotFound, missing.HttpStatusCode);
        }

        [Fact]
        public async Task CopyAndDelete()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewClient(emulator);
            await client.CreateBucketAsync(Project, "src");
            await client.CreateBucketAsync(Project, "dst");
            byte[] data = Bytes(400_000, 4);
            var source = await client.UploadObjectAsync("src", "in/original.dcm", "application/dicom", new MemoryStream(data), Chunked);

            var copy = await client.CopyObjectAsync("src", "in/original.dcm", "dst", "out/copied ü.dcm");
            Assert.Equal("dst", copy.Bucket);
            Assert.Equal("out/copied ü.dcm", copy.Name);
            Assert.Equal("application/dicom", copy.ContentType);
            Assert.Equal(source.Md5Hash, copy.Md5Hash);
            Assert.Equal(source.Crc32c, copy.Crc32c);
            AssertBytes(data, await DownloadAsync(client, "dst", "out/copied ü.dcm"));

            await client.DeleteObjectAsync("src", "in/original.dcm");
            var deleted = await Assert.ThrowsAsync<GoogleApiException>(() => client.GetObjectAsync("src", "in/original.dcm"));
            Assert.Equal(HttpStatusCode.NotFound, deleted.HttpStatusCode);
            var again = await Assert.ThrowsAsync<GoogleApiException>(() => client.DeleteObjectAsync("src", "in/original.dcm"));
            Assert.Equal(HttpStatusCode.NotFound, again.HttpStatusCode);
            // The copy is independent of its deleted source.
            AssertBytes(data, await DownloadAsync(client, "dst", "out/copied ü.dcm"));
            Assert.Single(ObjectFiles(emulator));

            var noSource = await Assert.ThrowsAsync<GoogleApiException>(() => client.CopyObjectAsync("src", "in/original.dcm", "dst", "x"));
            Assert.Equal(HttpStatusCode.NotFound, noSource.HttpStatusCode);
            var noBucket = await Assert.ThrowsAsync<GoogleApiException>(() => client.UploadObjectAsync("nope", "x", null, new MemoryStream(new byte[1])));
            Assert.Equal(HttpStatusCode.NotFound, noBucket.HttpStatusCode);
            Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "gcs", "uploads")));
        }

        [Fact]
        public async Task ClientValidatesTheHashesWeServe()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewClient(emulator);
            await client.CreateBucketAsync(Project, "hashes");
            byte[] data = Bytes(5000, 5);
            await client.UploadObjectAsync("hashes", "h.bin", null, new MemoryStream(data));
            AssertBytes(data, await DownloadAsync(client, "hashes", "h.bin"));

            // Corrupt the stored bytes behind the emulator's back: the client must notice.
            string file = Assert.Single(ObjectFiles(emulator));
            byte[] corrupt = (byte[])data.Clone();
            corrupt[2500] ^= 0xFF;
            File.WriteAllBytes(file, corrupt);
            await Assert.ThrowsAnyAsync<IOException>(() => DownloadAsync(client, "hashes", "h.bin"));
        }

        [Fact]
        public async Task ObjectsAndBucketsSurviveARestart()
        {
            string folder = TestEmulator.NewDataDirectory();
            byte[] data = Bytes(700_000, 6);
            try
            {
                await using (var first = await TestEmulator.StartAsync(dataDirectory: folder))
                {
                    var client = NewClient(first);
                    await client.CreateBucketAsync(Project, "kept");
                    await client.UploadObjectAsync("kept", "x/y.bin", null, new MemoryStream(data), Chunked);
                }
                await using var second = await TestEmulator.StartAsync(dataDirectory: folder);
                var again = NewClient(second);
                Assert.Equal("kept", (await again.GetBucketAsync("kept")).Name);
                Assert.Equal((ulong)data.Length, (await again.GetObjectAsync("kept", "x/y.bin")).Size);
                AssertBytes(data, await DownloadAsync(again, "kept", "x/y.bin"));
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }

        [Fact]
        public async Task UploadAndDownloadRoundTripUnderInjectedFaults()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewRetryingClient(emulator);
            await client.CreateBucketAsync(Project, "faulty");
            (await emulator.PutAsync("_emulator/faults", "{\"errorRate\":0.2,\"errorStatuses\":[429,503]}")).AssertStatus(HttpStatusCode.OK);

            // Several chunk PUTs per object, so faults land on session starts, chunks and downloads.
            // Each retry costs about a second of the client's own back-off, hence only two objects.
            byte[] data = Bytes(1_300_000, 7);
            for (int i = 0; i < 2; i++)
            {
                var uploaded = await client.UploadObjectAsync("faulty", $"f/{i}.bin", null, new MemoryStream(data), Chunked);
                Assert.Equal((ulong)data.Length, uploaded.Size);
                AssertBytes(data, await DownloadAsync(client, "faulty", $"f/{i}.bin", new DownloadObjectOptions { ChunkSize = 300_000 }));
            }
            var stats = (await emulator.GetAsync("_emulator/stats")).Json;
            Assert.True((long)stats["faultsInjected"] > 0);
            (await emulator.PutAsync("_emulator/faults", "{}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(2, client.ListObjects("faulty", "f/").Count());
        }

        [Fact]
        public async Task ParallelUploadsUnderInjectedErrorsEndWithExactlyTheRightObjects()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var client = NewRetryingClient(emulator);
            await client.CreateBucketAsync(Project, "parallel");
            // The client waits 1 s, 2 s, 4 s... between its own retries, so the load is kept small. Drops
            // are covered by StorageProtocolTests (the client spends seconds on each), and the
            // sequential test above asserts that faults really happen (its seeded sequence is fixed;
            // here the interleaving is not).
            (await emulator.PutAsync("_emulator/faults", "{\"errorRate\":0.2,\"errorStatuses\":[429,503]}")).AssertStatus(HttpStatusCode.OK);

            var payloads = Enumerable.Range(0, 4).Select(i => Bytes(300_000 + i * 1000, 100 + i)).ToArray();
            await Task.WhenAll(payloads.Select((data, i) =>
                client.UploadObjectAsync("parallel", $"p/{i:D2}.bin", null, new MemoryStream(data), Chunked)));

            (await emulator.PutAsync("_emulator/faults", "{}")).AssertStatus(HttpStatusCode.OK);
            var listed = client.ListObjects("parallel").ToList();
            Assert.Equal(Enumerable.Range(0, 4).Select(i => $"p/{i:D2}.bin"), listed.Select(o => o.Name));
            for (int i = 0; i < payloads.Length; i++)
            {
                AssertBytes(payloads[i], await DownloadAsync(client, "parallel", $"p/{i:D2}.bin"));
            }
            Assert.Equal(payloads.Length, ObjectFiles(emulator).Length);
        }

        [Fact]
        public async Task EmulatorDetectionWithStorageEmulatorHost()
        {
            await using var emulator = await TestEmulator.StartAsync();
            // Only Google.Cloud.Storage.V1 reads this variable, and only with emulator detection on.
            string previous = Environment.GetEnvironmentVariable("STORAGE_EMULATOR_HOST");
            Environment.SetEnvironmentVariable("STORAGE_EMULATOR_HOST", $"127.0.0.1:{emulator.Host.Port}");
            StorageClient client;
            try
            {
                client = await new StorageClientBuilder { EmulatorDetection = Google.Api.Gax.EmulatorDetection.EmulatorOrProduction }.BuildAsync();
            }
            finally
            {
                Environment.SetEnvironmentVariable("STORAGE_EMULATOR_HOST", previous);
            }
            await client.CreateBucketAsync(Project, "detected");
            byte[] data = Bytes(600_000, 8);
            await client.UploadObjectAsync("detected", "via/env.bin", null, new MemoryStream(data), Chunked);
            AssertBytes(data, await DownloadAsync(client, "detected", "via/env.bin"));
            Assert.Equal("via/env.bin", client.ListObjects("detected", "via/").Single().Name);
        }

        private static (List<string> Items, List<string> Prefixes, int Pages) ReadAllPages(StorageClient client, string bucket, string prefix, string delimiter, int pageSize)
        {
            var items = new List<string>();
            var prefixes = new List<string>();
            int pages = 0;
            foreach (var page in client.ListObjects(bucket, prefix, new ListObjectsOptions { Delimiter = delimiter, PageSize = pageSize }).AsRawResponses())
            {
                pages++;
                if (page.Items != null) items.AddRange(page.Items.Select(o => o.Name));
                if (page.Prefixes != null) prefixes.AddRange(page.Prefixes);
            }
            return (items, prefixes, pages);
        }

        /// <summary>CRC32C by the textbook bitwise algorithm, independent of the emulator's implementation.</summary>
        internal static string KnownCrc32C(byte[] data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in data)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
            crc ^= 0xFFFFFFFF;
            return Convert.ToBase64String(new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc });
        }

        private sealed class NonSeekableStream : Stream
        {
            private readonly MemoryStream _inner;

            public NonSeekableStream(byte[] data) => _inner = new MemoryStream(data);

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 10_000));
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
