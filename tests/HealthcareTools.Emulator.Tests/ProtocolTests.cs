using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class ProtocolTests
    {
        private const string Datasets = "v1/" + TestEmulator.Location + "/datasets";

        [Fact]
        public async Task GzipRequestBodyIsAccepted()
        {
            await using var emulator = await TestEmulator.StartAsync();
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                byte[] json = Encoding.UTF8.GetBytes("{\"timeZone\":\"Asia/Tokyo\"}");
                gzip.Write(json, 0, json.Length);
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Datasets}?datasetId=zipped")
            {
                Content = new ByteArrayContent(compressed.ToArray()),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Content.Headers.ContentEncoding.Add("gzip");
            (await emulator.SendAsync(request)).AssertStatus(HttpStatusCode.OK);

            Assert.Equal("Asia/Tokyo", (string)(await emulator.GetAsync($"v1/{TestEmulator.DatasetName("zipped")}")).Json["timeZone"]);
        }

        [Fact]
        public async Task CorruptGzipBodyIsInvalidArgument()
        {
            await using var emulator = await TestEmulator.StartAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Datasets}?datasetId=x") { Content = new ByteArrayContent(new byte[] { 1, 2, 3, 4 }) };
            request.Content.Headers.ContentEncoding.Add("gzip");
            (await emulator.SendAsync(request)).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Theory]
        [InlineData("{not json")]
        [InlineData("[1,2]")]
        [InlineData("{\"timeZone\":5}")]
        public async Task MalformedBodyIsInvalidArgument(string body)
        {
            await using var emulator = await TestEmulator.StartAsync();
            (await emulator.PostAsync($"{Datasets}?datasetId=x", body)).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("x")}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Theory]
        [InlineData("v1/projects/p1")]
        [InlineData("v1/projects/p1/locations/us-central1/datasets/d/fooStores")]
        [InlineData("v1")]
        [InlineData("")]
        [InlineData("v2/projects/p1/locations")]
        public async Task UnknownRoutesAreNotFoundEnvelopes(string path)
        {
            await using var emulator = await TestEmulator.StartAsync();
            (await emulator.GetAsync(path)).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task WrongMethodIsNotFoundEnvelope()
        {
            await using var emulator = await TestEmulator.StartAsync();
            (await emulator.PutAsync("v1/projects/p1/locations", "{}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.DeleteAsync(Datasets)).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task StandardQueryParametersAndAuthorizationAreIgnored()
        {
            await using var emulator = await TestEmulator.StartAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post,
                $"{Datasets}?datasetId=q&alt=json&prettyPrint=false&fields=name&key=abc&%24.xgafv=2&access_token=t");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ya29.fake");
            request.Headers.Add("x-goog-user-project", "quota-project");
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var reply = await emulator.SendAsync(request);
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("application/json", reply.MediaType);
        }

        [Fact]
        public async Task HealthEndpointAnswers()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var reply = await emulator.GetAsync("_emulator/health");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{\"status\":\"ok\"}", reply.Text);
            (await emulator.GetAsync("_emulator/nope")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task BaseUriIsLoopbackWithTrailingSlash()
        {
            await using var emulator = await TestEmulator.StartAsync();
            Assert.Equal("127.0.0.1", emulator.Host.BaseUri.Host);
            Assert.EndsWith("/", emulator.Host.BaseUri.AbsoluteUri);
            Assert.Matches(@"^HealthcareTools emulator listening on http://127\.0\.0\.1:\d+/ \(data: .+\)$", emulator.Host.ListeningLine);
        }
    }
}
