using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace HealthcareTools.Emulator.Hosting
{
    /// <summary>Start-up settings of the emulator, shared by the command line and the test harness.</summary>
    public sealed class EmulatorOptions
    {
        public const string DefaultDataDirectory = "emulator-data";

        /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
        public int Port { get; set; }

        /// <summary>Folder that holds the SQLite database; created when missing.</summary>
        public string DataDirectory { get; set; } = DefaultDataDirectory;

        public FaultSettings Faults { get; set; } = new FaultSettings();

        /// <summary>How long a new long-running operation stays <c>done:false</c>; 0 = done at once.</summary>
        public int OperationDurationMs { get; set; }

        /// <summary>Seed for fault injection; null = non-reproducible.</summary>
        public int? Seed { get; set; }

        /// <summary>Stop when standard input reaches end of file (the parent process went away).</summary>
        public bool ExitOnStdinClose { get; set; }

        public static string Usage =>
            "Usage: HealthcareTools.Emulator [--port N] [--data DIR] [--fault-rate R] [--fault-statuses 429,503]\n" +
            "       [--retry-after SECONDS] [--latency-ms N] [--drop-rate R] [--operation-duration-ms N]\n" +
            "       [--seed N] [--exit-on-stdin-close]";

        /// <summary>Parses <c>--name value</c> and <c>--name=value</c> arguments; throws <see cref="ArgumentException"/> on bad input.</summary>
        public static EmulatorOptions Parse(IReadOnlyList<string> args)
        {
            var options = new EmulatorOptions();
            var faults = options.Faults;
            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i];
                string inlineValue = null;
                int equals = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
                {
                    inlineValue = arg.Substring(equals + 1);
                    arg = arg.Substring(0, equals);
                }

                string NextValue()
                {
                    if (inlineValue != null) return inlineValue;
                    if (i + 1 >= args.Count) throw new ArgumentException($"Option {arg} needs a value.");
                    return args[++i];
                }

                switch (arg)
                {
                    case "--port": options.Port = ParseInt(arg, NextValue(), 0, 65535); break;
                    case "--data": options.DataDirectory = NextValue(); break;
                    case "--fault-rate": faults.ErrorRate = ParseRate(arg, NextValue()); break;
                    case "--fault-statuses": faults.ErrorStatuses = ParseStatuses(arg, NextValue()); break;
                    case "--retry-after": faults.RetryAfterSeconds = ParseInt(arg, NextValue(), 0, 86400); break;
                    case "--latency-ms": faults.LatencyMs = ParseInt(arg, NextValue(), 0, 600_000); break;
                    case "--drop-rate": faults.DropRate = ParseRate(arg, NextValue()); break;
                    case "--operation-duration-ms": options.OperationDurationMs = ParseInt(arg, NextValue(), 0, int.MaxValue); break;
                    case "--seed": options.Seed = ParseInt(arg, NextValue(), int.MinValue, int.MaxValue); break;
                    case "--exit-on-stdin-close": options.ExitOnStdinClose = true; break;
                    default: throw new ArgumentException($"Unknown option '{args[i]}'.");
                }
            }
            return options;
        }

        public string ResolveDataDirectory() => Path.GetFullPath(string.IsNullOrEmpty(DataDirectory) ? DefaultDataDirectory : DataDirectory);

        private static int ParseInt(string name, string text, int min, int max)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
                throw new ArgumentException($"Option {name} expects an integer between {min} and {max}, got '{text}'.");
            return value;
        }

        private static double ParseRate(string name, string text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0 && value <= 1))
                throw new ArgumentException($"Option {name} expects a probability between 0 and 1, got '{text}'.");
            return value;
        }

        private static int[] ParseStatuses(string name, string text)
        {
            var statuses = new List<int>();
            foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int status = ParseInt(name, part, 100, 599);
                if (!FaultSettings.IsSupportedStatus(status))
                    throw new ArgumentException($"Option {name}: status {status} is not one of {string.Join(",", FaultSettings.SupportedStatuses)}.");
                statuses.Add(status);
            }
            if (statuses.Count == 0) throw new ArgumentException($"Option {name} needs at least one status.");
            return statuses.ToArray();
        }
    }
}
