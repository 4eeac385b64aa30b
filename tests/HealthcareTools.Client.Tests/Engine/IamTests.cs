using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Models;
using Newtonsoft.Json.Linq;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class IamTests
    {
        private const string Resource = "projects/my-project/locations/us/datasets/d/dicomStores/s";
        private const string AuditConfigs = "[{\"service\":\"healthcare.googleapis.com\",\"auditLogConfigs\":[{\"logType\":\"DATA_READ\",\"exemptedMembers\":[\"user:a@example.com\"]}]}]";
        private const string PolicyJson = "{\"version\":3,\"etag\":\"BwXhqDuLn8E=\",\"bindings\":[{\"role\":\"roles/healthcare.dicomViewer\",\"members\":[\"user:b@example.com\"]," +
            "\"condition\":{\"expression\":\"request.time < timestamp('2030-01-01T00:00:00Z')\",\"title\":\"until 2030\"}}],\"auditConfigs\":" + AuditConfigs + "}";

        [Fact]
        public async Task GetModifySetKeepsAuditConfigsAndEtag()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json(PolicyJson), Reply.Json(PolicyJson));
                var policy = await test.Client.GetIamPolicyAsync(Resource, 3, CancellationToken.None);

                Assert.Equal(3, policy.Version);
                Assert.Equal("BwXhqDuLn8E=", policy.Etag);
                Assert.Equal("until 2030", policy.Bindings.Single().Condition.Title);
                Assert.True(JToken.DeepEquals(JToken.Parse(AuditConfigs), JToken.Parse(policy.AuditConfigsJson)));
                Assert.Equal("GET", server.Requests[0].Method);
                Assert.Equal("/v1/" + Resource + ":getIamPolicy?options.requestedPolicyVersion=3", server.Requests[0].PathAndQuery);

                policy.Bindings.Add(new IamBinding { Role = "roles/healthcare.dicomEditor", Members = { "group:g@example.com" } });
                await test.Client.SetIamPolicyAsync(Resource, policy, "bindings,etag,auditConfigs", CancellationToken.None);

                var set = server.Requests[1];
                Assert.Equal("POST", set.Method);
                Assert.Equal("/v1/" + Resource + ":setIamPolicy", set.PathAndQuery);
                var body = JObject.Parse(set.Body);
                Assert.Equal("bindings,etag,auditConfigs", (string)body["updateMask"]);
                Assert.Equal("BwXhqDuLn8E=", (string)body["policy"]["etag"]);
                Assert.Equal(3, (int)body["policy"]["version"]);
                Assert.True(JToken.DeepEquals(JToken.Parse(AuditConfigs), body["policy"]["auditConfigs"]));
                Assert.Equal(2, ((JArray)body["policy"]["bindings"]).Count);
                Assert.Equal("request.time < timestamp('2030-01-01T00:00:00Z')", (string)body["policy"]["bindings"][0]["condition"]["expression"]);
            }
        }

        [Fact]
        public async Task TestPermissionsRoundTripAndMissingMeansNone()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json("{\"permissions\":[\"healthcare.datasets.get\"]}"), Reply.Json("{}"));
                var held = await test.Client.TestIamPermissionsAsync(Resource, new[] { "healthcare.datasets.get", "healthcare.datasets.delete" }, CancellationToken.None);
                var none = await test.Client.TestIamPermissionsAsync(Resource, new[] { "healthcare.datasets.delete" }, CancellationToken.None);

                Assert.Equal(new[] { "healthcare.datasets.get" }, held);
                Assert.Empty(none);
                var body = JObject.Parse(server.Requests[0].Body);
                Assert.Equal(new[] { "healthcare.datasets.get", "healthcare.datasets.delete" }, body["permissions"].Select(t => (string)t));
                Assert.Equal("/v1/" + Resource + ":testIamPermissions", server.Requests[0].PathAndQuery);
            }
        }

        [Theory]
        [InlineData("my-dataset")]
        [InlineData("projects/my-project/locations")]
        [InlineData("projects/Bad_Project/locations/us")]
        [InlineData("projects//locations/us")]
        public async Task BadResourceNamesFailBeforeAnyRequest(string resource)
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                await Assert.ThrowsAsync<System.ArgumentException>(() => test.Client.GetIamPolicyAsync(resource, null, CancellationToken.None));
                Assert.Empty(server.Requests);
            }
        }
    }
}
