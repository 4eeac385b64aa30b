using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Names;
using Newtonsoft.Json.Linq;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public sealed class CredentialTests : IDisposable
    {
        private const string Sentinel = "ya29.SENTINEL-do-not-log-0123456789";
        private const string IssuedToken = "ya29.issued-by-fake-endpoint-42";
        private const string ServiceAccount = "robot@key-project.iam.gserviceaccount.com";
        private static readonly DatasetName Dataset = new DatasetName("my-project", "us", "ds");

        private readonly string _folder = Path.Combine(Path.GetTempPath(), "hc-cred-" + Guid.NewGuid().ToString("N"));

        public CredentialTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public async Task AccessTokenIsSentButNeverLoggedOrReported()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server, HealthcareCredential.FromAccessToken(TestClient.Secure(Sentinel)), o => o.MaxAttempts = 2))
            {
                server.Script(Reply.Error(503, "UNAVAILABLE", "down"), Reply.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."));
                var error = await Assert.ThrowsAsync<HealthcareApiException>(() => test.Client.GetDatasetAsync(Dataset, CancellationToken.None));

                Assert.All(server.Requests, r => Assert.Equal("Bearer " + Sentinel, r.Headers["Authorization"]));
                Assert.Equal(401, error.HttpStatus);
                Assert.DoesNotContain(Sentinel, error.ToString());
                Assert.NotEmpty(test.Log);
                Assert.DoesNotContain(Sentinel, test.LogText);
                Assert.DoesNotContain("Bearer", test.LogText);
                Assert.Contains(test.Log, line => line.StartsWith("Credentials: AccessToken"));
                var credential = test.Options.Credential;
                Assert.DoesNotContain(Sentinel, credential.Description + credential);
            }
        }

        [Fact]
        public async Task NoneSendsNoAuthorizationAndQuotaProjectAndUserAgentAreSent()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server, configure: o =>
            {
                o.QuotaProject = "billing-project";
                o.UserAgent = "HealthcareTools-Test/9.9";
            }))
            {
                server.Script(Reply.Json("{}"));
                await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                var request = Assert.Single(server.Requests);
                Assert.Null(request.Headers["Authorization"]);
                Assert.Equal("billing-project", request.Headers["x-goog-user-project"]);
                Assert.Contains("HealthcareTools-Test/9.9", request.Headers["User-Agent"]);
            }
        }

        [Fact]
        public async Task KeyFileGetsATokenFromTheTokenUriInTheFile()
        {
            using (var server = new FakeApiServer())
            {
                server.Handler = request => request.Path == "/token"
                    ? Reply.Json("{\"access_token\":\"" + IssuedToken + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")
                    : Reply.Json("{\"name\":\"" + Dataset + "\"}");
                var keyFile = WriteServiceAccountKey(new Uri(server.BaseUri, "token"));
                var credential = HealthcareCredential.FromKeyFile(keyFile);

                Assert.Equal("KeyFile", credential.Kind);
                Assert.Equal("key-project", credential.ProjectId);
                Assert.Contains(keyFile, credential.Description);
                Assert.Contains(ServiceAccount, credential.Description);
                Assert.DoesNotContain("PRIVATE", credential.Description);

                using (var test = new TestClient(server, credential))
                {
                    await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                    await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);

                    var tokenRequests = server.Requests.Where(r => r.Path == "/token").ToList();
                    var apiRequests = server.Requests.Where(r => r.Path != "/token").ToList();
                    Assert.Single(tokenRequests);
                    Assert.Equal(2, apiRequests.Count);
                    Assert.All(apiRequests, r => Assert.Equal("Bearer " + IssuedToken, r.Headers["Authorization"]));

                    var claims = JwtClaims(tokenRequests[0].Body);
                    Assert.Equal(ServiceAccount, (string)claims["iss"]);
                    Assert.Contains("https://www.googleapis.com/auth/cloud-healthcare", (string)claims["scope"]);
                    Assert.DoesNotContain(IssuedToken, test.LogText);
                    Assert.Contains(test.Log, line => line.Contains("service-account key file"));
                }
            }
        }

        [Fact]
        public async Task UnauthorizedAnswerRefreshesTheTokenOnce()
        {
            using (var server = new FakeApiServer())
            {
                var tokens = 0;
                var apiCalls = 0;
                server.Handler = request =>
                {
                    if (request.Path == "/token")
                    {
                        var issued = IssuedToken + "-" + Interlocked.Increment(ref tokens);
                        return Reply.Json("{\"access_token\":\"" + issued + "\",\"expires_in\":3600}");
                    }
                    return Interlocked.Increment(ref apiCalls) == 1
                        ? Reply.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
                        : Reply.Json("{\"name\":\"" + Dataset + "\"}");
                };
                var credential = HealthcareCredential.FromKeyFile(WriteServiceAccountKey(new Uri(server.BaseUri, "token")));
                using (var test = new TestClient(server, credential))
                {
                    var dataset = await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                    Assert.Equal(Dataset.ToString(), dataset.Name);
                    var api = server.Requests.Where(r => r.Path != "/token").ToList();
                    Assert.Equal(2, api.Count);
                    Assert.Equal("Bearer " + IssuedToken + "-1", api[0].Headers["Authorization"]);
                    Assert.Equal("Bearer " + IssuedToken + "-2", api[1].Headers["Authorization"]);
                    Assert.Contains(test.Log, line => line.Contains("token refreshed"));
                }
            }
        }

        [Fact]
        public async Task TokenEndpointFailureIsACredentialError()
        {
            using (var server = new FakeApiServer())
            {
                server.Handler = request => Reply.Json("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}", 400);
                var credential = HealthcareCredential.FromKeyFile(WriteServiceAccountKey(new Uri(server.BaseUri, "token")));
                using (var test = new TestClient(server, credential))
                {
                    var error = await Assert.ThrowsAsync<HealthcareCredentialException>(() => test.Client.GetDatasetAsync(Dataset, CancellationToken.None));
                    Assert.Contains(ServiceAccount, error.Message);
                    Assert.DoesNotContain("PRIVATE KEY", error.ToString());
                    Assert.All(server.Requests, r => Assert.Equal("/token", r.Path));
                }
            }
        }

        [Fact]
        public void UnreadableKeyFilesNameTheFile()
        {
            var missing = Path.Combine(_folder, "missing.json");
            Assert.Contains(missing, Assert.Throws<HealthcareCredentialException>(() => HealthcareCredential.FromKeyFile(missing)).Message);

            var notJson = Path.Combine(_folder, "bad.json");
            File.WriteAllText(notJson, "-----BEGIN PRIVATE KEY----- secret");
            var error = Assert.Throws<HealthcareCredentialException>(() => HealthcareCredential.FromKeyFile(notJson));
            Assert.Contains(notJson, error.Message);
            Assert.DoesNotContain("secret", error.Message);

            var noType = Path.Combine(_folder, "notype.json");
            File.WriteAllText(noType, "{\"client_email\":\"x\"}");
            Assert.Contains("type", Assert.Throws<HealthcareCredentialException>(() => HealthcareCredential.FromKeyFile(noType)).Message);
        }

        [Fact]
        public async Task ApplicationDefaultUsesTheVariableLazily()
        {
            using (var server = new FakeApiServer())
            {
                server.Handler = request => request.Path == "/token"
                    ? Reply.Json("{\"access_token\":\"" + IssuedToken + "\",\"expires_in\":3600}")
                    : Reply.Json("{}");
                var keyFile = WriteServiceAccountKey(new Uri(server.BaseUri, "token"));
                var credential = HealthcareCredential.ApplicationDefault(TestClient.Environment(("GOOGLE_APPLICATION_CREDENTIALS", keyFile), ("CLOUDSDK_CONFIG", _folder)));

                Assert.Equal("ApplicationDefault", credential.Kind);
                Assert.Null(credential.ProjectId);

                using (var test = new TestClient(server, credential))
                {
                    await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                }
                Assert.Contains("GOOGLE_APPLICATION_CREDENTIALS", credential.Description);
                Assert.Contains(ServiceAccount, credential.Description);
                Assert.Equal("key-project", credential.ProjectId);
                Assert.Equal("Bearer " + IssuedToken, server.Requests.Last().Headers["Authorization"]);
            }
        }

        [Fact]
        public async Task ApplicationDefaultFallsBackToTheGcloudAdcFile()
        {
            using (var server = new FakeApiServer())
            {
                server.Handler = request => request.Path == "/token"
                    ? Reply.Json("{\"access_token\":\"" + IssuedToken + "\",\"expires_in\":3600}")
                    : Reply.Json("{}");
                var adc = Path.Combine(_folder, "application_default_credentials.json");
                File.Copy(WriteServiceAccountKey(new Uri(server.BaseUri, "token")), adc);
                var credential = HealthcareCredential.ApplicationDefault(TestClient.Environment(("CLOUDSDK_CONFIG", _folder)));

                using (var test = new TestClient(server, credential))
                {
                    await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                }
                Assert.Contains(adc, credential.Description);
            }
        }

        [Fact]
        public async Task MissingAdcVariableFileIsACredentialErrorNamingIt()
        {
            using (var server = new FakeApiServer())
            {
                var missing = Path.Combine(_folder, "nope.json");
                var credential = HealthcareCredential.ApplicationDefault(TestClient.Environment(("GOOGLE_APPLICATION_CREDENTIALS", missing)));
                using (var test = new TestClient(server, credential))
                {
                    var error = await Assert.ThrowsAsync<HealthcareCredentialException>(() => test.Client.GetDatasetAsync(Dataset, CancellationToken.None));
                    Assert.Contains(missing, error.Message);
                    Assert.Empty(server.Requests);
                }
            }
        }

        [Fact]
        public async Task PlainHttpEndpointsNeverReceiveCredentials()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server, HealthcareCredential.FromAccessToken(TestClient.Secure(Sentinel)), allowCredentialsOverPlainHttp: false))
            {
                server.Script(Reply.Json("{}"));
                await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                Assert.Null(Assert.Single(server.Requests).Headers["Authorization"]);
                Assert.Contains(test.Log, line => line.Contains("not used because") && line.Contains("plain http"));
            }
        }

        [Fact]
        public void EmptyAccessTokenIsRefused() =>
            Assert.Throws<ArgumentException>(() => HealthcareCredential.FromAccessToken(new System.Security.SecureString()));

        private string WriteServiceAccountKey(Uri tokenUri)
        {
            using (var rsa = RSA.Create(2048))
            {
                var key = new JObject
                {
                    ["type"] = "service_account",
                    ["project_id"] = "key-project",
                    ["private_key_id"] = "0123456789abcdef",
                    ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
                    ["client_email"] = ServiceAccount,
                    ["client_id"] = "1234567890",
                    ["token_uri"] = tokenUri.ToString(),
                };
                var path = Path.Combine(_folder, "key-" + Guid.NewGuid().ToString("N") + ".json");
                File.WriteAllText(path, key.ToString());
                return path;
            }
        }

        private static JObject JwtClaims(string formBody)
        {
            var assertion = formBody.Split('&').Select(Uri.UnescapeDataString).First(p => p.StartsWith("assertion=")).Substring("assertion=".Length);
            var payload = assertion.Split('.')[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            return JObject.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        }
    }
}
