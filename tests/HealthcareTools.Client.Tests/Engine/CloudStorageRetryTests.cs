using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Storage;
using HealthcareTools.Client.Tests.DicomWeb;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    /// <summary>The Cloud Storage client's HTTP pipeline: the engine's retry policy on Google.Cloud.Storage.V1's requests.</summary>
    public class CloudStorageRetryTests
    {
        private const string ObjectJson = "{\"kind\":\"storage#object\",\"bucket\":\"bkt\",\"name\":\"a.txt\",\"size\":\"5\",\"generation\":\"1\"}";
        private static readonly GcsUri Object = new GcsUri("bkt", "a.txt");

        private sealed class TestStorage : IDisposable
        {
            private readonly ConcurrentQueue<string> _log = new ConcurrentQueue<string>();

            private TestStorage(CloudStorage storage, ConcurrentQueue<string> log)
            {
                Storage = storage;
                _log = log;
            }

            public CloudStorage Storage { get; }
            public string[] Log => _log.ToArray();

            public static async Task<TestStorage> CreateAsync(FakeApiServer server, Action<CloudStorageOptions> configure = null)
            {
                var log = new ConcurrentQueue<string>();
                var options = new CloudStorageOptions
                {
                    EmulatorBaseUri = server.BaseUri.ToString(),
                    MaxAttempts = 4,
                    InitialBackOff = TimeSpan.FromMilliseconds(5),
                    MaxBackOff = TimeSpan.FromMilliseconds(20),
                    RequestTimeout = TimeSpan.FromSeconds(5),
                    DebugLog = line => log.Enqueue(line),
                };
                configure?.Invoke(options);
                return new TestStorage(await CloudStorage.CreateAsync(options, CancellationToken.None), log);
            }

            public void Dispose() => Storage.Dispose();
        }

        private static Reply SessionStarted(FakeApiServer server) => new Reply { Status = 200, Body = string.Empty }
            .WithHeader("Location", $"{server.BaseUri}upload/storage/v1/b/bkt/o?uploadType=resumable&name=a.txt&upload_id=session1");

        /// <summary>The resumable protocol's own tests: every upload takes a session, however small.</summary>
        private static void Resumable(CloudStorageOptions options) => options.SingleRequestLimit = 0;

        private static Task<StorageObjectInfo> UploadAsync(TestStorage test) =>
            test.Storage.UploadAsync(new MemoryStream(Encoding.ASCII.GetBytes("hello")), Object, "text/plain", null, CancellationToken.None);

        [Theory]
        [InlineData(429)]
        [InlineData(503)]
        public async Task SessionStartIsRetriedOnTransientStatusesWithTheConfiguredBackOff(int status)
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server, Resumable))
            {
                server.Script(Reply.Error(status, "UNAVAILABLE", "slow down"), Reply.Error(status, "UNAVAILABLE", "slow down"), SessionStarted(server), Reply.Json(ObjectJson));
                var clock = Stopwatch.StartNew();
                var stored = await UploadAsync(test);
                Assert.Equal("a.txt", stored.Name);
                Assert.Equal(new[] { "POST", "POST", "POST", "PUT" }, server.Requests.Select(r => r.Method));
                Assert.Contains("uploadType=resumable", server.Requests[0].PathAndQuery);
                Assert.Equal("hello", server.Requests[3].Body);
                // Milliseconds, not the library's own 1 s, 2 s on top.
                Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(900), $"took {clock.Elapsed}");
                Assert.Contains(test.Log, line => line.StartsWith("Retry POST /upload/storage/v1/b/bkt/o") && line.Contains($"HTTP {status}; retry 2 of 3"));
            }
        }

        [Fact]
        public async Task ALostSessionStartIsStartedAgain()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server, Resumable))
            {
                server.Script(Reply.Dropped(), SessionStarted(server), Reply.Json(ObjectJson));
                var stored = await UploadAsync(test);
                Assert.Equal("a.txt", stored.Name);
                Assert.Equal(new[] { "POST", "POST", "PUT" }, server.Requests.Select(r => r.Method));
            }
        }

        [Fact]
        public async Task ALostFinalChunkIsResolvedByAStatusQuery()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server, Resumable))
            {
                // The server stored the object, then the answer was lost: the retry asks the session, which answers the object.
                server.Script(SessionStarted(server), Reply.Dropped(), Reply.Json(ObjectJson));
                var stored = await UploadAsync(test);
                Assert.Equal("a.txt", stored.Name);
                var requests = server.Requests;
                Assert.Equal(new[] { "POST", "PUT", "PUT" }, requests.Select(r => r.Method));
                Assert.Contains("upload_id=session1", requests[2].PathAndQuery);
                Assert.Equal("bytes */5", requests[2].Headers["Content-Range"]);
                // No session id in the log.
                Assert.DoesNotContain(test.Log, line => line.Contains("session1"));
            }
        }

        [Fact]
        public async Task AChunkRefusedWith429IsSentAgain()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server, Resumable))
            {
                server.Script(SessionStarted(server), Reply.Error(429, "RESOURCE_EXHAUSTED", "slow down"), Reply.Json(ObjectJson));
                await UploadAsync(test);
                var requests = server.Requests;
                Assert.Equal(new[] { "POST", "PUT", "PUT" }, requests.Select(r => r.Method));
                Assert.Equal("hello", requests[2].Body);
            }
        }

        [Fact]
        public async Task RetryAfterIsHonoured()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            {
                server.Script(Reply.Error(503, "UNAVAILABLE", "later").WithHeader("Retry-After", "1"), Reply.Json(ObjectJson));
                var clock = Stopwatch.StartNew();
                var found = await test.Storage.GetObjectAsync(Object, CancellationToken.None);
                Assert.Equal(5, found.Size);
                Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"took {clock.Elapsed}");
                Assert.Contains(test.Log, line => line.Contains("(Retry-After)"));
            }
        }

        [Fact]
        public async Task GetsAreRetriedOnLostResponsesWithoutTheLibrarysSecondWait()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            {
                server.Script(Reply.Error(503, "UNAVAILABLE", "down"), Reply.Dropped(), Reply.Json(ObjectJson));
                var clock = Stopwatch.StartNew();
                await test.Storage.GetObjectAsync(Object, CancellationToken.None);
                Assert.Equal(3, server.Requests.Count);
                Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(900), $"took {clock.Elapsed}");
            }
        }

        [Fact]
        public async Task AttemptsAreBoundedByMaxAttempts()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server, o => o.MaxAttempts = 3))
            {
                server.Script(Reply.Error(503, "UNAVAILABLE", "down"));
                var error = await Assert.ThrowsAsync<HealthcareApiException>(() => test.Storage.GetObjectAsync(Object, CancellationToken.None));
                Assert.Equal(503, error.HttpStatus);
                Assert.Equal(3, server.Requests.Count);
                Assert.Contains(test.Log, line => line.Contains("giving up after 3"));
            }
        }

        [Fact]
        public async Task ABucketCreateWhoseAnswerWasLostIsNotRepeated()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            {
                server.Script(Reply.Dropped(), Reply.Json("{\"name\":\"bkt\"}"));
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => test.Storage.CreateBucketAsync("p", "bkt", CancellationToken.None));
                Assert.Single(server.Requests);
                Assert.Contains(test.Log, line => line.Contains("not retried because repeating this request is not safe"));
            }
        }

        [Fact]
        public async Task ABucketCreateRefusedWith429IsRetried()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            {
                server.Script(Reply.Error(429, "RESOURCE_EXHAUSTED", "slow down"), Reply.Json("{\"name\":\"bkt\"}"));
                await test.Storage.CreateBucketAsync("p", "bkt", CancellationToken.None);
                Assert.Equal(2, server.Requests.Count);
            }
        }

        [Fact]
        public async Task CancellationInterruptsTheBackOff()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server, o => { o.InitialBackOff = TimeSpan.FromSeconds(30); o.MaxBackOff = TimeSpan.FromSeconds(30); }))
            using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            {
                server.Script(Reply.Error(503, "UNAVAILABLE", "down"));
                var clock = Stopwatch.StartNew();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => test.Storage.GetObjectAsync(Object, cancel.Token));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
            }
        }

        [Fact]
        public void AttemptsAreClampedToWhatTheHttpLayerAllows()
        {
            Assert.Equal(1, StorageHttpClientFactory.Attempts(0));
            Assert.Equal(12, StorageHttpClientFactory.Attempts(12));
            Assert.Equal(20, StorageHttpClientFactory.Attempts(50));
        }

        [Fact]
        public async Task MaxAttemptsBelowOneIsRejected()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => CloudStorage.CreateAsync(new CloudStorageOptions { EmulatorBaseUri = "http://127.0.0.1:9/", MaxAttempts = 0 }, CancellationToken.None));
        }

        [Theory]
        [InlineData("GET", "http://h/storage/v1/b/bkt/o/a.txt", true)]
        [InlineData("GET", "http://h/download/storage/v1/b/bkt/o/a.txt?alt=media", true)]
        [InlineData("HEAD", "http://h/storage/v1/b/bkt/o/a.txt", true)]
        [InlineData("POST", "http://h/upload/storage/v1/b/bkt/o?uploadType=resumable", true)]
        [InlineData("PUT", "http://h/upload/storage/v1/b/bkt/o?uploadType=resumable&upload_id=x", true)]
        [InlineData("POST", "http://h/upload/storage/v1/b/bkt/o?uploadType=multipart", false)]
        [InlineData("POST", "http://h/upload/storage/v1/b/bkt/o?uploadType=media&name=a", false)]
        [InlineData("POST", "http://h/storage/v1/b?project=p", false)]
        [InlineData("DELETE", "http://h/storage/v1/b/bkt/o/a.txt", false)]
        [InlineData("PATCH", "http://h/storage/v1/b/bkt/o/a.txt", false)]
        [InlineData("PUT", "http://h/storage/v1/b/bkt/o/a.txt", false)]
        public void OnlyRequestsSafeToRepeatAreRetriedAfterANetworkError(string method, string uri, bool safe)
        {
            Assert.Equal(safe, StorageHttpClientFactory.IsSafeToRepeat(new HttpMethod(method), new Uri(uri)));
        }

        private static byte[] Letters(int length) => Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();

        private static string StoredJson(byte[] data, string md5 = null) =>
            "{\"kind\":\"storage#object\",\"bucket\":\"bkt\",\"name\":\"a.txt\",\"size\":\"" + data.Length + "\",\"generation\":\"1\",\"md5Hash\":\""
            + (md5 ?? Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(data))) + "\"}";

        [Fact]
        public async Task A_small_object_of_unknown_length_is_read_whole_and_sent_in_one_request()
        {
            var data = Letters(300_000);
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            {
                server.Script(Reply.Json(StoredJson(data)));
                var stored = await test.Storage.UploadAsync(new TrickleStream(data, 50_000), Object, "application/dicom", null, CancellationToken.None);
                var request = Assert.Single(server.Requests);
                Assert.Equal("POST", request.Method);
                Assert.Equal("/upload/storage/v1/b/bkt/o", request.Path);
                Assert.Contains("uploadType=media", request.PathAndQuery);
                Assert.Contains("name=a.txt", request.PathAndQuery);
                Assert.Equal("application/dicom", request.Headers["Content-Type"]);
                Assert.Equal(Encoding.ASCII.GetString(data), request.Body);
                Assert.Equal(300_000, stored.Size);
            }
        }

        [Fact]
        public async Task A_small_upload_whose_response_was_lost_is_sent_again()
        {
            var data = Letters(1000);
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            {
                server.Script(Reply.Dropped(), Reply.Error(503, "UNAVAILABLE", "busy"), Reply.Json(StoredJson(data)));
                await test.Storage.UploadAsync(new TrickleStream(data, 50_000), Object, "application/dicom", null, CancellationToken.None);
                Assert.Equal(3, server.Requests.Count);
                Assert.All(server.Requests, r => Assert.Equal(Encoding.ASCII.GetString(data), r.Body));
            }
        }

        [Fact]
        public async Task A_small_upload_stored_with_other_bytes_than_were_sent_is_an_error()
        {
            var data = Letters(1000);
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            {
                server.Script(Reply.Json(StoredJson(data, md5: Convert.ToBase64String(new byte[16]))));
                var error = await Assert.ThrowsAsync<IOException>(() => test.Storage.UploadAsync(new TrickleStream(data, 50_000), Object, "application/dicom", null, CancellationToken.None));
                Assert.Contains("gs://bkt/a.txt", error.Message);
            }
        }

        [Fact]
        public async Task An_object_of_unknown_length_over_the_small_limit_is_streamed_in_chunks_with_its_first_bytes_intact()
        {
            const int chunk = 256 * 1024;
            var data = Letters(CloudStorage.SmallObjectLimit + 1 + 150_000);
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server, options => options.ChunkSize = chunk))
            {
                var replies = new System.Collections.Generic.List<Reply> { SessionStarted(server) };
                for (var end = chunk; end < data.Length; end += chunk)
                {
                    replies.Add(new Reply { Status = 308, Body = string.Empty }.WithHeader("Range", $"bytes=0-{end - 1}"));
                }
                replies.Add(Reply.Json(ObjectJson));
                server.Script(replies.ToArray());
                await test.Storage.UploadAsync(new TrickleStream(data, 50_000), Object, "application/dicom", null, CancellationToken.None);
                var puts = server.Requests.Where(r => r.Method == "PUT").ToList();
                Assert.Null(server.Requests[0].Headers["X-Upload-Content-Length"]);
                Assert.Equal(replies.Count - 1, puts.Count);
                Assert.EndsWith("/*", puts[0].Headers["Content-Range"]);
                Assert.EndsWith("/" + data.Length, puts[puts.Count - 1].Headers["Content-Range"]);
                Assert.Equal(Encoding.ASCII.GetString(data), string.Concat(puts.Select(r => r.Body)));
            }
        }
    
        [Fact]
        public async Task A_small_file_is_sent_in_one_request_from_its_current_position()
        {
            var data = Letters(200_000);
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            using (var file = new MemoryStream(data))
            {
                file.Position = 1000;
                var rest = data.Skip(1000).ToArray();
                server.Script(Reply.Json(StoredJson(rest)));
                var sent = 0L;
                await test.Storage.UploadAsync(file, Object, "application/dicom", bytes => sent = bytes, CancellationToken.None);
                var request = Assert.Single(server.Requests);
                Assert.Contains("uploadType=media", request.PathAndQuery);
                Assert.Equal(Encoding.ASCII.GetString(rest), request.Body);
                Assert.Equal(rest.Length, sent);
            }
        }

        [Fact]
        public async Task A_file_over_the_single_request_limit_takes_a_resumable_session_that_declares_its_length()
        {
            var data = Letters(5000);
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server, options => options.SingleRequestLimit = 4999))
            {
                server.Script(SessionStarted(server), Reply.Json(StoredJson(data)));
                await test.Storage.UploadAsync(new MemoryStream(data), Object, "application/dicom", null, CancellationToken.None);
                Assert.Equal(new[] { "POST", "PUT" }, server.Requests.Select(r => r.Method));
                Assert.Contains("uploadType=resumable", server.Requests[0].PathAndQuery);
                Assert.Equal("5000", server.Requests[0].Headers["X-Upload-Content-Length"]);
                Assert.Equal(Encoding.ASCII.GetString(data), server.Requests[1].Body);
            }
        }

        [Fact]
        public async Task An_empty_file_is_one_request()
        {
            using (var server = new FakeApiServer())
            using (var test = await TestStorage.CreateAsync(server))
            {
                server.Script(Reply.Json(StoredJson(Array.Empty<byte>())));
                var stored = await test.Storage.UploadAsync(new MemoryStream(), Object, "text/plain", null, CancellationToken.None);
                Assert.Equal(string.Empty, Assert.Single(server.Requests).Body);
                Assert.Equal(0, stored.Size);
            }
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(CloudStorage.SmallObjectLimit + 1)]
        public async Task A_single_request_limit_outside_its_range_is_rejected(int limit)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => CloudStorage.CreateAsync(
                new CloudStorageOptions { EmulatorBaseUri = "http://127.0.0.1:9/", SingleRequestLimit = limit }, CancellationToken.None));
            Assert.Contains("SingleRequestLimit", error.Message);
        }
    }
}
