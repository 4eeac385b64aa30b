using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace HealthcareTools.Client.IO
{
    /// <summary>
    /// Bytes already read (a copy of them), followed by the rest of a stream: lets a reader that peeked ahead
    /// hand the whole remaining input on (to a decompressor, a parser, a caller) without seeking back.
    /// </summary>
    internal sealed class PrefixedStream : ReadOnlyStream
    {
        private readonly byte[] prefix;
        private readonly Stream rest;
        private int prefixPosition;

        public PrefixedStream(byte[] prefix, Stream rest)
            : this(prefix, 0, prefix.Length, rest)
        {
        }

        public PrefixedStream(byte[] prefix, int start, int length, Stream rest)
        {
            this.prefix = new byte[length];
            Buffer.BlockCopy(prefix, start, this.prefix, 0, length);
            this.rest = rest;
        }

        public override int Read(byte[] target, int offset, int length)
        {
            if (prefixPosition < prefix.Length)
            {
                int n = Math.Min(length, prefix.Length - prefixPosition);
                Buffer.BlockCopy(prefix, prefixPosition, target, offset, n);
                prefixPosition += n;
                return n;
            }

            return rest.Read(target, offset, length);
        }

        public override Task<int> ReadAsync(byte[] target, int offset, int length, CancellationToken cancellationToken) =>
            prefixPosition < prefix.Length ? Task.FromResult(Read(target, offset, length)) : rest.ReadAsync(target, offset, length, cancellationToken);
    }
}
