using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class IamTests
    {
        private const string Binding = "{\"role\":\"roles/healthcare.datasetViewer\",\"members\":[\"user:alice@example.com\",\"serviceAccount:sa@p.iam.gserviceaccount.com\"]}";

        private static async Task<(TestEmulator Emulator, string Dataset)> WithDatasetAsync()
        {
            var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("iam");
            return (emulator, $"v1/{TestEmulator.DatasetName("iam")}");
        }

        [Fact]
        public async Task DefaultPolicyIsEmptyWithAcabEtag()
        {
            var (emulator, dataset) = await WithDatasetAsync();
            await using var _ = emulator;
            var reply = await emulator.GetAsync($"{dataset}:getIamPolicy?options.requestedPolicyVersion=3");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{\"etag\":\"ACAB\"}", reply.Text);
        }

        [Fact]
        public async Task SetThenGetRoundTripsAndChangesEtag()
        {
            var (emulator, dataset) = await WithDatasetAsync();
            await using var _ = emulator;
            var set = await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"etag\":\"ACAB\",\"bindings\":[" + Binding + "]}}");
            set.AssertStatus(HttpStatusCode.OK);
            string etag = (string)set.Json["etag"];
            Assert.NotEqual("ACAB", etag);
            Assert.Equal(1, (int)set.Json["version"]);

            var get = await emulator.GetAsync($"{dataset}:getIamPolicy");
            Assert.Equal(set.Text, get.Text);
            Assert.Equal("roles/healthcare.datasetViewer", (string)get.Json["bindings"][0]["role"]);
            Assert.Equal(2, get.Json["bindings"][0]["members"].AsArray().Count);

            // Setting the same content again still yields a new etag.
            var again = await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"etag\":\"" + etag + "\",\"bindings\":[" + Binding + "]}}");
            again.AssertStatus(HttpStatusCode.OK);
            Assert.NotEqual(etag, (string)again.Json["etag"]);
        }

        [Fact]
        public async Task GetPolicyAlsoAcceptsPostWithOptions()
        {
            var (emulator, dataset) = await WithDatasetAsync();
            await using var _ = emulator;
            var reply = await emulator.PostAsync($"{dataset}:getIamPolicy", "{\"options\":{\"requestedPolicyVersion\":3}}");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{\"etag\":\"ACAB\"}", reply.Text);
            (await emulator.PostAsync($"{dataset}:getIamPolicy", "{\"options\":{\"requestedPolicyVersion\":2}}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task StaleEtagIsAborted()
        {
            var (emulator, dataset) = await WithDatasetAsync();
            await using var _ = emulator;
            (await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"etag\":\"ACAB\",\"bindings\":[" + Binding + "]}}")).AssertStatus(HttpStatusCode.OK);
            var stale = await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"etag\":\"ACAB\",\"bindings\":[]}}");
            stale.AssertError(HttpStatusCode.Conflict, "ABORTED");
            Assert.NotNull((await emulator.GetAsync($"{dataset}:getIamPolicy")).Json["bindings"]);

            // Without an etag the write is unconditional; empty bindings clear the policy.
            var cleared = await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{}}");
            cleared.AssertStatus(HttpStatusCode.OK);
            Assert.Null(cleared.Json["bindings"]);
            Assert.Null(cleared.Json["version"]);
        }

        [Fact]
        public async Task ConditionsRequireVersionThree()
        {
            var (emulator, dataset) = await WithDatasetAsync();
            await using var _ = emulator;
            const string conditional = "{\"role\":\"roles/healthcare.datasetAdmin\",\"members\":[\"group:g@example.com\"],\"condition\":{\"title\":\"t\",\"expression\":\"request.time < timestamp('2030-01-01T00:00:00Z')\"}}";
            (await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"bindings\":[" + conditional + "]}}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"version\":1,\"bindings\":[" + conditional + "]}}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");

            var set = await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"version\":3,\"bindings\":[" + conditional + "]}}");
            set.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(3, (int)set.Json["version"]);
            (await emulator.GetAsync($"{dataset}:getIamPolicy?options.requestedPolicyVersion=1")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.GetAsync($"{dataset}:getIamPolicy?options.requestedPolicyVersion=3")).AssertStatus(HttpStatusCode.OK);
            (await emulator.GetAsync($"{dataset}:getIamPolicy?options.requestedPolicyVersion=2")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task InvalidPoliciesAndMasksAreRejected()
        {
            var (emulator, dataset) = await WithDatasetAsync();
            await using var _ = emulator;
            (await emulator.PostAsync($"{dataset}:setIamPolicy", "{}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"bindings\":[{\"role\":\"roles/x\",\"members\":[]}]}}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"bindings\":[{\"role\":\"roles/x\",\"members\":[\"nobody\"]}]}}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{},\"updateMask\":\"owners\"}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task UpdateMaskLimitsWhatChanges()
        {
            var (emulator, dataset) = await WithDatasetAsync();
            await using var _ = emulator;
            (await emulator.PostAsync($"{dataset}:setIamPolicy", "{\"policy\":{\"bindings\":[" + Binding + "]}}")).AssertStatus(HttpStatusCode.OK);
            var audit = await emulator.PostAsync($"{dataset}:setIamPolicy",
                "{\"policy\":{\"auditConfigs\":[{\"service\":\"allServices\",\"auditLogConfigs\":[{\"logType\":\"DATA_READ\"}]}]},\"updateMask\":\"auditConfigs\"}");
            audit.AssertStatus(HttpStatusCode.OK);
            Assert.NotNull(audit.Json["bindings"]);
            Assert.Equal("allServices", (string)audit.Json["auditConfigs"][0]["service"]);
        }

        [Fact]
        public async Task TestPermissionsReturnsWellFormedHealthcarePermissions()
        {
            var (emulator, dataset) = await WithDatasetAsync();
            await using var _ = emulator;
            var reply = await emulator.PostAsync($"{dataset}:testIamPermissions",
                "{\"permissions\":[\"healthcare.datasets.get\",\"storage.objects.get\",\"healthcare.bad\",\"healthcare.dicomStores.dicomWebRead\"]}");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(new[] { "healthcare.datasets.get", "healthcare.dicomStores.dicomWebRead" },
                reply.Json["permissions"].AsArray().Select(p => (string)p));

            var none = await emulator.PostAsync($"{dataset}:testIamPermissions", "{\"permissions\":[\"storage.objects.get\"]}");
            Assert.Equal("{}", none.Text);
        }

        [Fact]
        public async Task MissingResourceIsNotFoundExceptForTestPermissions()
        {
            await using var emulator = await TestEmulator.StartAsync();
            string missing = $"v1/{TestEmulator.DatasetName("missing")}";
            (await emulator.GetAsync($"{missing}:getIamPolicy")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.PostAsync($"{missing}:setIamPolicy", "{\"policy\":{}}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            // Google documents testIamPermissions as never 404: a missing resource grants nothing.
            var test = await emulator.PostAsync($"{missing}:testIamPermissions", "{\"permissions\":[\"healthcare.datasets.get\"]}");
            test.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{}", test.Text);
            (await emulator.PostAsync($"{missing}:frobnicate", "{}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }
    }
}
