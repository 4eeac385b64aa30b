using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    internal sealed class RawRequest
    {
        public string Method { get; set; }
        public string Target { get; set; }
        public string Path => Target.Split('?')[0];
        public string Query => Target.Contains('?') ? Target.Substring(Target.IndexOf('?') + 1) : string.Empty;
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Null when the server discards bodies.</summary>
        public byte[] Body { get; set; }
        public long BodyLength { get; set; }
        public bool WasChunked { get; set; }
    }

    internal sealed class RawResponse
    {
        public int Status { get; set; } = 200;
        public string ContentType { get; set; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body { get; set; }
        /// <summary>Streams the body (sent chunked when Chunked, else Content-Length must be in Headers).</summary>
        public Func<Stream, Task> Writer { get; set; }
        public bool Chunked { get; set; }
        public bool Abort { get; set; }

        public static RawResponse Text(int status, string contentType, string text) =>
            new RawResponse { Status = status, ContentType = contentType, Body = Encoding.UTF8.GetBytes(text ?? string.Empty) };
    }

    /// <summary>A binary-safe HTTP/1.1 test server on 127.0.0.1 (one request per connection): reads Content-Length or
    /// chunked request bodies (optionally discarding them as they arrive), answers with bytes or a streamed, optionally
    /// chunked body, or drops the connection. The engine tests' FakeApiServer is a scripted front on it.</summary>
    internal sealed class RawHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<RawRequest> _requests = new ConcurrentQueue<RawRequest>();

        public RawHttpServer(Func<RawRequest, RawResponse> handler)
        {
            Handler = handler;
            _listener.Start();
            BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            Task.Run(AcceptLoopAsync);
        }

        public Uri BaseUri { get; }
        public Func<RawRequest, RawResponse> Handler { get; set; }
        public bool DiscardBodies { get; set; }
        public IReadOnlyList<RawRequest> Requests => _requests.ToArray();

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }
                _ = Task.Run(() => AnswerAsync(connection));
            }
        }

        private async Task AnswerAsync(TcpClient connection)
        {
            using (connection)
            {
                try
                {
                    var stream = new BufferedStream(connection.GetStream(), 64 * 1024);
                    var request = await ReadRequestAsync(stream).ConfigureAwait(false);
                    if (request == null)
                    {
                        return;
                    }
                    _requests.Enqueue(request);
                    // Handlers may block (sleep to overlap requests): give them their own thread, not a pool thread.
                    var response = await Task.Factory.StartNew(() => Handler(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                    if (response.Abort)
                    {
                        connection.LingerState = new LingerOption(true, 0);
                        return;
                    }
                    var head = new StringBuilder().Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrase(response.Status)).Append("\r\nConnection: close\r\n");
                    if (response.ContentType != null)
                    {
                        head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
                    }
                    foreach (var header in response.Headers)
                    {
                        head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
                    }
                    if (response.Writer != null && response.Chunked)
                    {
                        head.Append("Transfer-Encoding: chunked\r\n");
                    }
                    else if (response.Writer == null)
                    {
                        head.Append("Content-Length: ").Append(response.Body?.Length ?? 0).Append("\r\n");
                    }
                    head.Append("\r\n");
                    var bytes = Encoding.ASCII.GetBytes(head.ToString());
                    await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                    if (response.Writer != null)
                    {
                        if (response.Chunked)
                        {
                            var chunked = new ChunkedWriteStream(stream);
                            await response.Writer(chunked).ConfigureAwait(false);
                            await chunked.FinishAsync().ConfigureAwait(false);
                        }
                        else
                        {
                            await response.Writer(stream).ConfigureAwait(false);
                        }
                    }
                    else if (response.Body != null)
                    {
                        await stream.WriteAsync(response.Body, 0, response.Body.Length).ConfigureAwait(false);
                    }
                    await stream.FlushAsync().ConfigureAwait(false);
                    connection.Client.Shutdown(SocketShutdown.Send);
                }
                catch (Exception)
                {
                }
            }
        }

        private async Task<RawRequest> ReadRequestAsync(Stream stream)
        {
            var headerLines = new List<string>();
            string line;
            while ((line = await ReadLineAsync(stream).ConfigureAwait(false)) != null && line.Length > 0)
            {
                headerLines.Add(line);
            }
            if (line == null || headerLines.Count == 0)
            {
                return null;
            }
            var first = headerLines[0].Split(' ');
            var request = new RawRequest { Method = first[0], Target = first[1] };
            for (var i = 1; i < headerLines.Count; i++)
            {
                var colon = headerLines[i].IndexOf(':');
                request.Headers[headerLines[i].Substring(0, colon).Trim()] = headerLines[i].Substring(colon + 1).Trim();
            }
            var sink = DiscardBodies ? Stream.Null : new MemoryStream();
            var buffer = new byte[64 * 1024];
            if (request.Headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                request.WasChunked = true;
                while (true)
                {
                    var size = Convert.ToInt64((await ReadLineAsync(stream).ConfigureAwait(false)).Split(';')[0], 16);
                    if (size == 0)
                    {
                        await ReadLineAsync(stream).ConfigureAwait(false);
                        break;
                    }
                    await CopyExactlyAsync(stream, sink, size, buffer).ConfigureAwait(false);
                    request.BodyLength += size;
                    await ReadLineAsync(stream).ConfigureAwait(false);
                }
            }
            else if (request.Headers.TryGetValue("Content-Length", out var length))
            {
                request.BodyLength = long.Parse(length);
                await CopyExactlyAsync(stream, sink, request.BodyLength, buffer).ConfigureAwait(false);
            }
            request.Body = sink is MemoryStream memory ? memory.ToArray() : null;
            return request;
        }

        private static async Task CopyExactlyAsync(Stream source, Stream sink, long count, byte[] buffer)
        {
            while (count > 0)
            {
                var read = await source.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, count)).ConfigureAwait(false);
                if (read <= 0)
                {
                    throw new EndOfStreamException();
                }
                sink.Write(buffer, 0, read);
                count -= read;
            }
        }

        private static async Task<string> ReadLineAsync(Stream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one, 0, 1).ConfigureAwait(false) == 0)
                {
                    return bytes.Count == 0 ? null : Encoding.ASCII.GetString(bytes.ToArray());
                }
                if (one[0] == '\n')
                {
                    if (bytes.Count > 0 && bytes[bytes.Count - 1] == '\r')
                    {
                        bytes.RemoveAt(bytes.Count - 1);
                    }
                    return Encoding.ASCII.GetString(bytes.ToArray());
                }
                bytes.Add(one[0]);
            }
        }

        private static string ReasonPhrase(int status)
        {
            switch (status)
            {
                case 200: return "OK";
                case 400: return "Bad Request";
                case 401: return "Unauthorized";
                case 403: return "Forbidden";
                case 404: return "Not Found";
                case 408: return "Request Timeout";
                case 409: return "Conflict";
                case 429: return "Too Many Requests";
                case 500: return "Internal Server Error";
                case 502: return "Bad Gateway";
                case 503: return "Service Unavailable";
                case 504: return "Gateway Timeout";
                default: return "Status";
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private sealed class ChunkedWriteStream : Stream
        {
            private readonly Stream _inner;

            public ChunkedWriteStream(Stream inner)
            {
                _inner = inner;
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (count == 0)
                {
                    return;
                }
                var head = Encoding.ASCII.GetBytes(count.ToString("x") + "\r\n");
                await _inner.WriteAsync(head, 0, head.Length, cancellationToken).ConfigureAwait(false);
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                await _inner.WriteAsync(new byte[] { (byte)'\r', (byte)'\n' }, 0, 2, cancellationToken).ConfigureAwait(false);
            }

            public async Task FinishAsync()
            {
                var end = Encoding.ASCII.GetBytes("0\r\n\r\n");
                await _inner.WriteAsync(end, 0, end.Length).ConfigureAwait(false);
            }

            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
