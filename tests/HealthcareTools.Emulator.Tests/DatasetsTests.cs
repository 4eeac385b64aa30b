using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class DatasetsTests
    {
        private const string Datasets = "v1/" + TestEmulator.Location + "/datasets";

        [Fact]
        public async Task CreateReturnsDoneOperationWithDatasetResponseWhenDurationIsZero()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var operation = await emulator.CreateDatasetAsync("d1", "{\"timeZone\":\"America/New_York\"}");

            Assert.Matches(@"^projects/test-project/locations/us-central1/datasets/d1/operations/\d{15,}$", (string)operation["name"]);
            Assert.True((bool)operation["done"]);
            var metadata = operation["metadata"].AsObject();
            Assert.Equal("type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata", (string)metadata["@type"]);
            Assert.Equal("google.cloud.healthcare.v1.dataset.DatasetService.CreateDataset", (string)metadata["apiMethodName"]);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", (string)metadata["createTime"]);
            Assert.Equal("1", (string)metadata["counter"]["success"]);
            var response = operation["response"].AsObject();
            Assert.Equal("type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset", (string)response["@type"]);
            Assert.Equal(TestEmulator.DatasetName("d1"), (string)response["name"]);
            Assert.Equal("America/New_York", (string)response["timeZone"]);
            Assert.Null(operation["error"]);
        }

        [Fact]
        public async Task GetReturnsDatasetAndOmitsDefaults()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("plain");
            var reply = await emulator.GetAsync($"v1/{TestEmulator.DatasetName("plain")}");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{\"name\":\"" + TestEmulator.DatasetName("plain") + "\"}", reply.Text);
        }

        [Fact]
        public async Task CreateKeepsEncryptionSpec()
        {
            await using var emulator = await TestEmulator.StartAsync();
            const string key = "projects/p/locations/us/keyRings/r/cryptoKeys/k";
            await emulator.CreateDatasetAsync("cmek", "{\"encryptionSpec\":{\"kmsKeyName\":\"" + key + "\"}}");
            var dataset = (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("cmek")}")).Json;
            Assert.Equal(key, (string)dataset["encryptionSpec"]["kmsKeyName"]);
        }

        [Fact]
        public async Task SecondCreateWithSameIdIsAlreadyExists()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("dup");
            (await emulator.PostAsync($"{Datasets}?datasetId=dup")).AssertError(HttpStatusCode.Conflict, "ALREADY_EXISTS");
        }

        [Theory]
        [InlineData("")]
        [InlineData("has%20space")]
        [InlineData("bad%2Fslash")]
        [InlineData("star*")]
        public async Task CreateRejectsInvalidDatasetIds(string datasetId)
        {
            await using var emulator = await TestEmulator.StartAsync();
            string message = (await emulator.PostAsync($"{Datasets}?datasetId={datasetId}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            Assert.Contains("datasetId", message);
        }

        [Fact]
        public async Task CreateAcceptsUnicodeLettersDotsAndMaximumLength()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("Données_v1.2-x");
            await emulator.CreateDatasetAsync(new string('a', 256));
            (await emulator.PostAsync($"{Datasets}?datasetId={new string('a', 257)}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("Données_v1.2-x")}")).AssertStatus(HttpStatusCode.OK);
        }

        [Fact]
        public async Task CreateRejectsBadProjectLocationAndBody()
        {
            await using var emulator = await TestEmulator.StartAsync();
            (await emulator.PostAsync("v1/projects/Bad_Project/locations/us-central1/datasets?datasetId=x")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync("v1/projects/p1/locations/moon1/datasets?datasetId=x")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync($"{Datasets}?datasetId=x", "{\"timeZone\":\"Not/AZone\"}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync($"{Datasets}?datasetId=x", "{\"unknownField\":1}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync($"{Datasets}?datasetId=x", "{\"encryptionSpec\":{\"kmsKeyName\":\"not-a-key\"}}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("x")}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task ListPagesThroughAllDatasetsSortedByName()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var ids = Enumerable.Range(0, 7).Select(i => $"ds-{i:00}").Reverse().ToList();
            foreach (string id in ids) await emulator.CreateDatasetAsync(id);

            var names = new List<string>();
            string token = null;
            int pages = 0;
            do
            {
                var reply = await emulator.GetAsync($"{Datasets}?pageSize=3" + (token == null ? "" : "&pageToken=" + token));
                reply.AssertStatus(HttpStatusCode.OK);
                names.AddRange(reply.Json["datasets"].AsArray().Select(d => (string)d["name"]));
                token = (string)reply.Json["nextPageToken"];
                pages++;
            } while (token != null);

            Assert.Equal(3, pages);
            Assert.Equal(ids.OrderBy(i => i, System.StringComparer.Ordinal).Select(TestEmulator.DatasetName), names);
        }

        [Fact]
        public async Task ListIsEmptyObjectWhenThereAreNoDatasetsAndIsScopedToTheLocation()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var empty = await emulator.GetAsync(Datasets);
            empty.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{}", empty.Text);

            await emulator.CreateDatasetAsync("here");
            var elsewhere = await emulator.GetAsync("v1/projects/test-project/locations/europe-west2/datasets");
            Assert.Equal("{}", elsewhere.Text);
            var otherProject = await emulator.GetAsync("v1/projects/other-project/locations/us-central1/datasets");
            Assert.Equal("{}", otherProject.Text);
        }

        [Fact]
        public async Task PatchUpdatesTimeZoneOnly()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("tz");
            string name = $"v1/{TestEmulator.DatasetName("tz")}";

            var patched = await emulator.PatchAsync($"{name}?updateMask=timeZone", "{\"timeZone\":\"Europe/Paris\"}");
            patched.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("Europe/Paris", (string)patched.Json["timeZone"]);
            Assert.Equal("Europe/Paris", (string)(await emulator.GetAsync(name)).Json["timeZone"]);

            (await emulator.PatchAsync(name, "{\"timeZone\":\"UTC\"}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            string immutable = (await emulator.PatchAsync($"{name}?updateMask=encryptionSpec", "{}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            Assert.Contains("immutable", immutable);
            (await emulator.PatchAsync($"{name}?updateMask=labels", "{}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PatchAsync($"v1/{TestEmulator.DatasetName("missing")}?updateMask=timeZone", "{}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");

            var cleared = await emulator.PatchAsync($"{name}?updateMask=timeZone", "{}");
            Assert.Null(cleared.Json["timeZone"]);
        }

        [Fact]
        public async Task DeleteRemovesDatasetWithItsOperationsAndPolicy()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var operation = await emulator.CreateDatasetAsync("gone");
            string name = $"v1/{TestEmulator.DatasetName("gone")}";
            (await emulator.PostAsync($"{name}:setIamPolicy", "{\"policy\":{\"bindings\":[{\"role\":\"roles/healthcare.datasetViewer\",\"members\":[\"user:a@example.com\"]}]}}")).AssertStatus(HttpStatusCode.OK);

            var deleted = await emulator.DeleteAsync(name);
            deleted.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{}", deleted.Text);

            (await emulator.GetAsync(name)).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.GetAsync($"v1/{operation["name"]}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.DeleteAsync(name)).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");

            // Re-created under the same ID, it starts with a fresh default policy.
            await emulator.CreateDatasetAsync("gone");
            Assert.Equal("{\"etag\":\"ACAB\"}", (await emulator.GetAsync($"{name}:getIamPolicy")).Text);
        }

        [Fact]
        public async Task DeleteDoesNotTouchDatasetsWhoseNamesShareAPrefix()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("a");
            await emulator.CreateDatasetAsync("a_b");
            await emulator.CreateDatasetAsync("ab");
            (await emulator.DeleteAsync($"v1/{TestEmulator.DatasetName("a")}")).AssertStatus(HttpStatusCode.OK);
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("a_b")}")).AssertStatus(HttpStatusCode.OK);
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("ab")}")).AssertStatus(HttpStatusCode.OK);
        }
    }
}
