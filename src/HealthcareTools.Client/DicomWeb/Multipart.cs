using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.IO;

namespace HealthcareTools.Client.DicomWeb
{
    /// <summary>Content-Type parameter parsing (RFC 2045: token or quoted-string values, case-insensitive names).</summary>
    internal static class MediaTypeText
    {
        /// <summary>"multipart/related; type=\"application/dicom\"; boundary=x" → media type and parameters.</summary>
        internal static string Parse(string contentType, out Dictionary<string, string> parameters)
        {
            parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(contentType))
            {
                return null;
            }
            var text = contentType;
            var position = text.IndexOf(';');
            var mediaType = (position < 0 ? text : text.Substring(0, position)).Trim().ToLowerInvariant();
            while (position >= 0 && position < text.Length)
            {
                position++;
                var equals = text.IndexOf('=', position);
                var semicolon = text.IndexOf(';', position);
                if (equals < 0 || (semicolon >= 0 && semicolon < equals))
                {
                    position = semicolon;
                    continue;
                }
                var name = text.Substring(position, equals - position).Trim();
                var cursor = equals + 1;
                while (cursor < text.Length && (text[cursor] == ' ' || text[cursor] == '\t'))
                {
                    cursor++;
                }
                string value;
                if (cursor < text.Length && text[cursor] == '"')
                {
                    var builder = new StringBuilder();
                    cursor++;
                    while (cursor < text.Length && text[cursor] != '"')
                    {
                        if (text[cursor] == '\\' && cursor + 1 < text.Length)
                        {
                            cursor++;
                        }
                        builder.Append(text[cursor]);
                        cursor++;
                    }
                    value = builder.ToString();
                    position = text.IndexOf(';', Math.Min(cursor, text.Length));
                }
                else
                {
                    semicolon = text.IndexOf(';', cursor);
                    value = (semicolon < 0 ? text.Substring(cursor) : text.Substring(cursor, semicolon - cursor)).Trim();
                    position = semicolon;
                }
                if (name.Length > 0 && !parameters.ContainsKey(name))
                {
                    parameters[name] = value;
                }
            }
            return mediaType;
        }

