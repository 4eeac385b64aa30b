using System;
using HealthcareTools.Emulator.Hosting;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class EmulatorOptionsTests
    {
        [Fact]
        public void ParsesEveryOption()
        {
            var options = EmulatorOptions.Parse(new[]
            {
                "--port", "8089", "--data=/tmp/x", "--fault-rate", "0.25", "--fault-statuses", "429,500", "--retry-after", "3",
                "--latency-ms", "15", "--drop-rate", "0.1", "--operation-duration-ms", "2500", "--seed", "7", "--exit-on-stdin-close",
            });
            Assert.Equal(8089, options.Port);
            Assert.Equal("/tmp/x", options.DataDirectory);
            Assert.Equal(0.25, options.Faults.ErrorRate);
            Assert.Equal(new[] { 429, 500 }, options.Faults.ErrorStatuses);
            Assert.Equal(3, options.Faults.RetryAfterSeconds);
            Assert.Equal(15, options.Faults.LatencyMs);
            Assert.Equal(0.1, options.Faults.DropRate);
            Assert.Equal(2500, options.OperationDurationMs);
            Assert.Equal(7, options.Seed);
            Assert.True(options.ExitOnStdinClose);
        }

        [Fact]
        public void DefaultsAreAFreePortAndLocalDataFolder()
        {
            var options = EmulatorOptions.Parse(Array.Empty<string>());
            Assert.Equal(0, options.Port);
            Assert.Equal("emulator-data", options.DataDirectory);
            Assert.Equal(0, options.OperationDurationMs);
            Assert.Equal(0, options.Faults.ErrorRate);
        }

        [Theory]
        [InlineData("--port", "70000")]
        [InlineData("--fault-rate", "2")]
        [InlineData("--fault-statuses", "418")]
        [InlineData("--bogus", "1")]
        [InlineData("--latency-ms")]
        public void RejectsBadArguments(params string[] args)
        {
            Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(args));
        }
    }
}
