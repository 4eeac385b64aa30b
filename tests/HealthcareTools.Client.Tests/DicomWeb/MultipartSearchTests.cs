using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.IO;
using HealthcareTools.Client.DicomWeb;
using Xunit;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    /// <summary>Hands out the input in two reads: the first <c>split</c> bytes, then the rest (in reads of at most 4 KiB).</summary>
    internal sealed class SplitStream : ReadOnlyStream
    {
        private readonly byte[] _data;
        private readonly int _split;
        private int _position;

        public SplitStream(byte[] data, int split)
        {
            _data = data;
            _split = split;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var limit = _position < _split ? _split : _data.Length;
            var n = Math.Min(Math.Min(count, 4096), limit - _position);
            Buffer.BlockCopy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }

    /// <summary>The whole-delimiter search of the multipart reader and its in-place segments.</summary>
    public sealed class MultipartSearchTests
    {
        private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

        private static byte[] Random(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        /// <summary>Reads every part through the zero-copy segments (or the Stream API with reads of <paramref name="readSize"/>).</summary>
        private static async Task<List<byte[]>> ReadAll(Stream input, string boundary, int bufferSize, int readSize = 0)
        {
            var reader = new MultipartReader(input, boundary, bufferSize);
            var parts = new List<byte[]>();
            DicomWebPart part;
            while ((part = await reader.ReadNextPartAsync(CancellationToken.None)) != null)
            {
                var memory = new MemoryStream();
                if (readSize > 0)
                {
                    var buffer = new byte[readSize];
                    int read;
                    while ((read = await part.Body.ReadAsync(buffer, 0, buffer.Length)) > 0)
                    {
                        memory.Write(buffer, 0, read);
                    }
                }
                else
                {
                    var body = (MultipartReader.PartStream)part.Body;
                    ArraySegment<byte> segment;
                    while ((segment = await body.ReadSegmentAsync(CancellationToken.None)).Count > 0)
                    {
                        memory.Write(segment.Array, segment.Offset, segment.Count);
                    }
                }
                parts.Add(memory.ToArray());
            }
            return parts;
        }

        /// <summary>Bodies full of near-delimiters: every proper prefix of "\r\n--boundary", the boundary without CRLF, CRs.</summary>
        private static List<byte[]> TrickyBodies(string boundary)
        {
            var delimiter = "\r\n--" + boundary;
            var near = new StringBuilder();
            for (var i = 1; i < delimiter.Length; i++)
            {
                near.Append(delimiter.Substring(0, i)).Append('#');
            }
            near.Append("--").Append(boundary).Append(' ').Append("\r\r\n\r\n-").Append(delimiter.Substring(0, delimiter.Length - 1));
            return new List<byte[]>
            {
                Array.Empty<byte>(),
                Ascii("a"),
                Ascii(near.ToString()),
                Ascii(delimiter.Substring(1)),          // "\n--boundary": the delimiter minus its CR
                Ascii("\r"),
                Ascii(delimiter.Substring(0, delimiter.Length - 1)),
            };
        }

        [Theory]
        [InlineData(64)]
        [InlineData(128 * 1024)]
        public async Task A_delimiter_split_across_reads_at_every_offset_is_found(int bufferSize)
        {
            const string boundary = "Bnd-7x";
            var bodies = TrickyBodies(boundary);
            var data = MultipartTests.Build(boundary, bodies, preamble: "pre\r\n", epilogue: "\r\n--Bnd-7x\r\n");
            for (var split = 0; split <= data.Length; split++)
            {
                var parts = await ReadAll(new SplitStream(data, split), boundary, bufferSize);
                Assert.Equal(bodies.Count, parts.Count);
                for (var i = 0; i < bodies.Count; i++)
                {
                    Assert.True(bodies[i].SequenceEqual(parts[i]), $"part {i} differs with the input split at byte {split}");
                }
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(5)]
        [InlineData(13)]
        public async Task Small_reads_through_the_stream_api_see_the_same_bytes(int readSize)
        {
            const string boundary = "q";
            var bodies = TrickyBodies(boundary);
            bodies.Add(Random(50000, 9));
            var data = MultipartTests.Build(boundary, bodies);
            var parts = await ReadAll(new TrickleStream(data, 3, 1000, 1), boundary, 64, readSize);
            Assert.Equal(bodies.Count, parts.Count);
            for (var i = 0; i < bodies.Count; i++)
            {
                Assert.Equal(bodies[i], parts[i]);
            }
        }

        [Fact]
        public async Task Tiny_and_huge_parts_with_boundary_like_bytes_inside()
        {
            const string boundary = "0123456789abcdef0123456789abcdef";
            // A 24 MiB part whose bytes look like 12-bit pixel data (a CR every few dozen bytes), with delimiter
            // prefixes and the bare boundary sprinkled in.
            var huge = new byte[24 * 1024 * 1024 + 7];
            var random = new Random(11);
            for (var i = 0; i < huge.Length; i += 2)
            {
                huge[i] = (byte)random.Next(256);
                if (i + 1 < huge.Length)
                {
                    huge[i + 1] = (byte)random.Next(16);
                }
            }
            var near = Ascii("\r\n--0123456789abcdef0123456789abcde");
            for (var at = 1000; at + near.Length < huge.Length; at += 1024 * 1024 + 17)
            {
                Buffer.BlockCopy(near, 0, huge, at, near.Length);
                Buffer.BlockCopy(near, 2, huge, at + near.Length + 3, near.Length - 2);
            }
            var bodies = new List<byte[]> { Array.Empty<byte>(), Ascii("x"), huge, Array.Empty<byte>(), Ascii("\r\n"), huge.Take(1000).ToArray() };
            var data = MultipartTests.Build(boundary, bodies);
            foreach (var bufferSize in new[] { 100, 1024 * 1024 })
            {
                var parts = await ReadAll(new TrickleStream(data, 65536, 1, 1024 * 1024, 977), boundary, bufferSize);
                Assert.Equal(bodies.Count, parts.Count);
                for (var i = 0; i < bodies.Count; i++)
                {
                    Assert.True(bodies[i].SequenceEqual(parts[i]), $"part {i} differs (buffer {bufferSize})");
                }
            }
        }

        [Fact]
        public async Task A_segment_never_runs_into_the_delimiter_and_a_truncated_body_is_an_error()
        {
            var data = MultipartTests.Build("zz", new[] { Random(3000, 4) });
            var parts = await ReadAll(new MemoryStream(data), "zz", 1024 * 1024);
            Assert.Equal(Random(3000, 4), parts.Single());
            await Assert.ThrowsAsync<MultipartTruncatedException>(() => ReadAll(new MemoryStream(data.Take(data.Length - 3).ToArray()), "zz", 64));
        }

        [Fact]
        public void Horspool_search_agrees_with_a_naive_search()
        {
            var random = new Random(5);
            foreach (var boundary in new[] { "b", "ab", "aaaa", "--", "\r\n", "x-\r\n-x", "0123456789abcdef" })
            {
                var pattern = Ascii("\r\n--" + boundary);
                var skip = MultipartReader.SkipTable(pattern);
                for (var round = 0; round < 300; round++)
                {
                    // Built from the pattern's own bytes, so partial and overlapping matches are frequent.
                    var alphabet = pattern.Concat(new byte[] { 0, 255 }).Distinct().ToArray();
                    var buffer = new byte[random.Next(0, 200)];
                    for (var i = 0; i < buffer.Length; i++)
                    {
                        buffer[i] = alphabet[random.Next(alphabet.Length)];
                    }
                    if (buffer.Length > pattern.Length && random.Next(3) == 0)
                    {
                        Buffer.BlockCopy(pattern, 0, buffer, random.Next(buffer.Length - pattern.Length + 1), pattern.Length);
                    }
                    var start = buffer.Length == 0 ? 0 : random.Next(buffer.Length);
                    var end = start + random.Next(buffer.Length - start + 1);
                    Assert.Equal(Naive(buffer, start, end, pattern), MultipartReader.Search(buffer, start, end, pattern, skip));
                }
            }
        }

        private static int Naive(byte[] buffer, int start, int end, byte[] pattern)
        {
            for (var i = start; i + pattern.Length <= end; i++)
            {
                var j = 0;
                while (j < pattern.Length && buffer[i + j] == pattern[j])
                {
                    j++;
                }
                if (j == pattern.Length)
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
