using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace HealthcareTools.Client.IO
{
    /// <summary>
    /// A response body with an idle limit. HttpClient bounds a request only up to its headers; a body that stops
    /// arriving would block a read forever. No data for the limit, or the caller's cancellation, disposes the inner
    /// stream, which fails a read in progress (blocking or not); that read then throws TimeoutException (a network
    /// error, retried like a dropped connection) or OperationCanceledException.
    /// </summary>
    internal sealed class IdleWatchStream : ReadOnlyStream
    {
        private readonly Stream _inner;
        private readonly TimeSpan _idleTimeout;
        private readonly long _idleTicks;
        private readonly Timer _timer;
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenRegistration _registration;
        private long _lastData;
        private int _stopped;

        /// <param name="idleTimeout">Zero or infinite: only cancellation stops the stream.</param>
        internal IdleWatchStream(Stream inner, TimeSpan idleTimeout, CancellationToken cancellationToken)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _idleTimeout = idleTimeout;
            _cancellationToken = cancellationToken;
            _lastData = Stopwatch.GetTimestamp();
            if (idleTimeout > TimeSpan.Zero && idleTimeout != Timeout.InfiniteTimeSpan)
            {
                _idleTicks = (long)(idleTimeout.TotalSeconds * Stopwatch.Frequency);
                var period = TimeSpan.FromMilliseconds(Math.Max(10, Math.Min(1000, idleTimeout.TotalMilliseconds / 4)));
                _timer = new Timer(_ => CheckIdle(), null, period, period);
            }
            _registration = cancellationToken.Register(Stop);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return Counted(_inner.Read(buffer, offset, count));
            }
            catch (Exception ex) when (Volatile.Read(ref _stopped) != 0)
            {
                throw Why(ex);
            }
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            try
            {
                return Counted(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (Volatile.Read(ref _stopped) != 0)
            {
                throw Why(ex);
            }
        }

        private int Counted(int read)
        {
            Volatile.Write(ref _lastData, Stopwatch.GetTimestamp());
            return read;
        }

        private Exception Why(Exception ex) => _cancellationToken.IsCancellationRequested
            ? new OperationCanceledException("The read was cancelled.", ex, _cancellationToken)
            : (Exception)new TimeoutException($"No data received for {_idleTimeout.TotalSeconds:0.###} s while reading the response.", ex);

        private void CheckIdle()
        {
            if (Stopwatch.GetTimestamp() - Volatile.Read(ref _lastData) > _idleTicks)
            {
                Stop();
            }
        }

        private void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                _inner.Dispose();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _timer?.Dispose();
                _registration.Dispose();
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
