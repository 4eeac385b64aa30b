using System;
using System.Threading;
using HealthcareTools.Emulator.Hosting;

namespace HealthcareTools.Emulator.Faults
{
    /// <summary>
    /// Decides per /v1 request whether to inject an error or drop the response, from the
    /// current <see cref="FaultSettings"/> and a seedable random source; keeps the counters
    /// reported by <c>/_emulator/stats</c>.
    /// </summary>
    public sealed class FaultInjector
    {
        private readonly object _gate = new object();
        private readonly Random _random;
        private FaultSettings _settings;
        private long _requests;
        private long _faultsInjected;
        private long _drops;

        public FaultInjector(FaultSettings settings, int? seed)
        {
            _settings = settings.Clone();
            _random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

        public FaultSettings Settings
        {
            get { lock (_gate) return _settings.Clone(); }
            set { lock (_gate) _settings = value.Clone(); }
        }

        public FaultStats Stats => new FaultStats(Interlocked.Read(ref _requests), Interlocked.Read(ref _faultsInjected), Interlocked.Read(ref _drops));

        public void ResetStats()
        {
            Interlocked.Exchange(ref _requests, 0);
            Interlocked.Exchange(ref _faultsInjected, 0);
            Interlocked.Exchange(ref _drops, 0);
        }

        /// <summary>Counts a request and returns the fault plan for it.</summary>
        public FaultPlan Plan()
        {
            Interlocked.Increment(ref _requests);
            lock (_gate)
            {
                var settings = _settings;
                int errorStatus = 0;
                // Draw both numbers every time so a seed gives the same sequence whatever the rates.
                double errorDraw = _random.NextDouble();
                double dropDraw = _random.NextDouble();
                int statusIndex = _random.Next(settings.ErrorStatuses.Length);
                if (errorDraw < settings.ErrorRate) errorStatus = settings.ErrorStatuses[statusIndex];
                bool drop = errorStatus == 0 && dropDraw < settings.DropRate;
                return new FaultPlan(settings.LatencyMs, errorStatus, settings.RetryAfterSeconds, drop);
            }
        }

        public void RecordFault() => Interlocked.Increment(ref _faultsInjected);

        public void RecordDrop() => Interlocked.Increment(ref _drops);
    }

    /// <summary>What to do to one request: delay, answer with an error status (0 = none), or drop after processing.</summary>
    public readonly record struct FaultPlan(int LatencyMs, int ErrorStatus, int RetryAfterSeconds, bool Drop);

    public readonly record struct FaultStats(long Requests, long FaultsInjected, long Drops);
}
