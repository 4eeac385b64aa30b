using System;
using Microsoft.Extensions.Logging;

namespace HealthcareTools.Emulator.Hosting
{
    /// <summary>
    /// Writes warnings and errors to stderr synchronously. The stock console logger is avoided
    /// because its background writer thread adds about 1.5 s to every shutdown.
    /// </summary>
    public sealed class StandardErrorLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new StandardErrorLogger(categoryName);

        public void Dispose()
        {
        }

        private sealed class StandardErrorLogger : ILogger
        {
            private readonly string _category;

            public StandardErrorLogger(string category)
            {
                _category = category;
            }

            public IDisposable BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception, Func<TState, Exception, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                string line = $"{logLevel.ToString().ToLowerInvariant()}: {_category}: {formatter(state, exception)}";
                if (exception != null) line += Environment.NewLine + exception;
                Console.Error.WriteLine(line);
            }
        }
    }
}
