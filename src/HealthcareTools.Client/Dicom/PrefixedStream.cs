using System;
using System.IO;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// Bytes already read (a copy of them), followed by the rest of a stream: lets a reader that peeked ahead
    /// hand the whole remaining input to a decompressor or a caller without seeking back.
    /// </summary>
    internal sealed class PrefixedStream : Stream
    {
        private readonly byte[] prefix;
        private int prefixPosition;
        private readonly int prefixEnd;
        private readonly Stream rest;

        public PrefixedStream(byte[] prefix, int start, int length, Stream rest)
        {
            this.prefix = new byte[length];
            System.Buffer.BlockCopy(prefix, start, this.prefix, 0, length);
            prefixEnd = length;
            this.rest = rest;
        }

        public override int Read(byte[] target, int offset, int length)
        {
            if (prefixPosition < prefixEnd)
            {
                int n = Math.Min(length, prefixEnd - prefixPosition);
                System.Buffer.BlockCopy(prefix, prefixPosition, target, offset, n);
                prefixPosition += n;
                return n;
            }
            return rest.Read(target, offset, length);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] source, int offset, int length) => throw new NotSupportedException();
    }
}
