using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;
using Newtonsoft.Json.Linq;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class DatasetCreateTests
    {
        private static readonly LocationName Parent = new LocationName("my-project", "us-central1");
        private const string DatasetPath = "/v1/projects/my-project/locations/us-central1/datasets/ds1";

        [Fact]
        public async Task CreateSendsDatasetIdAndBodyAndReturnsTheOperation()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json("{\"name\":\"projects/my-project/locations/us-central1/datasets/ds1/operations/42\",\"metadata\":{\"apiMethodName\":\"CreateDataset\"}}"));
                var operation = await test.Client.CreateDatasetAsync(Parent, "ds1", new Dataset { TimeZone = "Europe/Paris", KmsKeyName = "k" }, CancellationToken.None);

                Assert.Equal("projects/my-project/locations/us-central1/datasets/ds1/operations/42", operation.Name);
                Assert.False(operation.Done);
                var request = Assert.Single(server.Requests);
                Assert.Equal("POST", request.Method);
                Assert.Equal("/v1/projects/my-project/locations/us-central1/datasets?datasetId=ds1", request.PathAndQuery);
                var body = JObject.Parse(request.Body);
                Assert.Equal("Europe/Paris", (string)body["timeZone"]);
                Assert.Equal("k", (string)body["encryptionSpec"]["kmsKeyName"]);
                Assert.Null(body["name"]);
            }
        }

        [Fact]
        public async Task LostResponseThenAlreadyExistsReadsTheDatasetBack()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                var posts = 0;
                server.Handler = request =>
                {
                    if (request.Method == "GET" && request.Path == DatasetPath)
                    {
                        return Reply.Json("{\"name\":\"projects/my-project/locations/us-central1/datasets/ds1\",\"timeZone\":\"UTC\"}");
                    }
                    // The first create reaches the server, which creates the dataset, but the answer is lost.
                    return Interlocked.Increment(ref posts) == 1
                        ? Reply.Dropped()
                        : Reply.Error(409, "ALREADY_EXISTS", "already exists");
                };

                var operation = await test.Client.CreateDatasetAsync(Parent, "ds1", new Dataset(), CancellationToken.None);

                Assert.True(operation.Done);
                Assert.Null(operation.Name);
                Assert.Null(operation.Error);
                var response = JObject.Parse(operation.ResponseJson);
                Assert.Equal("projects/my-project/locations/us-central1/datasets/ds1", (string)response["name"]);
                Assert.Equal("type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset", operation.ResponseType);
                Assert.Equal(new[] { "POST", "POST", "GET" }, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(server.Requests, r => r.Method)));
            }
        }

        [Fact]
        public async Task FirstAttemptConflictIsARealError()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Error(409, "ALREADY_EXISTS", "Dataset already exists"));
                var error = await Assert.ThrowsAsync<HealthcareApiException>(() =>
                    test.Client.CreateDatasetAsync(Parent, "ds1", new Dataset(), CancellationToken.None));
                Assert.Equal(409, error.HttpStatus);
                Assert.Equal("ALREADY_EXISTS", error.Status);
                Assert.Equal("projects/my-project/locations/us-central1/datasets/ds1", error.ResourceName);
                Assert.Single(server.Requests);
            }
        }

        [Fact]
        public async Task ConflictAfterATooManyRequestsRefusalIsARealError()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                // 429 proves the first attempt was refused, so a following 409 is somebody else's dataset.
                server.Script(Reply.Error(429, "RESOURCE_EXHAUSTED", "quota").WithHeader("Retry-After", "0"), Reply.Error(409, "ALREADY_EXISTS", "exists"));
                await Assert.ThrowsAsync<HealthcareApiException>(() => test.Client.CreateDatasetAsync(Parent, "ds1", new Dataset(), CancellationToken.None));
                Assert.Equal(2, server.Requests.Count);
            }
        }

        [Fact]
        public async Task InvalidDatasetIdFailsBeforeAnyRequest()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                var error = await Assert.ThrowsAsync<System.ArgumentException>(() => test.Client.CreateDatasetAsync(Parent, "bad id", new Dataset(), CancellationToken.None));
                Assert.Contains("dataset ID", error.Message);
                Assert.Empty(server.Requests);
            }
        }

        [Fact]
        public async Task PatchSendsTheMaskAndDeleteUsesTheName()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                var name = new DatasetName("my-project", "us-central1", "ds1");
                server.Script(Reply.Json("{\"name\":\"projects/my-project/locations/us-central1/datasets/ds1\",\"timeZone\":\"America/New_York\"}"), Reply.Json("{}"));
                var patched = await test.Client.PatchDatasetAsync(name, new Dataset { TimeZone = "America/New_York" }, "timeZone", CancellationToken.None);
                await test.Client.DeleteDatasetAsync(name, CancellationToken.None);

                Assert.Equal("America/New_York", patched.TimeZone);
                Assert.Equal("PATCH", server.Requests[0].Method);
                Assert.Equal(DatasetPath + "?updateMask=timeZone", server.Requests[0].PathAndQuery);
                Assert.Equal("DELETE", server.Requests[1].Method);
                Assert.Equal(DatasetPath, server.Requests[1].PathAndQuery);
                await Assert.ThrowsAsync<System.ArgumentException>(() => test.Client.PatchDatasetAsync(name, new Dataset(), "", CancellationToken.None));
            }
        }
    }
}