        /// <summary>The transfer-syntax parameter of a Content-Type, or null.</summary>
        internal static string TransferSyntaxOf(string contentType)
        {
            Parse(contentType, out var parameters);
            return parameters.TryGetValue("transfer-syntax", out var syntax) ? syntax : null;
        }
    }

    /// <summary>The body ended before the closing delimiter: a broken transfer (an IOException, so it is retried like one).</summary>
    public sealed class MultipartTruncatedException : IOException
    {
        public MultipartTruncatedException(string message) : base(message)
        {
        }
    }

    /// <summary>One part of a multipart/related body as it is read: its headers and a stream over its bytes, valid
    /// until the next part is requested.</summary>
    public sealed class DicomWebPart
    {
        internal DicomWebPart(int index, IDictionary<string, string> headers, Stream body)
        {
            Index = index;
            Headers = headers;
            Body = body;
            ContentType = headers.TryGetValue("Content-Type", out var type) ? type : null;
            MediaType = MediaTypeText.Parse(ContentType, out var parameters);
            TransferSyntaxUid = parameters.TryGetValue("transfer-syntax", out var syntax) ? syntax : null;
            ContentLocation = headers.TryGetValue("Content-Location", out var location) ? location : null;
        }

        /// <summary>0-based position in the response.</summary>
        public int Index { get; }
        /// <summary>Part headers (case-insensitive names).</summary>
        public IDictionary<string, string> Headers { get; }
        /// <summary>The part's Content-Type as sent (null when absent).</summary>
        public string ContentType { get; }
        /// <summary>Lower-case media type without parameters ("application/dicom").</summary>
        public string MediaType { get; }
        /// <summary>The transfer-syntax parameter of the part's Content-Type, when present.</summary>
        public string TransferSyntaxUid { get; }
        public string ContentLocation { get; }
        /// <summary>The part's bytes, read as they arrive; only valid inside the callback.</summary>
        public Stream Body { get; }
    }

    /// <summary>
    /// Streaming multipart/related (RFC 2046) reader: finds delimiters in bytes across buffer boundaries, never
    /// decodes bodies as text, skips the preamble and anything after the close delimiter. The CRLF before a
    /// delimiter belongs to the delimiter. Memory is one buffer whatever the part sizes.
    /// The whole delimiter ("\r\n--" + boundary) is searched with a Boyer-Moore-Horspool skip table over its
    /// bytes (pixel data holds a '\r' every few dozen bytes, so a search keyed on the first byte restarts
    /// constantly); bytes already ruled out are never searched again, however small the caller's reads.
    /// </summary>
    internal sealed class MultipartReader : IDisposable
    {
        private const int MaxHeaderBytes = 16 * 1024;
        private static readonly byte[] CrLf = { (byte)'\r', (byte)'\n' };
        private static readonly byte[] CrLfCrLf = { (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' };
        private static readonly Encoding Latin1 = Encoding.GetEncoding("ISO-8859-1");
        private readonly Stream _input;
        private readonly byte[] _delimiter;
        private readonly int[] _skip;
        private byte[] _buffer;
        // Body search state (indexes into _buffer, shifted when the buffer is compacted): every position in
        // [_start, _scanFrom) is known not to begin a delimiter; _delimiterAt is a delimiter found at or after
        // _scanFrom, or -1.
        private int _scanFrom;
        private int _delimiterAt = -1;
        private int _start;
        private int _end;
        private bool _eof;
        private bool _finished;
        private bool _started;
        private PartStream _current;
        private int _index;

        internal MultipartReader(Stream input, string boundary, int bufferSize = 128 * 1024)
        {
            if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
            {
                throw new ArgumentException("A multipart boundary must have 1 to 200 characters.", nameof(boundary));
            }
            _input = input ?? throw new ArgumentNullException(nameof(input));
            _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
            _skip = SkipTable(_delimiter);
            // Pooled: a retrieve per instance would otherwise leave one large-object-heap array behind per instance.
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, _delimiter.Length * 2 + 16));
            // A virtual CRLF in front: a body that opens directly with "--boundary" then matches like any other delimiter.
            _buffer[0] = (byte)'\r';
            _buffer[1] = (byte)'\n';
            _end = 2;
        }

        /// <summary>The boundary of a multipart Content-Type, or null when it is not multipart or has none.</summary>
        internal static string BoundaryOf(string contentType)
        {
            var mediaType = MediaTypeText.Parse(contentType, out var parameters);
            if (mediaType == null || !mediaType.StartsWith("multipart/", StringComparison.Ordinal))
            {
                return null;
            }
            return parameters.TryGetValue("boundary", out var boundary) && boundary.Length > 0 ? boundary : null;
        }

        /// <summary>Gives the buffer back to the pool; segments and part streams read from this reader are invalid afterwards.</summary>
        public void Dispose()
        {
            var buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer != null)
            {
                _current = null;
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>The next part, or null after the close delimiter. The previous part's stream is drained first.</summary>
        internal async Task<DicomWebPart> ReadNextPartAsync(CancellationToken cancellationToken)
        {
            if (!BeginNextPart())
            {
                return null;
            }
            if (_current != null)
            {
                // Drained in place: no copy.
                while ((await _current.ReadSegmentAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
                {
                }
                _current = null;
            }
            DicomWebPart part;
            while (!TryReadPartStart(out part))
            {
                if (_finished)
                {
                    return null;
                }
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw EndedInHeaders();
                }
            }
            return part;
        }

        /// <summary>ReadNextPartAsync with blocking reads of the input (a download loop on its own thread).</summary>
        internal DicomWebPart ReadNextPart()
        {
            if (!BeginNextPart())
            {
                return null;
            }
            if (_current != null)
            {
                while (_current.ReadSegment().Count > 0)
                {
                }
                _current = null;
            }
            DicomWebPart part;
            while (!TryReadPartStart(out part))
            {
                if (_finished)
                {
                    return null;
                }
                if (!Fill())
                {
                    throw EndedInHeaders();
                }
            }
            return part;
        }

        /// <summary>False once the close delimiter was read; the first call reads the preamble like a part body.</summary>
        private bool BeginNextPart()
        {
            if (_finished)
            {
                return false;
            }
            if (!_started)
            {
                _started = true;
                BeginBody();
            }
            return true;
        }

        private static InvalidDataException EndedInHeaders() => new InvalidDataException("The multipart body ended inside part headers or right after a boundary.");

        /// <summary>
        /// From just after a boundary, with the bytes buffered so far: "--" closes (sets _finished); otherwise the rest of
        /// the boundary line (transport padding) and the header block up to the blank line give the next part. False,
        /// consuming nothing, when more input is needed; headers longer than 16 KiB are an error.
        /// </summary>
        private bool TryReadPartStart(out DicomWebPart part)
        {
            part = null;
            if (_end - _start < 2)
            {
                return false;
            }
            if (_buffer[_start] == (byte)'-' && _buffer[_start + 1] == (byte)'-')
            {
                _finished = true;
                return false;
            }
            var lineEnd = IndexOf(_buffer, _start, _end, CrLf);
            if (lineEnd < 0)
            {
                return NeedMoreHeaderBytes();
            }
            var headersStart = lineEnd + 2;
            if (_end - headersStart < 2)
            {
                return NeedMoreHeaderBytes();
            }
            string text;
            if (_buffer[headersStart] == (byte)'\r' && _buffer[headersStart + 1] == (byte)'\n')
            {
                // A part without headers.
                text = string.Empty;
                _start = headersStart + 2;
            }
            else
            {
                var blank = IndexOf(_buffer, headersStart, _end, CrLfCrLf);
                if (blank < 0)
                {
                    return NeedMoreHeaderBytes();
                }
                text = Latin1.GetString(_buffer, headersStart, blank - headersStart);
                _start = blank + 4;
            }
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in text.Split(new[] { "\r\n" }, StringSplitOptions.None))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }
                var name = line.Substring(0, colon).Trim();
                var value = line.Substring(colon + 1).Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
            BeginBody();
            part = new DicomWebPart(_index++, headers, _current);
            return true;
        }

        private bool NeedMoreHeaderBytes()
        {
            if (_end - _start > MaxHeaderBytes)
            {
                throw new InvalidDataException("Multipart part headers are longer than 16 KiB.");
            }
            return false;
        }

        private void BeginBody()
        {
            _current = new PartStream(this);
            _scanFrom = _start;
            _delimiterAt = -1;
        }

        /// <summary>Reads more input after the unread bytes (compacting first); false at end of input.</summary>
        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (!PrepareFill())
            {
                return false;
            }
            return Filled(await _input.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false));
        }

        private bool Fill() => PrepareFill() && Filled(_input.Read(_buffer, _end, _buffer.Length - _end));

        /// <summary>Compacts the buffer (and grows it when full) before a read; false at end of input.</summary>
        private bool PrepareFill()
        {
            if (_eof)
            {
                return false;
            }
            if (_start > 0)
            {
                var shift = _start;
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= shift;
                _start = 0;
                _scanFrom = Math.Max(0, _scanFrom - shift);
                if (_delimiterAt >= 0)
                {
                    _delimiterAt -= shift;
                }
            }
            if (_end == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            return true;
        }

        private bool Filled(int read)
        {
            if (read <= 0)
            {
                _eof = true;
                return false;
            }
            _end += read;
            return true;
        }

        /// <summary>
        /// The next run of body bytes, in place in the reader's buffer (valid until the next call on this reader),
        /// at most <paramref name="max"/> bytes; an empty segment once the delimiter was consumed.
        /// </summary>
        private async Task<ArraySegment<byte>> ReadBodySegmentAsync(int max, CancellationToken cancellationToken)
        {
            ArraySegment<byte> segment;
            while (!TryReadBodySegment(max, out segment))
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw Truncated();
                }
            }
            return segment;
        }

        private ArraySegment<byte> ReadBodySegment(int max)
        {
            ArraySegment<byte> segment;
            while (!TryReadBodySegment(max, out segment))
            {
                if (!Fill())
                {
                    throw Truncated();
                }
            }
            return segment;
        }

        private static MultipartTruncatedException Truncated() =>
            new MultipartTruncatedException("The multipart body ended before its closing delimiter (truncated response).");

        /// <summary>ReadBodySegment on the bytes buffered so far: false when more input is needed first.</summary>
        private bool TryReadBodySegment(int max, out ArraySegment<byte> segment)
        {
            if (_delimiterAt < 0 && _end - _scanFrom >= _delimiter.Length)
            {
                var found = Search(_buffer, _scanFrom, _end, _delimiter, _skip);
                if (found >= 0)
                {
                    _delimiterAt = found;
                    _scanFrom = found;
                }
                else
                {
                    // Only a tail that is a prefix of the delimiter can still begin one.
                    _scanFrom = PartialMatchStart(_buffer, Math.Max(_scanFrom, _end - _delimiter.Length + 1), _end, _delimiter);
                }
            }
            else if (_delimiterAt < 0)
            {
                _scanFrom = PartialMatchStart(_buffer, _scanFrom, _end, _delimiter);
            }
            if (_delimiterAt == _start)
            {
                _start += _delimiter.Length;
                _delimiterAt = -1;
                _scanFrom = _start;
                segment = new ArraySegment<byte>(_buffer, _start, 0);
                return true;
            }
            // Bytes before the delimiter (or before a tail that may begin one) are safe to hand out.
            var safe = (_delimiterAt >= 0 ? _delimiterAt : _scanFrom) - _start;
            if (safe > 0)
            {
                var n = Math.Min(max, safe);
                segment = new ArraySegment<byte>(_buffer, _start, n);
                _start += n;
                return true;
            }
            segment = default(ArraySegment<byte>);
            return false;
        }

        /// <summary>Body bytes up to the next delimiter, copied; 0 once the delimiter was consumed.</summary>
        private static int CopyOut(ArraySegment<byte> segment, byte[] destination, int offset)
        {
            if (segment.Count > 0)
            {
                Buffer.BlockCopy(segment.Array, segment.Offset, destination, offset, segment.Count);
            }
            return segment.Count;
        }

        /// <summary>Horspool shift per byte value: distance from its last occurrence (before the final byte) to the end.</summary>
        internal static int[] SkipTable(byte[] pattern)
        {
            var skip = new int[256];
            for (var i = 0; i < skip.Length; i++)
            {
                skip[i] = pattern.Length;
            }
            for (var i = 0; i < pattern.Length - 1; i++)
            {
                skip[pattern[i]] = pattern.Length - 1 - i;
            }
            return skip;
        }

        /// <summary>First index in [start, end) where the whole pattern occurs (Boyer-Moore-Horspool), or -1.</summary>
        internal static int Search(byte[] buffer, int start, int end, byte[] pattern, int[] skip)
        {
            var lastIndex = pattern.Length - 1;
            var lastByte = pattern[lastIndex];
            var position = start;
            var limit = end - pattern.Length;
            while (position <= limit)
            {
                var tail = buffer[position + lastIndex];
                if (tail == lastByte)
                {
                    var j = lastIndex - 1;
                    while (j >= 0 && buffer[position + j] == pattern[j])
                    {
                        j--;
                    }
                    if (j < 0)
                    {
                        return position;
                    }
                }
                position += skip[tail];
            }
            return -1;
        }

        private static int IndexOf(byte[] buffer, int start, int end, byte[] pattern)
        {
            var first = pattern[0];
            var last = end - pattern.Length;
            var i = start;
            while (i <= last)
            {
                i = Array.IndexOf(buffer, first, i, last - i + 1);
                if (i < 0)
                {
                    return -1;
                }
                var j = 1;
                while (j < pattern.Length && buffer[i + j] == pattern[j])
                {
                    j++;
                }
                if (j == pattern.Length)
                {
                    return i;
                }
                i++;
            }
            return -1;
        }

        /// <summary>Where a suffix of [start,end) that is a prefix of the pattern begins (end when none).</summary>
        private static int PartialMatchStart(byte[] buffer, int start, int end, byte[] pattern)
        {
            var from = Math.Max(start, end - pattern.Length + 1);
            for (var i = from; i < end; i++)
            {
                if (buffer[i] != pattern[0])
                {
                    continue;
                }
                var length = end - i;
                var j = 1;
                while (j < length && buffer[i + j] == pattern[j])
                {
                    j++;
                }
                if (j == length)
                {
                    return i;
                }
            }
            return end;
        }

        internal sealed class PartStream : ReadOnlyStream
        {
            private readonly MultipartReader _owner;
            private bool _done;

            internal PartStream(MultipartReader owner)
            {
                _owner = owner;
            }

            /// <summary>The next run of this part's bytes in place in the reader's buffer (no copy), valid until the next
            /// read on the reader; empty at the end of the part.</summary>
            internal async Task<ArraySegment<byte>> ReadSegmentAsync(CancellationToken cancellationToken)
            {
                if (!CanRead(int.MaxValue))
                {
                    return new ArraySegment<byte>(Array.Empty<byte>());
                }
                return Track(await _owner.ReadBodySegmentAsync(int.MaxValue, cancellationToken).ConfigureAwait(false));
            }

            /// <summary>ReadSegmentAsync with a blocking read of the input.</summary>
            internal ArraySegment<byte> ReadSegment() =>
                CanRead(int.MaxValue) ? Track(_owner.ReadBodySegment(int.MaxValue)) : new ArraySegment<byte>(Array.Empty<byte>());

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                CanRead(count) ? CopyOut(Track(await _owner.ReadBodySegmentAsync(count, cancellationToken).ConfigureAwait(false)), buffer, offset) : 0;

            public override int Read(byte[] buffer, int offset, int count) =>
                CanRead(count) ? CopyOut(Track(_owner.ReadBodySegment(count)), buffer, offset) : 0;

            private bool CanRead(int count)
            {
                if (_owner._current != this)
                {
                    throw new InvalidOperationException("This part's stream is no longer valid: the reader moved to the next part.");
                }
                return !_done && count > 0;
            }

            private ArraySegment<byte> Track(ArraySegment<byte> segment)
            {
                _done = segment.Count == 0;
                return segment;
            }
        }
    }
}
