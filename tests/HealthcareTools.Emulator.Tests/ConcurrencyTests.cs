using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class ConcurrencyTests
    {
        [Fact]
        public async Task ParallelCreatesAreEachStoredExactlyOnce()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var ids = Enumerable.Range(0, 50).Select(i => $"par-{i:000}").ToList();
            var replies = await Task.WhenAll(ids.Select(id =>
                emulator.PostAsync($"v1/{TestEmulator.Location}/datasets?datasetId={id}")));
            Assert.All(replies, r => r.AssertStatus(HttpStatusCode.OK));
            Assert.Equal(50, replies.Select(r => (string)r.Json["name"]).Distinct().Count());

            var listed = (await emulator.GetAsync($"v1/{TestEmulator.Location}/datasets?pageSize=1000")).Json["datasets"].AsArray();
            Assert.Equal(ids, listed.Select(d => ((string)d["name"]).Split('/').Last()));
        }

        [Fact]
        public async Task RacingCreatesOfOneIdLetExactlyOneWin()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
                emulator.PostAsync($"v1/{TestEmulator.Location}/datasets?datasetId=contested")));
            Assert.Equal(1, replies.Count(r => r.Status == HttpStatusCode.OK));
            Assert.Equal(19, replies.Count(r => r.Status == HttpStatusCode.Conflict));
        }

        [Fact]
        public async Task ParallelIamWritesWithTheSameEtagLetExactlyOneWin()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("iam-race");
            string resource = $"v1/{TestEmulator.DatasetName("iam-race")}";
            var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => emulator.PostAsync($"{resource}:setIamPolicy",
                "{\"policy\":{\"etag\":\"ACAB\",\"bindings\":[{\"role\":\"roles/healthcare.datasetViewer\",\"members\":[\"user:u" + i + "@example.com\"]}]}}")));
            Assert.Equal(1, replies.Count(r => r.Status == HttpStatusCode.OK));
            Assert.Equal(9, replies.Count(r => r.Status == HttpStatusCode.Conflict));
        }
    }
}
