using System;
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
    internal sealed class MultipartReader
    {
        private const int MaxHeaderBytes = 16 * 1024;
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
            _buffer = new byte[Math.Max(bufferSize, _delimiter.Length * 2 + 16)];
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

        /// <summary>The next part, or null after the close delimiter. The previous part's stream is drained first.</summary>
        internal async Task<DicomWebPart> ReadNextPartAsync(CancellationToken cancellationToken)
        {
            if (_finished)
            {
                return null;
            }
            if (!_started)
            {
                // The preamble is read (and dropped) like a part body.
                _started = true;
                BeginBody();
            }
            if (_current != null)
            {
                // Drained in place: no copy.
                while ((await _current.ReadSegmentAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
                {
                }
                _current = null;
            }
            // After the boundary: "--" closes; otherwise optional transport padding then CRLF.
            if (!await EnsureAsync(2, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException("The multipart body ended right after a boundary.");
            }
            if (_buffer[_start] == (byte)'-' && _buffer[_start + 1] == (byte)'-')
            {
                _finished = true;
                return null;
            }
            var headerText = await ReadHeaderBlockAsync(cancellationToken).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in headerText.Split(new[] { "\r\n" }, StringSplitOptions.None))
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
            return new DicomWebPart(_index++, headers, _current);
        }

        private void BeginBody()
        {
            _current = new PartStream(this);
            _scanFrom = _start;
            _delimiterAt = -1;
        }

        /// <summary>From just after the boundary to the blank line: the rest of the boundary line (padding), then headers.</summary>
        private async Task<string> ReadHeaderBlockAsync(CancellationToken cancellationToken)
        {
            // Skip to the end of the boundary line.
            var lineEnd = await FindAsync(new[] { (byte)'\r', (byte)'\n' }, cancellationToken).ConfigureAwait(false);
            _start = lineEnd + 2;
            // An immediate CRLF means a part without headers.
            if (!await EnsureAsync(2, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException("The multipart body ended inside part headers.");
            }
            if (_buffer[_start] == (byte)'\r' && _buffer[_start + 1] == (byte)'\n')
            {
                _start += 2;
                return string.Empty;
            }
            var end = await FindAsync(new[] { (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' }, cancellationToken).ConfigureAwait(false);
            var text = Encoding.GetEncoding("ISO-8859-1").GetString(_buffer, _start, end - _start);
            _start = end + 4;
            return text;
        }

        /// <summary>Index (in _buffer) of <paramref name="pattern"/> at or after _start, reading more as needed, within MaxHeaderBytes.</summary>
        private async Task<int> FindAsync(byte[] pattern, CancellationToken cancellationToken)
        {
            var searched = 0;
            while (true)
            {
                var index = IndexOf(_buffer, _start + Math.Max(0, searched - pattern.Length), _end, pattern);
                if (index >= 0)
                {
                    return index;
                }
                searched = _end - _start;
                if (searched > MaxHeaderBytes)
                {
                    throw new InvalidDataException("Multipart part headers are longer than 16 KiB.");
                }
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidDataException("The multipart body ended inside part headers.");
                }
            }
        }

        private async Task<bool> EnsureAsync(int count, CancellationToken cancellationToken)
        {
            while (_end - _start < count)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Reads more input after the unread bytes (compacting first); false at end of input.</summary>
        private async Task<bool> FillAsync(CancellationToken cancellationToken)
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
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            var read = await _input.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
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
            while (true)
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
                    return new ArraySegment<byte>(_buffer, _start, 0);
                }
                // Bytes before the delimiter (or before a tail that may begin one) are safe to hand out.
                var safe = (_delimiterAt >= 0 ? _delimiterAt : _scanFrom) - _start;
                if (safe > 0)
                {
                    var n = Math.Min(max, safe);
                    var segment = new ArraySegment<byte>(_buffer, _start, n);
                    _start += n;
                    return segment;
                }
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new MultipartTruncatedException("The multipart body ended before its closing delimiter (truncated response).");
                }
            }
        }

        /// <summary>Body bytes up to the next delimiter, copied; 0 once the delimiter was consumed.</summary>
        private async Task<int> ReadBodyAsync(byte[] destination, int offset, int count, CancellationToken cancellationToken)
        {
            var segment = await ReadBodySegmentAsync(count, cancellationToken).ConfigureAwait(false);
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
                if (_owner._current != this)
                {
                    throw new InvalidOperationException("This part's stream is no longer valid: the reader moved to the next part.");
                }
                if (_done)
                {
                    return new ArraySegment<byte>(Array.Empty<byte>());
                }
                var segment = await _owner.ReadBodySegmentAsync(int.MaxValue, cancellationToken).ConfigureAwait(false);
                if (segment.Count == 0)
                {
                    _done = true;
                }
                return segment;
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (_owner._current != this)
                {
                    throw new InvalidOperationException("This part's stream is no longer valid: the reader moved to the next part.");
                }
                if (_done || count == 0)
                {
                    return 0;
                }
                var read = await _owner.ReadBodyAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _done = true;
                }
                return read;
            }

            public override int Read(byte[] buffer, int offset, int count) =>
                ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        }
    }
}
