using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class FaultInjectionTests
    {
        private const string Datasets = "v1/" + TestEmulator.Location + "/datasets";

        [Fact]
        public async Task ErrorRateOneAnswersEveryRequestWithEnvelopeAndNoSideEffect()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var put = await emulator.PutAsync("_emulator/faults", "{\"errorRate\":1.0,\"errorStatuses\":[503],\"retryAfterSeconds\":2}");
            put.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(1.0, (double)put.Json["errorRate"]);

            var reply = await emulator.PostAsync($"{Datasets}?datasetId=faulted");
            reply.AssertError(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE");
            Assert.Equal(TimeSpan.FromSeconds(2), reply.RetryAfter);

            // Admin endpoints are never faulted.
            (await emulator.GetAsync("_emulator/health")).AssertStatus(HttpStatusCode.OK);
            var stats = (await emulator.GetAsync("_emulator/stats")).Json;
            Assert.Equal(1, (long)stats["requests"]);
            Assert.Equal(1, (long)stats["faultsInjected"]);

            (await emulator.PutAsync("_emulator/faults", "{}")).AssertStatus(HttpStatusCode.OK);
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("faulted")}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Theory]
        [InlineData(429, "RESOURCE_EXHAUSTED")]
        [InlineData(500, "INTERNAL")]
        [InlineData(504, "DEADLINE_EXCEEDED")]
        public async Task InjectedStatusesUseGoogleStatusNames(int status, string name)
        {
            await using var emulator = await TestEmulator.StartAsync(o =>
            {
                o.Faults.ErrorRate = 1;
                o.Faults.ErrorStatuses = new[] { status };
            });
            var reply = await emulator.GetAsync("v1/projects/p1/locations");
            reply.AssertError((HttpStatusCode)status, name);
            Assert.Null(reply.RetryAfter);
        }

        [Fact]
        public async Task DropRateOneCommitsTheCreateButAbortsTheConnection()
        {
            await using var emulator = await TestEmulator.StartAsync(o => o.Faults.DropRate = 1.0);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => emulator.Client.PostAsync($"{Datasets}?datasetId=dropped", new StringContent("{}")));

            var stats = (await emulator.GetAsync("_emulator/stats")).Json;
            Assert.Equal(1, (long)stats["drops"]);
            (await emulator.PutAsync("_emulator/faults", "{\"dropRate\":0}")).AssertStatus(HttpStatusCode.OK);
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("dropped")}")).AssertStatus(HttpStatusCode.OK);
            // A client retrying the lost create learns it already happened.
            (await emulator.PostAsync($"{Datasets}?datasetId=dropped")).AssertError(HttpStatusCode.Conflict, "ALREADY_EXISTS");
        }

        [Fact]
        public async Task LatencyDelaysRequests()
        {
            await using var emulator = await TestEmulator.StartAsync(o => o.Faults.LatencyMs = 200);
            var watch = Stopwatch.StartNew();
            (await emulator.GetAsync("v1/projects/p1/locations")).AssertStatus(HttpStatusCode.OK);
            Assert.True(watch.ElapsedMilliseconds >= 190, $"took {watch.ElapsedMilliseconds} ms");
        }

        [Fact]
        public async Task StatsCountAndReset()
        {
            await using var emulator = await TestEmulator.StartAsync();
            for (int i = 0; i < 3; i++) await emulator.GetAsync("v1/projects/p1/locations");
            Assert.Equal(3, (long)(await emulator.GetAsync("_emulator/stats")).Json["requests"]);
            var reset = await emulator.PostAsync("_emulator/reset-stats", "");
            reset.AssertStatus(HttpStatusCode.OK);
            var stats = (await emulator.GetAsync("_emulator/stats")).Json;
            Assert.Equal(0, (long)stats["requests"]);
            Assert.Equal(0, (long)stats["faultsInjected"]);
            Assert.Equal(0, (long)stats["drops"]);
        }

        [Fact]
        public async Task PartialErrorRateIsReproducibleWithASeed()
        {
            async Task<string> PatternAsync()
            {
                await using var emulator = await TestEmulator.StartAsync(o =>
                {
                    o.Seed = 42;
                    o.Faults.ErrorRate = 0.5;
                });
                var pattern = new System.Text.StringBuilder();
                for (int i = 0; i < 20; i++)
                    pattern.Append((await emulator.GetAsync("v1/projects/p1/locations")).Status == HttpStatusCode.OK ? '.' : 'x');
                return pattern.ToString();
            }

            string first = await PatternAsync();
            Assert.Equal(first, await PatternAsync());
            Assert.Contains('x', first);
            Assert.Contains('.', first);
        }

        [Fact]
        public async Task InvalidFaultSettingsAreRejected()
        {
            await using var emulator = await TestEmulator.StartAsync();
            (await emulator.PutAsync("_emulator/faults", "{\"errorRate\":1.5}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PutAsync("_emulator/faults", "{\"errorStatuses\":[418]}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PutAsync("_emulator/faults", "{\"errrorRate\":1}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            var current = (await emulator.GetAsync("_emulator/faults")).Json;
            Assert.Equal(0, (double)current["errorRate"]);
            Assert.Equal(2, current["errorStatuses"].AsArray().Count);
        }
    }
}
