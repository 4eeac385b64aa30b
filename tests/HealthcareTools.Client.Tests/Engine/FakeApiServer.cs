using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HealthcareTools.Client.Tests
{
    /// <summary>A request as the fake server saw it.</summary>
    internal sealed class RecordedRequest
    {
        public string Method { get; set; }
        /// <summary>Raw path and query as sent ("/v1/projects/p/locations/l/datasets?datasetId=d").</summary>
        public string PathAndQuery { get; set; }
        public string Path => PathAndQuery.Split('?')[0];
        public NameValueCollection Headers { get; set; }
        public string Body { get; set; }
    }

    /// <summary>What the fake server does with one request.</summary>
    internal sealed class Reply
    {
        public int Status { get; set; } = 200;
        public string Body { get; set; } = "{}";
        public string ContentType { get; set; } = "application/json";
        public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>();
        /// <summary>Drop the connection without answering (a lost response).</summary>
        public bool Abort { get; set; }
        public TimeSpan Delay { get; set; }

        public static Reply Json(string body, int status = 200) => new Reply { Status = status, Body = body };
        public static Reply Error(int status, string statusName, string message) => new Reply
        {
            Status = status,
            Body = "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"" + statusName + "\"}}",
        };
        public static Reply Dropped() => new Reply { Abort = true };
        public Reply WithHeader(string name, string value)
        {
            Headers[name] = value;
            return this;
        }
    }

    /// <summary>
    /// A tiny HTTP/1.1 server on 127.0.0.1 for engine tests, on a raw TcpListener so it can also misbehave the way
    /// networks do (drop a connection after reading the request). One request per connection ("Connection: close").
    /// It records every request and answers through a handler, by default a script of replies consumed in order
    /// (the last one repeats).
    /// </summary>
    internal sealed class FakeApiServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<RecordedRequest> _requests = new ConcurrentQueue<RecordedRequest>();
        private readonly object _scriptLock = new object();
        private readonly Queue<Reply> _script = new Queue<Reply>();
        private Reply _lastScripted = Reply.Json("{}");

        public FakeApiServer(Func<RecordedRequest, Reply> handler = null)
        {
            Handler = handler ?? NextScripted;
            _listener.Start();
            BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            Task.Run(AcceptLoopAsync);
        }

        public Uri BaseUri { get; }
        public Func<RecordedRequest, Reply> Handler { get; set; }
        public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

        public FakeApiServer Script(params Reply[] replies)
        {
            lock (_scriptLock)
            {
                foreach (var reply in replies)
                {
                    _script.Enqueue(reply);
                }
            }
            return this;
        }

        private Reply NextScripted(RecordedRequest request)
        {
            lock (_scriptLock)
            {
                if (_script.Count > 0)
                {
                    _lastScripted = _script.Dequeue();
                }
                return _lastScripted;
            }
        }

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
                    var stream = connection.GetStream();
                    var recorded = await ReadRequestAsync(stream).ConfigureAwait(false);
                    if (recorded == null)
                    {
                        return;
                    }
                    _requests.Enqueue(recorded);
                    var reply = Handler(recorded);
                    if (reply.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(reply.Delay, _stop.Token).ConfigureAwait(false);
                    }
                    if (reply.Abort)
                    {
                        // Reset instead of a graceful close: the client sees a broken connection and no answer.
                        connection.LingerState = new LingerOption(true, 0);
                        return;
                    }
                    var body = Encoding.UTF8.GetBytes(reply.Body ?? string.Empty);
                    var head = new StringBuilder()
                        .Append("HTTP/1.1 ").Append(reply.Status).Append(' ').Append(ReasonPhrase(reply.Status)).Append("\r\n")
                        .Append("Content-Type: ").Append(reply.ContentType).Append("\r\n")
                        .Append("Content-Length: ").Append(body.Length).Append("\r\n")
                        .Append("Connection: close\r\n");
                    foreach (var header in reply.Headers)
                    {
                        head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
                    }
                    head.Append("\r\n");
                    var headBytes = Encoding.ASCII.GetBytes(head.ToString());
                    await stream.WriteAsync(headBytes, 0, headBytes.Length).ConfigureAwait(false);
                    await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The client gave up (timeout, cancellation) or the server is stopping.
                }
            }
        }

        private static async Task<RecordedRequest> ReadRequestAsync(NetworkStream stream)
        {
            var buffer = new List<byte>();
            var one = new byte[1];
            // Headers end with an empty line; byte-by-byte is fine for test-sized requests.
            while (!EndsWithBlankLine(buffer))
            {
                if (await stream.ReadAsync(one, 0, 1).ConfigureAwait(false) == 0)
                {
                    return null;
                }
                buffer.Add(one[0]);
            }
            var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split(new[] { "\r\n" }, StringSplitOptions.None);
            var requestLine = lines[0].Split(' ');
            var headers = new NameValueCollection(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var colon = line.IndexOf(':');
                headers.Add(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim());
            }
            var length = int.TryParse(headers["Content-Length"], out var declared) ? declared : 0;
            var body = new byte[length];
            var read = 0;
            while (read < length)
            {
                var count = await stream.ReadAsync(body, read, length - read).ConfigureAwait(false);
                if (count == 0)
                {
                    return null;
                }
                read += count;
            }
            return new RecordedRequest
            {
                Method = requestLine[0],
                PathAndQuery = requestLine[1],
                Headers = headers,
                Body = Encoding.UTF8.GetString(body),
            };
        }

        private static bool EndsWithBlankLine(List<byte> buffer) =>
            buffer.Count >= 4 && buffer[buffer.Count - 4] == '\r' && buffer[buffer.Count - 3] == '\n'
            && buffer[buffer.Count - 2] == '\r' && buffer[buffer.Count - 1] == '\n';

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
    }
}
