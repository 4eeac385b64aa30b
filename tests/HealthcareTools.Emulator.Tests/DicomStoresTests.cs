using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class DicomStoresTests
    {
        private static readonly string Stores = $"v1/{TestEmulator.DatasetName("ds")}/dicomStores";

        private static async Task<TestEmulator> StartWithDatasetAsync()
        {
            var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("ds");
            return emulator;
        }

        [Fact]
        public async Task CreateIsSynchronousAndKeepsAllFields()
        {
            await using var emulator = await StartWithDatasetAsync();
            const string body = "{\"labels\":{\"env\":\"test\",\"team\":\"\"},\"notificationConfig\":{\"pubsubTopic\":\"projects/p/topics/t\",\"sendForBulkImport\":true}," +
                "\"streamConfigs\":[{\"bigqueryDestination\":{\"tableUri\":\"bq://p.d.t\",\"force\":true,\"writeDisposition\":\"WRITE_APPEND\"}}]," +
                "\"notificationConfigs\":[{\"pubsubTopic\":\"projects/p/topics/u\"}]}";
            var reply = await emulator.PostAsync($"{Stores}?dicomStoreId=s1", body);
            reply.AssertStatus(HttpStatusCode.OK);
            var store = reply.Json;
            Assert.Equal($"{TestEmulator.DatasetName("ds")}/dicomStores/s1", (string)store["name"]);
            Assert.Equal("test", (string)store["labels"]["env"]);
            Assert.Equal("", (string)store["labels"]["team"]);
            Assert.True((bool)store["notificationConfig"]["sendForBulkImport"]);
            Assert.Equal("bq://p.d.t", (string)store["streamConfigs"][0]["bigqueryDestination"]["tableUri"]);
            Assert.Equal("WRITE_APPEND", (string)store["streamConfigs"][0]["bigqueryDestination"]["writeDisposition"]);
            Assert.Equal("projects/p/topics/u", (string)store["notificationConfigs"][0]["pubsubTopic"]);

            var get = await emulator.GetAsync($"v1/{store["name"]}");
            get.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(reply.Text, get.Text);
            (await emulator.PostAsync($"{Stores}?dicomStoreId=s1")).AssertError(HttpStatusCode.Conflict, "ALREADY_EXISTS");
        }

        [Theory]
        [InlineData("a b (c) é~!", HttpStatusCode.OK)]
        [InlineData("has/slash", HttpStatusCode.BadRequest)]
        [InlineData("", HttpStatusCode.BadRequest)]
        public async Task StoreIdRules(string id, HttpStatusCode expected)
        {
            await using var emulator = await StartWithDatasetAsync();
            var reply = await emulator.PostAsync($"{Stores}?dicomStoreId={System.Uri.EscapeDataString(id)}");
            reply.AssertStatus(expected);
            if (expected == HttpStatusCode.OK)
                (await emulator.GetAsync($"{Stores}/{System.Uri.EscapeDataString(id)}")).AssertStatus(HttpStatusCode.OK);
            (await emulator.PostAsync($"{Stores}?dicomStoreId={new string('x', 257)}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Theory]
        [InlineData("{\"labels\":{\"Env\":\"x\"}}")]
        [InlineData("{\"labels\":{\"env\":\"UPPER\"}}")]
        [InlineData("{\"labels\":{\"1env\":\"x\"}}")]
        [InlineData("{\"notificationConfig\":{\"pubsubTopic\":\"topic\"}}")]
        [InlineData("{\"streamConfigs\":[{\"bigqueryDestination\":{\"tableUri\":\"p.d.t\"}}]}")]
        [InlineData("{\"streamConfigs\":[{\"bigqueryDestination\":{\"tableUri\":\"bq://p.d.t\",\"writeDisposition\":\"NOPE\"}}]}")]
        [InlineData("{\"unknown\":1}")]
        public async Task InvalidBodiesAreRejected(string body)
        {
            await using var emulator = await StartWithDatasetAsync();
            (await emulator.PostAsync($"{Stores}?dicomStoreId=bad", body)).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.GetAsync($"{Stores}/bad")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task TooManyLabelsAreRejected()
        {
            await using var emulator = await StartWithDatasetAsync();
            var labels = new JsonObject();
            for (int i = 0; i < 65; i++) labels["k" + i] = "v";
            (await emulator.PostAsync($"{Stores}?dicomStoreId=many", new JsonObject { ["labels"] = labels }.ToJsonString()))
                .AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task MissingDatasetIsNotFound()
        {
            await using var emulator = await TestEmulator.StartAsync();
            (await emulator.PostAsync($"{Stores}?dicomStoreId=s")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.GetAsync(Stores)).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Theory]
        [InlineData("labels.env=prod", "a,c")]
        [InlineData("labels.env=\"prod\"", "a,c")]
        [InlineData("labels.\"env\"=dev", "b")]
        [InlineData("labels.tier:*", "a,b")]
        [InlineData("labels.env=prod AND labels.tier:*", "a")]
        [InlineData("labels.env=prod labels.tier=gold", "a")]
        [InlineData("labels.env=dev OR labels.tier=gold", "a,b")]
        [InlineData("NOT labels.tier:*", "c,d")]
        [InlineData("-labels.env:* OR (labels.env=dev AND labels.tier=silver)", "b,d")]
        [InlineData("labels.env!=prod", "b,d")]
        [InlineData("", "a,b,c,d")]
        public async Task ListFiltersOnLabels(string filter, string expected)
        {
            await using var emulator = await StartWithDatasetAsync();
            await emulator.PostAsync($"{Stores}?dicomStoreId=a", "{\"labels\":{\"env\":\"prod\",\"tier\":\"gold\"}}");
            await emulator.PostAsync($"{Stores}?dicomStoreId=b", "{\"labels\":{\"env\":\"dev\",\"tier\":\"silver\"}}");
            await emulator.PostAsync($"{Stores}?dicomStoreId=c", "{\"labels\":{\"env\":\"prod\"}}");
            await emulator.PostAsync($"{Stores}?dicomStoreId=d");
            var reply = await emulator.GetAsync($"{Stores}?filter={System.Uri.EscapeDataString(filter)}");
            reply.AssertStatus(HttpStatusCode.OK);
            var names = (reply.Json["dicomStores"]?.AsArray() ?? new JsonArray()).Select(s => ((string)s["name"]).Split('/').Last());
            Assert.Equal(expected, string.Join(",", names));
        }

        [Theory]
        [InlineData("name=x")]
        [InlineData("labels.env=")]
        [InlineData("labels.env=prod AND")]
        [InlineData("(labels.env=prod")]
        public async Task BadFiltersAreRejected(string filter)
        {
            await using var emulator = await StartWithDatasetAsync();
            (await emulator.GetAsync($"{Stores}?filter={System.Uri.EscapeDataString(filter)}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task ListPagesWithFilter()
        {
            await using var emulator = await StartWithDatasetAsync();
            for (int i = 0; i < 7; i++)
                await emulator.PostAsync($"{Stores}?dicomStoreId=s{i}", i % 2 == 0 ? "{\"labels\":{\"even\":\"yes\"}}" : "{}");
            var seen = new System.Collections.Generic.List<string>();
            string token = null;
            int pages = 0;
            do
            {
                var reply = await emulator.GetAsync($"{Stores}?pageSize=3&filter=labels.even:*" + (token == null ? "" : "&pageToken=" + token));
                reply.AssertStatus(HttpStatusCode.OK);
                seen.AddRange(reply.Json["dicomStores"].AsArray().Select(s => ((string)s["name"]).Split('/').Last()));
                token = (string)reply.Json["nextPageToken"];
                pages++;
            }
            while (token != null);
            Assert.Equal(new[] { "s0", "s2", "s4", "s6" }, seen);
            Assert.Equal(2, pages);
        }

        [Fact]
        public async Task PatchAppliesMaskedFieldsOnly()
        {
            await using var emulator = await StartWithDatasetAsync();
            await emulator.PostAsync($"{Stores}?dicomStoreId=p", "{\"labels\":{\"a\":\"1\"},\"notificationConfig\":{\"pubsubTopic\":\"projects/p/topics/old\",\"sendForBulkImport\":true}}");
            string store = $"{Stores}/p";

            var reply = await emulator.PatchAsync($"{store}?updateMask=notificationConfig.pubsubTopic",
                "{\"labels\":{\"b\":\"2\"},\"notificationConfig\":{\"pubsubTopic\":\"projects/p/topics/new\"}}");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("projects/p/topics/new", (string)reply.Json["notificationConfig"]["pubsubTopic"]);
            Assert.True((bool)reply.Json["notificationConfig"]["sendForBulkImport"]);
            Assert.Equal("1", (string)reply.Json["labels"]["a"]);

            reply = await emulator.PatchAsync($"{store}?updateMask=labels,streamConfigs",
                "{\"labels\":{\"b\":\"2\"},\"streamConfigs\":[{\"bigqueryDestination\":{\"tableUri\":\"bq://p.d.t\"}}]}");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Null(reply.Json["labels"]["a"]);
            Assert.Equal("2", (string)reply.Json["labels"]["b"]);
            Assert.Equal("bq://p.d.t", (string)reply.Json["streamConfigs"][0]["bigqueryDestination"]["tableUri"]);

            reply = await emulator.PatchAsync($"{store}?updateMask=notificationConfig", "{}");
            Assert.Null(reply.Json["notificationConfig"]);
            Assert.Equal(reply.Text, (await emulator.GetAsync(store)).Text);

            (await emulator.PatchAsync(store, "{}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PatchAsync($"{store}?updateMask=name", "{}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PatchAsync($"{store}?updateMask=notificationConfig.bogus", "{}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PatchAsync($"{Stores}/missing?updateMask=labels", "{}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task DeleteRemovesStoreAndPolicy_DatasetDeleteRemovesStores()
        {
            await using var emulator = await StartWithDatasetAsync();
            await emulator.PostAsync($"{Stores}?dicomStoreId=x");
            await emulator.PostAsync($"{Stores}?dicomStoreId=y");
            var set = await emulator.PostAsync($"{Stores}/x:setIamPolicy",
                "{\"policy\":{\"bindings\":[{\"role\":\"roles/healthcare.dicomViewer\",\"members\":[\"user:a@example.com\"]}]}}");
            set.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("roles/healthcare.dicomViewer", (string)(await emulator.GetAsync($"{Stores}/x:getIamPolicy")).Json["bindings"][0]["role"]);

            (await emulator.DeleteAsync($"{Stores}/x")).AssertStatus(HttpStatusCode.OK);
            (await emulator.GetAsync($"{Stores}/x")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.DeleteAsync($"{Stores}/x")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.GetAsync($"{Stores}/x:getIamPolicy")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            await emulator.PostAsync($"{Stores}?dicomStoreId=x");
            Assert.Null((await emulator.GetAsync($"{Stores}/x:getIamPolicy")).Json["bindings"]);

            (await emulator.DeleteAsync($"v1/{TestEmulator.DatasetName("ds")}")).AssertStatus(HttpStatusCode.OK);
            await emulator.CreateDatasetAsync("ds");
            Assert.Equal("{}", (await emulator.GetAsync(Stores)).Text);
        }
    }
}
