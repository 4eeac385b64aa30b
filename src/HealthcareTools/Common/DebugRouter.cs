using System;
using System.Threading;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Routes the engine's debug lines to the cmdlet whose call produced them. The engine logs from
    /// thread-pool threads, where PowerShell forbids writing; the line is queued to the cmdlet that
    /// started the call (tracked through the async flow) and written on its pipeline thread.
    /// </summary>
    internal static class DebugRouter
    {
        private static readonly AsyncLocal<Action<string>> CurrentSink = new AsyncLocal<Action<string>>();

        public static IDisposable Attach(Action<string> sink)
        {
            var previous = CurrentSink.Value;
            CurrentSink.Value = sink;
            return new Restore(previous);
        }

        public static void Write(string line) => CurrentSink.Value?.Invoke(line);

        private sealed class Restore : IDisposable
        {
            private readonly Action<string> previous;

            public Restore(Action<string> previous) => this.previous = previous;

            public void Dispose() => CurrentSink.Value = previous;
        }
    }
}
