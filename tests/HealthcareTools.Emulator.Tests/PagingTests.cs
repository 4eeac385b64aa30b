using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class PagingTests
    {
        private const string Datasets = "v1/" + TestEmulator.Location + "/datasets";

        [Fact]
        public async Task DefaultPageSizeIsOneHundredAndLargerSizesAreCapped()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await Task.WhenAll(Enumerable.Range(0, 105).Select(i => emulator.CreateDatasetAsync($"p{i:000}")));

            var first = await emulator.GetAsync(Datasets);
            Assert.Equal(100, first.Json["datasets"].AsArray().Count);
            Assert.NotNull(first.Json["nextPageToken"]);

            var second = await emulator.GetAsync($"{Datasets}?pageToken={first.Json["nextPageToken"]}&pageSize=0");
            Assert.Equal(5, second.Json["datasets"].AsArray().Count);
            Assert.Null(second.Json["nextPageToken"]);

            var capped = await emulator.GetAsync($"{Datasets}?pageSize=5000");
            Assert.Equal(105, capped.Json["datasets"].AsArray().Count);
        }

        [Fact]
        public async Task TokenStaysValidWhenItemsChangeBetweenPages()
        {
            await using var emulator = await TestEmulator.StartAsync();
            foreach (string id in new[] { "a", "b", "c", "d" }) await emulator.CreateDatasetAsync(id);

            var first = await emulator.GetAsync($"{Datasets}?pageSize=2");
            (await emulator.DeleteAsync($"v1/{TestEmulator.DatasetName("b")}")).AssertStatus(HttpStatusCode.OK);
            (await emulator.DeleteAsync($"v1/{TestEmulator.DatasetName("c")}")).AssertStatus(HttpStatusCode.OK);

            var second = await emulator.GetAsync($"{Datasets}?pageSize=2&pageToken={first.Json["nextPageToken"]}");
            second.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(TestEmulator.DatasetName("d"), (string)Assert.Single(second.Json["datasets"].AsArray())["name"]);
        }
    }
}
