using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class LocationsTests
    {
        [Fact]
        public async Task ListReturnsTheFixedCatalogueInPagesSortedByName()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var names = new List<string>();
            string token = null;
            int pages = 0;
            do
            {
                var reply = await emulator.GetAsync("v1/projects/any-project/locations?pageSize=5" + (token == null ? "" : "&pageToken=" + token));
                reply.AssertStatus(HttpStatusCode.OK);
                names.AddRange(reply.Json["locations"].AsArray().Select(l => (string)l["name"]));
                token = (string)reply.Json["nextPageToken"];
                pages++;
            } while (token != null);

            Assert.Equal(3, pages);
            Assert.Equal(13, names.Count);
            Assert.Equal(names.OrderBy(n => n, System.StringComparer.Ordinal), names);
            Assert.Contains("projects/any-project/locations/us-central1", names);
            Assert.Contains("projects/any-project/locations/eu", names);
        }

        [Fact]
        public async Task ListHonoursDisplayNameFilter()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var reply = await emulator.GetAsync("v1/projects/p1/locations?filter=displayName%3Dtokyo");
            reply.AssertStatus(HttpStatusCode.OK);
            var location = Assert.Single(reply.Json["locations"].AsArray());
            Assert.Equal("asia-northeast1", (string)location["locationId"]);
        }

        [Fact]
        public async Task GetReturnsLocationAndUnknownIsNotFound()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var reply = await emulator.GetAsync("v1/projects/p1/locations/europe-west4");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("projects/p1/locations/europe-west4", (string)reply.Json["name"]);
            Assert.Equal("europe-west4", (string)reply.Json["locationId"]);

            (await emulator.GetAsync("v1/projects/p1/locations/mars-north1")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task InvalidPagingArgumentsAreRejected()
        {
            await using var emulator = await TestEmulator.StartAsync();
            (await emulator.GetAsync("v1/projects/p1/locations?pageSize=-1")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.GetAsync("v1/projects/p1/locations?pageToken=garbage!")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }
    }
}
