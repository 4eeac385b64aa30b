using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Storage;
using HealthcareTools.Client.Tests.DicomWeb;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    /// <summary>Cloud Storage downloads end when their body stalls, and complete when it only arrives slowly.</summary>
    public class CloudStorageDownloadTests
    {
        private static readonly GcsUri Object = new GcsUri("bkt", "a.bin");
        private static readonly byte[] Data = Enumerable.Range(0, 200_000).Select(i => (byte)('a' + i % 26)).ToArray();

        private static Task<CloudStorage> StorageFor(RawHttpServer server) =>
            CloudStorage.CreateAsync(new CloudStorageOptions
            {
                EmulatorBaseUri = server.BaseUri.ToString(),
                MaxAttempts = 1,
                RequestTimeout = TimeSpan.FromSeconds(2.5),
            }, CancellationToken.None);

        /// <summary>The object in 10 pieces with <paramref name="pause"/> between them; with <paramref name="stallAt"/>,
        /// silence from that piece on.</summary>
        private static RawResponse Body(TimeSpan pause, int? stallAt = null) => new RawResponse
        {
            Status = 200,
            ContentType = "application/octet-stream",
            Chunked = true,
            Writer = async stream =>
            {
                var piece = Data.Length / 10;
                for (var i = 0; i < 10; i++)
                {
                    if (i == stallAt)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(30));
                    }
                    await stream.WriteAsync(Data, i * piece, piece);
                    await stream.FlushAsync();
                    await Task.Delay(pause);
                }
            },
        };

        [Fact]
        public async Task A_download_whose_body_stalls_fails_after_the_idle_limit_instead_of_waiting_forever()
        {
            using (var server = new RawHttpServer(request => Body(TimeSpan.Zero, stallAt: 5)))
            using (var storage = await StorageFor(server))
            using (var output = new MemoryStream())
            {
                var clock = Stopwatch.StartNew();
                var error = await Assert.ThrowsAsync<TimeoutException>(() => storage.DownloadAsync(Object, output, null, CancellationToken.None));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
                Assert.StartsWith("No data received for 2.5 s", error.Message);
            }
        }

        [Fact]
        public async Task A_body_that_arrives_slowly_but_steadily_completes_although_it_takes_longer_than_the_limit()
        {
            // 10 pieces 0.35 s apart: 3.5 s in all against an idle limit of 2.5 s (the margin absorbs a busy test
            // process delaying the server's own timer).
            using (var server = new RawHttpServer(request => Body(TimeSpan.FromMilliseconds(350))))
            using (var storage = await StorageFor(server))
            using (var output = new MemoryStream())
            {
                await storage.DownloadAsync(Object, output, null, CancellationToken.None);
                Assert.Equal(Data, output.ToArray());
            }
        }
    }
}
