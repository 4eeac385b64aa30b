using System;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Http;
using HealthcareTools.Client.Names;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class PipelineTests
    {
        [Fact]
        public async Task StoreIdsWithReservedCharactersAreEscapedPerSegment()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json("{\"bindings\":[]}"));
                var store = new StoreName(new DatasetName("my-project", "us", "d"), StoreKind.Dicom, "a b?c#d%e");
                await test.Client.GetIamPolicyAsync(store.ToString(), null, CancellationToken.None);
                Assert.Equal("/v1/projects/my-project/locations/us/datasets/d/dicomStores/a%20b%3Fc%23d%25e:getIamPolicy", Assert.Single(server.Requests).PathAndQuery);
            }
        }

        [Fact]
        public async Task DebugLogHasOneLinePerRequestWithoutQueryValues()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json("{}"));
                await test.Client.ListOperationsAsync(new DatasetName("my-project", "us", "d"), "PatientId(\"123456\")", null, "secret-page-token", CancellationToken.None);
                var line = Assert.Single(test.Log, l => l.StartsWith("HTTP GET"));
                Assert.Contains("/v1/projects/my-project/locations/us/datasets/d/operations", line);
                Assert.Contains("filter", line);
                Assert.Contains("-> 200", line);
                Assert.DoesNotContain("123456", test.LogText);
                Assert.DoesNotContain("secret-page-token", test.LogText);
            }
        }

        [Fact]
        public async Task RequestsGoThroughTheEnvironmentProxyAndLoopbackStaysDirect()
        {
            using (var proxy = new FakeApiServer())
            using (var api = new FakeApiServer())
            {
                proxy.Script(Reply.Json("{\"name\":\"via-proxy\"}"));
                api.Script(Reply.Json("{\"name\":\"direct\"}"));
                var env = TestClient.Environment(("HTTP_PROXY", proxy.BaseUri.ToString()));
                var options = new HealthcareClientOptions { Endpoint = ApiEndpoint.FromValue(api.BaseUri.ToString(), "t"), Credential = HealthcareCredential.None() };
                using (var client = new HealthcareClient(options, env))
                {
                    var dataset = await client.GetDatasetAsync(new DatasetName("my-project", "us", "d"), CancellationToken.None);
                    Assert.Equal("direct", dataset.Name);
                    Assert.Empty(proxy.Requests);
                }
            }
        }

        [Fact]
        public async Task RemoteHostsAreReachedThroughTheEnvironmentProxy()
        {
            // The "proxy" is a loopback fake that refuses the tunnel, so nothing leaves the machine.
            using (var proxy = new FakeApiServer())
            {
                proxy.Script(new Reply { Status = 403, Body = "" });
                var env = TestClient.Environment(("HTTPS_PROXY", proxy.BaseUri.ToString()));
                var options = new HealthcareClientOptions
                {
                    Endpoint = ApiEndpoint.FromValue("https://healthcare.example.invalid/", "t"),
                    Credential = HealthcareCredential.None(),
                    MaxAttempts = 1,
                };
                using (var client = new HealthcareClient(options, env))
                {
                    await Assert.ThrowsAnyAsync<Exception>(() => client.GetDatasetAsync(new DatasetName("my-project", "us", "d"), CancellationToken.None));
                }
                var connect = Assert.Single(proxy.Requests);
                Assert.Equal("CONNECT", connect.Method);
                Assert.Equal("healthcare.example.invalid:443", connect.PathAndQuery);
            }
        }

        [Fact]
        public async Task NonJsonSuccessBodyIsAnApiException()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(new Reply { Body = "<html>proxy page</html>", ContentType = "text/html" });
                var error = await Assert.ThrowsAsync<HealthcareApiException>(() => test.Client.GetDatasetAsync(new DatasetName("my-project", "us", "d"), CancellationToken.None));
                Assert.Contains("proxy page", error.ApiMessage);
            }
        }

        [Fact]
        public void ClientRequiresEndpointAndCredential()
        {
            Assert.Throws<ArgumentNullException>(() => new HealthcareClient(null));
            Assert.Throws<ArgumentException>(() => new HealthcareClient(new HealthcareClientOptions { Credential = HealthcareCredential.None() }));
            Assert.Throws<ArgumentException>(() => new HealthcareClient(new HealthcareClientOptions { Endpoint = ApiEndpoint.FromValue("127.0.0.1:1", "t") }));
        }

        [Fact]
        public void EnvironmentProxyNeverProxiesLoopbackAndHonoursNoProxy()
        {
            Assert.Null(EnvironmentProxy.FromEnvironment(_ => null));
            var proxy = EnvironmentProxy.FromEnvironment(TestClient.Environment(
                ("https_proxy", "http://user:pw@proxy.corp:3128"),
                ("NO_PROXY", "internal.example.com,.corp.local, 10.1.2.3")));

            Assert.True(proxy.IsBypassed(new Uri("http://127.0.0.1:8080/")));
            Assert.True(proxy.IsBypassed(new Uri("https://localhost/")));
            Assert.True(proxy.IsBypassed(new Uri("http://[::1]:80/")));
            Assert.True(proxy.IsBypassed(new Uri("https://internal.example.com/")));
            Assert.True(proxy.IsBypassed(new Uri("https://api.corp.local/")));
            Assert.True(proxy.IsBypassed(new Uri("https://10.1.2.3/")));
            Assert.False(proxy.IsBypassed(new Uri("https://healthcare.googleapis.com/")));
            Assert.Equal(new Uri("http://user:pw@proxy.corp:3128"), proxy.GetProxy(new Uri("https://healthcare.googleapis.com/")));
            // Only an https proxy is configured: plain http destinations go direct.
            Assert.True(proxy.IsBypassed(new Uri("http://example.com/")));
            Assert.DoesNotContain("pw", proxy.Describe());
            Assert.True(proxy.IsBypassed(new Uri("http://169.254.169.254/computeMetadata/v1/")));
            Assert.True(proxy.IsBypassed(new Uri("http://metadata.google.internal/")));
            var login = proxy.Credentials.GetCredential(new Uri("http://proxy.corp:3128"), "Basic");
            Assert.Equal("user", login.UserName);
            Assert.Equal("pw", login.Password);
        }
    }
}
