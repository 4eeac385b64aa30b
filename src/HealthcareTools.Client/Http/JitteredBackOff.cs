using System;
using Google.Apis.Util;

namespace HealthcareTools.Client.Http
{
    /// <summary>
    /// Exponential back-off from a configurable first delay (Google's ExponentialBackOff starts at whole seconds):
    /// delay n = InitialBackOff × 2^(n-1), capped at MaxBackOff, then randomized to 50-100 % of that value so
    /// clients that failed together do not retry together.
    /// </summary>
    internal sealed class JitteredBackOff : IBackOff
    {
        private static readonly Random SharedRandom = new Random();
        private readonly TimeSpan _initial;
        private readonly TimeSpan _max;

        internal JitteredBackOff(TimeSpan initial, TimeSpan max, int maxNumOfRetries)
        {
            _initial = initial < TimeSpan.Zero ? TimeSpan.Zero : initial;
            _max = max < _initial ? _initial : max;
            MaxNumOfRetries = maxNumOfRetries;
        }

        public int MaxNumOfRetries { get; }

        /// <param name="currentRetry">1 for the first retry.</param>
        public TimeSpan GetNextBackOff(int currentRetry)
        {
            if (currentRetry < 1)
            {
                currentRetry = 1;
            }
            var exponent = Math.Min(currentRetry - 1, 30);
            var ceilingTicks = Math.Min(_initial.Ticks * Math.Pow(2, exponent), _max.Ticks);
            double fraction;
            lock (SharedRandom)
            {
                fraction = 0.5 + (SharedRandom.NextDouble() * 0.5);
            }
            return TimeSpan.FromTicks((long)(ceilingTicks * fraction));
        }
    }
}
