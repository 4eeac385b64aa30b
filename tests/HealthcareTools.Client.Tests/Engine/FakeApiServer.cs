using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

using HealthcareTools.Client.Tests.DicomWeb;

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
    /// A scripted HTTP/1.1 server on 127.0.0.1 for engine tests, on <see cref="RawHttpServer"/> (a raw TcpListener, so it
    /// can also misbehave the way networks do: drop a connection after reading the request). One request per
    /// connection ("Connection: close"). It records every request and answers through a handler, by default a script
    /// of replies consumed in order (the last one repeats).
    /// </summary>
    internal sealed class FakeApiServer : IDisposable
    {
        private readonly RawHttpServer _server;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<RecordedRequest> _requests = new ConcurrentQueue<RecordedRequest>();
        private readonly object _scriptLock = new object();
        private readonly Queue<Reply> _script = new Queue<Reply>();
        private Reply _lastScripted = Reply.Json("{}");

        public FakeApiServer(Func<RecordedRequest, Reply> handler = null)
        {
            Handler = handler ?? NextScripted;
            _server = new RawHttpServer(Answer);
        }

        public Uri BaseUri => _server.BaseUri;
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

        /// <summary>Runs on a thread of its own (RawHttpServer's handlers may block).</summary>
        private RawResponse Answer(RawRequest request)
        {
            var headers = new NameValueCollection(StringComparer.OrdinalIgnoreCase);
            foreach (var header in request.Headers)
            {
                headers.Add(header.Key, header.Value);
            }
            var recorded = new RecordedRequest
            {
                Method = request.Method,
                PathAndQuery = request.Target,
                Headers = headers,
                Body = Encoding.UTF8.GetString(request.Body ?? Array.Empty<byte>()),
            };
            _requests.Enqueue(recorded);
            var reply = Handler(recorded);
            if (reply.Delay > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(reply.Delay))
            {
                // Disposed while waiting: the client sees the connection go.
                return new RawResponse { Abort = true };
            }
            if (reply.Abort)
            {
                // Reset instead of a graceful close: the client sees a broken connection and no answer.
                return new RawResponse { Abort = true };
            }
            var response = new RawResponse { Status = reply.Status, ContentType = reply.ContentType, Body = Encoding.UTF8.GetBytes(reply.Body ?? string.Empty) };
            foreach (var header in reply.Headers)
            {
                response.Headers[header.Key] = header.Value;
            }
            return response;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _server.Dispose();
        }
    }
}
