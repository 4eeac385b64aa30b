using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using HealthcareTools.Client.IO;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// Buffered forward-only reader over a stream with absolute position tracking. Never allocates
    /// more than the bytes actually present: long values on streams of unknown length are read in
    /// chunks, so a hostile length field cannot trigger a huge allocation.
    /// </summary>
    internal sealed class DicomByteSource
    {
        private const int BufferSize = 64 * 1024;
        private const int ChunkSize = 1024 * 1024;

        private readonly Stream stream;
        /// <summary>Pooled (a header read is one 64 KB buffer per file otherwise); given back by <see cref="Release"/>.</summary>
        private byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        private int position;
        private int count;
        private long bufferStart;
        private bool endOfStream;

        public DicomByteSource(Stream stream, long startOffset = 0)
        {
            this.stream = stream;
            bufferStart = startOffset;
            if (stream.CanSeek)
            {
                try { KnownLength = startOffset + stream.Length - stream.Position; }
                catch (NotSupportedException) { KnownLength = -1; }
            }
            else
            {
                KnownLength = -1;
            }
        }

        /// <summary>Absolute offset of the next byte.</summary>
        public long Position => bufferStart + position;

        /// <summary>Total length when the stream can tell it, else -1.</summary>
        public long KnownLength { get; }

        public byte[] Buffer => buffer;

        /// <summary>Index into <see cref="Buffer"/> of the next byte (valid after a successful <see cref="Ensure"/>).</summary>
        public int BufferIndex => position;

        /// <summary>Makes at least <paramref name="needed"/> (≤ 64 KiB) bytes available; false at end of input.</summary>
        public bool Ensure(int needed)
        {
            if (count - position >= needed) return true;
            if (position > 0)
            {
                System.Buffer.BlockCopy(buffer, position, buffer, 0, count - position);
                count -= position;
                bufferStart += position;
                position = 0;
            }
            while (count < needed && !endOfStream)
            {
                int read = stream.Read(buffer, count, BufferSize - count);
                if (read <= 0) endOfStream = true;
                else count += read;
            }
            return count - position >= needed;
        }

        public bool IsAtEnd => !Ensure(1);

        public byte PeekByte(int at) => buffer[position + at];

        public void Advance(int bytes) => position += bytes;

        public ushort ReadUInt16(bool bigEndian)
        {
            int p = position;
            position += 2;
            return bigEndian ? (ushort)((buffer[p] << 8) | buffer[p + 1]) : (ushort)(buffer[p] | (buffer[p + 1] << 8));
        }

        public uint ReadUInt32(bool bigEndian)
        {
            int p = position;
            position += 4;
            return bigEndian
                ? ((uint)buffer[p] << 24) | ((uint)buffer[p + 1] << 16) | ((uint)buffer[p + 2] << 8) | buffer[p + 3]
                : buffer[p] | ((uint)buffer[p + 1] << 8) | ((uint)buffer[p + 2] << 16) | ((uint)buffer[p + 3] << 24);
        }

        /// <summary>Reads exactly <paramref name="length"/> bytes; null when the input ends first.</summary>
        public byte[] ReadBytes(int length)
        {
            if (length == 0) return new byte[0];
            if (KnownLength >= 0 && length > KnownLength - Position) return null;
            if (length <= BufferSize)
            {
                if (!Ensure(length)) return null;
                var small = new byte[length];
                System.Buffer.BlockCopy(buffer, position, small, 0, length);
                position += length;
                return small;
            }
            if (KnownLength >= 0)
            {
                var result = new byte[length];
                return FillFrom(result, 0, length) ? result : null;
            }
            // Unknown length (e.g. inflated data): grow chunk by chunk so memory tracks real bytes.
            var chunks = new List<byte[]>();
            int remaining = length;
            while (remaining > 0)
            {
                var chunk = new byte[Math.Min(ChunkSize, remaining)];
                if (!FillFrom(chunk, 0, chunk.Length)) return null;
                chunks.Add(chunk);
                remaining -= chunk.Length;
            }
            var joined = new byte[length];
            int offset = 0;
            foreach (var chunk in chunks)
            {
                System.Buffer.BlockCopy(chunk, 0, joined, offset, chunk.Length);
                offset += chunk.Length;
            }
            return joined;
        }

        /// <summary>Skips <paramref name="length"/> bytes; false when the input ends first.</summary>
        public bool Skip(long length)
        {
            if (KnownLength >= 0 && length > KnownLength - Position) return false;
            long available = count - position;
            if (length <= available)
            {
                position += (int)length;
                return true;
            }
            length -= available;
            bufferStart += count;
            position = 0;
            count = 0;
            if (stream.CanSeek)
            {
                stream.Seek(length, SeekOrigin.Current);
                bufferStart += length;
                return true;
            }
            var scratch = new byte[Math.Min(ChunkSize, length)];
            while (length > 0)
            {
                int read = stream.Read(scratch, 0, (int)Math.Min(scratch.Length, length));
                if (read <= 0)
                {
                    endOfStream = true;
                    return false;
                }
                length -= read;
                bufferStart += read;
            }
            return true;
        }

        /// <summary>Returns the buffer to the pool; the source is not used again (values read are copies, never views).</summary>
        public void Release()
        {
            var rented = buffer;
            buffer = null;
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }

        /// <summary>A stream of everything not yet consumed (buffered bytes first), for the deflate wrapper.</summary>
        public Stream RemainingAsStream() => new PrefixedStream(buffer, position, count - position, stream);

        private bool FillFrom(byte[] target, int offset, int length)
        {
            int fromBuffer = Math.Min(length, count - position);
            System.Buffer.BlockCopy(buffer, position, target, offset, fromBuffer);
            position += fromBuffer;
            offset += fromBuffer;
            length -= fromBuffer;
            // Bypass the buffer for the rest: one copy only.
            bufferStart += count;
            position = 0;
            count = 0;
            while (length > 0)
            {
                int read = stream.Read(target, offset, length);
                if (read <= 0)
                {
                    endOfStream = true;
                    return false;
                }
                offset += read;
                length -= read;
                bufferStart += read;
            }
            return true;
        }
    }
}
