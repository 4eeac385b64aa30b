using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>An in-process emulator on a free loopback port with its own temporary data folder.</summary>
    internal sealed class TestEmulator : IAsyncDisposable
    {
        public const string Location = "projects/test-project/locations/us-central1";

        private readonly bool _ownsDirectory;

        private TestEmulator(EmulatorHost host, string dataDirectory, bool ownsDirectory)
        {
            Host = host;
            DataDirectory = dataDirectory;
            _ownsDirectory = ownsDirectory;
            Client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(15) };
        }

        public EmulatorHost Host { get; }
        public HttpClient Client { get; }
        public string DataDirectory { get; }

        public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "hct-emulator-tests", Guid.NewGuid().ToString("N"));

        public static async Task<TestEmulator> StartAsync(Action<EmulatorOptions> configure = null, string dataDirectory = null)
        {
            var options = new EmulatorOptions { Port = 0, DataDirectory = dataDirectory ?? NewDataDirectory(), Seed = 1234 };
            configure?.Invoke(options);
            var host = await EmulatorHost.StartAsync(options);
            return new TestEmulator(host, options.ResolveDataDirectory(), ownsDirectory: dataDirectory == null);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Host.StopAsync();
            if (_ownsDirectory)
            {
                try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
            }
        }

        public Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

        public Task<Reply> PostAsync(string path, string json = "{}") => SendAsync(HttpMethod.Post, path, json);

        public Task<Reply> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json);

        public Task<Reply> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

        public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

        public async Task<Reply> SendAsync(HttpMethod method, string path, string json)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            return await SendAsync(request);
        }

        public async Task<Reply> SendAsync(HttpRequestMessage request)
        {
            using var response = await Client.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            return new Reply(response.StatusCode, text, response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.Delta);
        }

        /// <summary>Creates a dataset and returns the create operation.</summary>
        public async Task<JsonObject> CreateDatasetAsync(string datasetId, string body = "{}")
        {
            var reply = await PostAsync($"v1/{Location}/datasets?datasetId={Uri.EscapeDataString(datasetId)}", body);
            reply.AssertStatus(HttpStatusCode.OK);
            return reply.Json;
        }

        public static string DatasetName(string datasetId) => $"{Location}/datasets/{datasetId}";
    }

    internal sealed class Reply
    {
        public Reply(HttpStatusCode status, string text, string mediaType, TimeSpan? retryAfter)
        {
            Status = status;
            Text = text;
            MediaType = mediaType;
            RetryAfter = retryAfter;
        }

        public HttpStatusCode Status { get; }
        public string Text { get; }
        public string MediaType { get; }
        public TimeSpan? RetryAfter { get; }

        public JsonObject Json => (JsonObject)JsonNode.Parse(Text);

        public void AssertStatus(HttpStatusCode expected)
        {
            Assert.True(Status == expected, $"Expected {(int)expected} but got {(int)Status}: {Text}");
        }

        /// <summary>Checks Google's error envelope and returns its message.</summary>
        public string AssertError(HttpStatusCode expected, string statusName)
        {
            AssertStatus(expected);
            Assert.Equal("application/json", MediaType);
            var error = Json["error"].AsObject();
            Assert.Equal((int)expected, (int)error["code"]);
            Assert.Equal(statusName, (string)error["status"]);
            string message = (string)error["message"];
            Assert.False(string.IsNullOrEmpty(message));
            return message;
        }
    }
}
