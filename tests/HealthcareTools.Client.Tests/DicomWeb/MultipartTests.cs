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
    /// <summary>Returns at most N bytes per read (N cycling through the given sizes): delimiters land across reads.</summary>
    internal sealed class TrickleStream : ReadOnlyStream
    {
        private readonly Stream _inner;
        private readonly int[] _sizes;
        private int _next;

        public TrickleStream(byte[] data, params int[] sizes)
        {
            _inner = new MemoryStream(data);
            _sizes = sizes.Length == 0 ? new[] { 1 } : sizes;
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            _inner.Read(buffer, offset, Math.Min(count, _sizes[_next++ % _sizes.Length]));
    }

    public sealed class MultipartTests
    {
        private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

        private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        internal static byte[] Build(string boundary, IEnumerable<byte[]> bodies, string preamble = "", string epilogue = "", string partType = "application/dicom")
        {
            var output = new MemoryStream();
            var head = Ascii(preamble);
            output.Write(head, 0, head.Length);
            var first = true;
            foreach (var body in bodies)
            {
                var delimiter = Ascii((first && preamble.Length == 0 ? string.Empty : "\r\n") + "--" + boundary + "\r\nContent-Type: " + partType + "\r\n\r\n");
                first = false;
                output.Write(delimiter, 0, delimiter.Length);
                output.Write(body, 0, body.Length);
            }
            var close = Ascii("\r\n--" + boundary + "--" + epilogue);
            output.Write(close, 0, close.Length);
            return output.ToArray();
        }

        private static async Task<List<(DicomWebPart Part, byte[] Bytes)>> ReadAll(Stream input, string boundary, int bufferSize = 128 * 1024)
        {
            var reader = new MultipartReader(input, boundary, bufferSize);
            var parts = new List<(DicomWebPart, byte[])>();
            DicomWebPart part;
            while ((part = await reader.ReadNextPartAsync(CancellationToken.None)) != null)
            {
                var memory = new MemoryStream();
                await part.Body.CopyToAsync(memory);
                parts.Add((part, memory.ToArray()));
            }
            return parts;
        }

        private static byte[] Random(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(7)]
        [InlineData(4096)]
        public async Task Delimiters_split_across_reads_are_found(int readSize)
        {
            const string boundary = "b0und4ry";
            // Bodies that contain almost-delimiters: CRLF, "--", "\r\n--b0und4r" and a boundary without CRLF.
            var bodies = new List<byte[]>
            {
                Ascii("hello"),
                Ascii("\r\n--b0und4r\r\n-\r\n--\r\n"),
                Ascii("--b0und4ry in the middle without a CRLF before it"),
                Random(70000, 1),
                Ascii("\r"),
            };
            var data = Build(boundary, bodies, preamble: "preamble text\r\n", epilogue: "\r\nepilogue junk --b0und4ry\r\n");
            var parts = await ReadAll(new TrickleStream(data, readSize, readSize + 1), boundary, bufferSize: 64);
            Assert.Equal(bodies.Count, parts.Count);
            for (var i = 0; i < bodies.Count; i++)
            {
                Assert.Equal(bodies[i], parts[i].Bytes);
                Assert.Equal("application/dicom", parts[i].Part.MediaType);
                Assert.Equal(i, parts[i].Part.Index);
            }
        }

        [Fact]
        public async Task Empty_parts_headerless_parts_and_transport_padding()
        {
            var data = Ascii("--B  \r\n\r\n\r\n--B\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\nContent-Location: /x/1\r\n\r\nabc\r\n--B--");
            var parts = await ReadAll(new TrickleStream(data, 3), "B");
            Assert.Equal(2, parts.Count);
            Assert.Empty(parts[0].Bytes);
            Assert.Null(parts[0].Part.ContentType);
            Assert.Equal("abc", Encoding.ASCII.GetString(parts[1].Bytes));
            Assert.Equal("1.2.840.10008.1.2.1", parts[1].Part.TransferSyntaxUid);
            Assert.Equal("/x/1", parts[1].Part.ContentLocation);
        }

        [Fact]
        public async Task A_large_part_streams_with_a_small_buffer()
        {
            var big = Random(5 * 1024 * 1024 + 13, 2);
            var data = Build("zz", new[] { big, Array.Empty<byte>(), big.Take(100).ToArray() });
            var parts = await ReadAll(new TrickleStream(data, 65536, 1, 8191), "zz", bufferSize: 4096);
            Assert.Equal(3, parts.Count);
            Assert.Equal(big, parts[0].Bytes);
            Assert.Empty(parts[1].Bytes);
            Assert.Equal(big.Take(100), parts[2].Bytes);
        }

        [Fact]
        public async Task Unread_parts_are_skipped_and_stale_part_streams_refuse_to_read()
        {
            var data = Build("q", new[] { Ascii("one"), Ascii("two") });
            var reader = new MultipartReader(new MemoryStream(data), "q");
            var first = await reader.ReadNextPartAsync(CancellationToken.None);
            var second = await reader.ReadNextPartAsync(CancellationToken.None);
            Assert.Equal("two", new StreamReader(second.Body).ReadToEnd());
            Assert.Throws<InvalidOperationException>(() => first.Body.Read(new byte[4], 0, 4));
            Assert.Null(await reader.ReadNextPartAsync(CancellationToken.None));
        }

        [Fact]
        public async Task A_truncated_body_is_an_error_not_a_short_file()
        {
            var data = Build("q", new[] { Random(1000, 3) });
            var truncated = data.Take(data.Length - 10).ToArray();
            await Assert.ThrowsAsync<MultipartTruncatedException>(() => ReadAll(new MemoryStream(truncated), "q"));
        }

        [Theory]
        [InlineData("multipart/related; type=\"application/dicom\"; boundary=\"a b;c\"", "a b;c")]
        [InlineData("multipart/related; type=application/dicom; boundary=abc", "abc")]
        [InlineData("Multipart/Related;boundary=xyz;type=\"application/dicom\"", "xyz")]
        [InlineData("multipart/related; BOUNDARY=\"q\\\"uoted\"", "q\"uoted")]
        [InlineData("application/dicom", null)]
        [InlineData("multipart/related; type=\"application/dicom\"", null)]
        public void Boundary_is_read_from_the_content_type(string contentType, string expected)
        {
            Assert.Equal(expected, MultipartReader.BoundaryOf(contentType));
        }

        [Fact]
        public async Task Stow_content_frames_parts_that_the_reader_reads_back_and_counts_its_length()
        {
            var files = new[] { Random(1000, 4), Array.Empty<byte>(), Random(300000, 5) };
            long reported = 0;
            var parts = files.Select((bytes, i) => new StowPart(() => new MemoryStream(bytes), bytes.Length, "f" + i)).ToList();
            var content = new StowContent(parts, n => reported += n);
            var memory = new MemoryStream();
            await content.CopyToAsync(memory);
            Assert.Equal(memory.Length, content.Headers.ContentLength);
            Assert.Equal(files.Sum(f => (long)f.Length), reported);
            var boundary = MultipartReader.BoundaryOf(string.Join(",", content.Headers.GetValues("Content-Type")));
            Assert.Equal(content.Boundary, boundary);
            var back = await ReadAll(new MemoryStream(memory.ToArray()), boundary);
            Assert.Equal(files.Length, back.Count);
            for (var i = 0; i < files.Length; i++)
            {
                Assert.Equal(files[i], back[i].Bytes);
            }
            // A second serialization (a retry) takes back the bytes reported by the first.
            await content.CopyToAsync(Stream.Null);
            Assert.Equal(files.Sum(f => (long)f.Length), reported);
        }

        [Fact]
        public async Task Stow_content_fails_clearly_when_a_file_changed_size()
        {
            var parts = new List<StowPart> { new StowPart(() => new MemoryStream(new byte[10]), 20, "shrunk.dcm") };
            var content = new StowContent(parts, null);
            var error = await Assert.ThrowsAsync<DicomWebLocalFileException>(() => content.CopyToAsync(Stream.Null));
            Assert.Contains("shrunk.dcm", error.Message);
        }
    }
}
