using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.IO;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Tests.Dicom;
using Xunit;
using Xunit.Abstractions;
using static HealthcareTools.Client.Tests.DicomWeb.DicomWebTestSupport;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    /// <summary>A real DICOM header followed by zeros up to a given length, generated as it is read.</summary>
    internal sealed class GeneratedDicomStream : ReadOnlyStream
    {
        private readonly byte[] _prefix;
        private readonly long _length;
        private long _position;

        public GeneratedDicomStream(byte[] prefix, long length)
        {
            _prefix = prefix;
            _length = length;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _length - _position);
            if (n <= 0)
            {
                return 0;
            }
            if (_position < _prefix.Length)
            {
                n = (int)Math.Min(n, _prefix.Length - _position);
                Buffer.BlockCopy(_prefix, (int)_position, buffer, offset, n);
            }
            else
            {
                Array.Clear(buffer, offset, n);
            }
            _position += n;
            return n;
        }

        public override long Length => _length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
    }

    /// <summary>Working-set peak sampled every 10 ms.</summary>
    internal sealed class PeakSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;

        public PeakSampler()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Baseline = Environment.WorkingSet;
            Peak = Baseline;
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    Peak = Math.Max(Peak, Environment.WorkingSet);
                    Thread.Sleep(10);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public long Baseline { get; }
        public long Peak { get; private set; }
        public long GrowthMB => (Peak - Baseline) / (1024 * 1024);

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            Peak = Math.Max(Peak, Environment.WorkingSet);
        }
    }

    /// <summary>Runs alone, after the parallel tests: the working set is process-wide.</summary>
    [CollectionDefinition("memory", DisableParallelization = true)]
    public sealed class MemoryCollection
    {
    }

    [Collection("memory")]
    public sealed class MemoryTests
    {
        private const long PartBytes = 20L * 1024 * 1024;
        private static readonly int Parts = int.TryParse(Environment.GetEnvironmentVariable("HC_MEMORY_TEST_PARTS"), out var parts) ? parts : 10;
        private const long BoundMB = 96;
        private readonly ITestOutputHelper _output;

        public MemoryTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Uploading_200_MB_keeps_the_working_set_flat()
        {
            var header = File.ReadAllBytes(DicomSamples.PathOf("dicom3tools/0051.dcm"));
            using (var server = new RawHttpServer(request => new RawResponse { Status = 200 }) { DiscardBodies = true })
            using (var client = Generic(server))
            {
                var items = Enumerable.Range(0, Parts).Select(i => new DicomWebStowItem(() => new GeneratedDicomStream(header, PartBytes), PartBytes, "gen-" + i));
                DicomWebStowProgress totals;
                var clock = Stopwatch.StartNew();
                using (var sampler = new PeakSampler())
                {
                    totals = await client.StoreAsync(items, new DicomWebStowOptions { MaxParallelRequests = 4, MaxBytesPerRequest = 64L * 1024 * 1024 }, null, null, CancellationToken.None);
                    sampler.Dispose();
                    _output.WriteLine($"STOW {Parts * PartBytes / (1024 * 1024)} MB in {clock.ElapsedMilliseconds} ms; working set {sampler.Baseline / (1024 * 1024)} MB -> peak {sampler.Peak / (1024 * 1024)} MB (+{sampler.GrowthMB} MB)");
                    Assert.True(sampler.GrowthMB < BoundMB, $"working set grew by {sampler.GrowthMB} MB");
                }
                Assert.Equal(Parts, totals.Stored);
                Assert.Equal(Parts * PartBytes, totals.BytesSent);
                Assert.True(server.Requests.Sum(r => r.BodyLength) > Parts * PartBytes);
                Assert.All(server.Requests, r => Assert.False(r.WasChunked));
            }
        }

        [Fact]
        public async Task Downloading_200_MB_chunked_multipart_to_disk_keeps_the_working_set_flat()
        {
            var header = File.ReadAllBytes(DicomSamples.PathOf("dicom3tools/0051.dcm"));
            const string boundary = "gen-boundary-123";
            using (var server = new RawHttpServer(request => new RawResponse
            {
                Status = 200,
                ContentType = "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                Chunked = true,
                Writer = async stream =>
                {
                    var buffer = new byte[64 * 1024];
                    for (var i = 0; i < Parts; i++)
                    {
                        var head = Encoding.ASCII.GetBytes((i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n");
                        await stream.WriteAsync(head, 0, head.Length);
                        using (var part = new GeneratedDicomStream(header, PartBytes))
                        {
                            int read;
                            while ((read = part.Read(buffer, 0, buffer.Length)) > 0)
                            {
                                await stream.WriteAsync(buffer, 0, read);
                            }
                        }
                    }
                    var tail = Encoding.ASCII.GetBytes("\r\n--" + boundary + "--\r\n");
                    await stream.WriteAsync(tail, 0, tail.Length);
                },
            }))
            using (var client = Generic(server))
            {
                var target = Path.Combine(Path.GetTempPath(), "hc-mem-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var clock = Stopwatch.StartNew();
                    using (var sampler = new PeakSampler())
                    {
                        var saved = await client.SaveAsync("1.2.3", null, null, target, null, null, null, CancellationToken.None);
                        sampler.Dispose();
                        _output.WriteLine($"WADO {Parts * PartBytes / (1024 * 1024)} MB in {clock.ElapsedMilliseconds} ms; working set {sampler.Baseline / (1024 * 1024)} MB -> peak {sampler.Peak / (1024 * 1024)} MB (+{sampler.GrowthMB} MB)");
                        Assert.Equal(Parts, saved.Count);
                        Assert.All(saved, s => Assert.Equal(PartBytes, s.Bytes));
                        Assert.Equal(PartBytes, new FileInfo(saved[0].Path).Length);
                        Assert.True(sampler.GrowthMB < BoundMB, $"working set grew by {sampler.GrowthMB} MB");
                    }
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }
    }
}
