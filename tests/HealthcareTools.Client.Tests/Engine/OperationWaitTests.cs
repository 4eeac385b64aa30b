using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Names;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class OperationWaitTests
    {
        private static readonly OperationName Name = OperationName.Parse("projects/my-project/locations/us/datasets/d/operations/77");
        private static readonly OperationWaitOptions Fast = new OperationWaitOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(5),
            Multiplier = 2,
            MaxDelay = TimeSpan.FromMilliseconds(20),
        };

        private static Reply Running(long success, long pending) => Reply.Json(
            "{\"name\":\"" + Name + "\",\"metadata\":{\"@type\":\"type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata\"," +
            "\"apiMethodName\":\"google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData\"," +
            "\"createTime\":\"2024-01-02T03:04:05.123456789Z\",\"counter\":{\"success\":\"" + success + "\",\"pending\":\"" + pending + "\"}}}");

        [Fact]
        public async Task PollsUntilDoneAndReportsProgress()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Running(1, 9), Running(5, 5), Reply.Json(
                    "{\"name\":\"" + Name + "\",\"done\":true,\"metadata\":{\"endTime\":\"2024-01-02T03:05:00Z\",\"counter\":{\"success\":\"10\",\"failure\":\"2\"},\"logsUrl\":\"https://console\"}," +
                    "\"response\":{\"@type\":\"type.googleapis.com/google.cloud.healthcare.v1.dicom.ImportDicomDataResponse\"}}"));
                var seen = new ConcurrentQueue<long>();

                var final = await test.Client.WaitForOperationAsync(Name, Fast, op => seen.Enqueue(op.Metadata.Counter.Success), CancellationToken.None);

                Assert.True(final.Done);
                Assert.Equal(new long[] { 1, 5, 10 }, seen.ToArray());
                Assert.Equal(2, final.Metadata.Counter.Failure);
                Assert.Equal("https://console", final.Metadata.LogsUrl);
                Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 5, 0, TimeSpan.Zero), final.Metadata.EndTime);
                Assert.Equal("type.googleapis.com/google.cloud.healthcare.v1.dicom.ImportDicomDataResponse", final.ResponseType);
                Assert.All(server.Requests, r => Assert.Equal("/v1/" + Name, r.PathAndQuery));
            }
        }

        [Fact]
        public async Task ParsesNanosecondTimestampsAndInt64Strings()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Running(9007199254740993, 0));
                var operation = await test.Client.GetOperationAsync(Name, CancellationToken.None);
                Assert.Equal(9007199254740993, operation.Metadata.Counter.Success);
                Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567), operation.Metadata.CreateTime);
                Assert.Equal("google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData", operation.Metadata.ApiMethodName);
            }
        }

        [Fact]
        public async Task FailedOperationIsReturnedAndThrowIfFailedMapsIt()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json("{\"name\":\"" + Name + "\",\"done\":true,\"error\":{\"code\":1,\"message\":\"Operation was cancelled\"}}"));
                var final = await test.Client.WaitForOperationAsync(Name, Fast, null, CancellationToken.None);
                Assert.Equal(1, final.Error.Code);
                Assert.Equal("CANCELLED", final.Error.Status);
                var error = Assert.Throws<HealthcareApiException>(() => OperationResults.ThrowIfFailed(final));
                Assert.Equal(499, error.HttpStatus);
                Assert.Equal("CANCELLED", error.Status);
            }
        }

        [Fact]
        public async Task TimeoutNamesTheOperation()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Running(0, 1));
                var options = new OperationWaitOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMilliseconds(150) };
                var clock = Stopwatch.StartNew();
                var error = await Assert.ThrowsAsync<TimeoutException>(() => test.Client.WaitForOperationAsync(Name, options, null, CancellationToken.None));
                Assert.Contains(Name.ToString(), error.Message);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
            }
        }

        [Fact]
        public async Task CancellationStopsWaiting()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            using (var cancel = new CancellationTokenSource())
            {
                server.Script(Running(0, 1));
                var options = new OperationWaitOptions { InitialDelay = TimeSpan.FromSeconds(30) };
                var polls = 0;
                var wait = test.Client.WaitForOperationAsync(Name, options, _ => { if (Interlocked.Increment(ref polls) == 1) cancel.CancelAfter(50); }, cancel.Token);
                var clock = Stopwatch.StartNew();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
                Assert.Equal(1, polls);
            }
        }

        [Fact]
        public async Task CancelOperationPostsAnEmptyBody()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json("{}"));
                await test.Client.CancelOperationAsync(Name, CancellationToken.None);
                var request = Assert.Single(server.Requests);
                Assert.Equal("POST", request.Method);
                Assert.Equal("/v1/" + Name + ":cancel", request.PathAndQuery);
                Assert.Equal("{}", request.Body);
            }
        }
    }
}
