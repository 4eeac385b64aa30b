using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Http;
using HealthcareTools.Client.Http;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class RetryTests
    {
        private static readonly DatasetName Dataset = new DatasetName("my-project", "us", "ds");
        private const string DatasetJson = "{\"name\":\"projects/my-project/locations/us/datasets/ds\",\"timeZone\":\"UTC\"}";

        [Theory]
        [InlineData(429)]
        [InlineData(503)]
        [InlineData(408)]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(504)]
        [InlineData(425)]
        public async Task TransientStatusWithRetryAfterThenSuccess(int status)
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Error(status, "UNAVAILABLE", "slow down").WithHeader("Retry-After", "0"), Reply.Json(DatasetJson));
                var dataset = await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                Assert.Equal("UTC", dataset.TimeZone);
                Assert.Equal(2, server.Requests.Count);
                Assert.Contains(test.Log, line => line.Contains("HTTP " + status) && line.Contains("retry 1"));
            }
        }

        [Fact]
        public async Task BadRequestIsNotRetried()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Error(400, "INVALID_ARGUMENT", "bad mask"));
                var error = await Assert.ThrowsAsync<HealthcareApiException>(() => test.Client.GetDatasetAsync(Dataset, CancellationToken.None));
                Assert.Equal(400, error.HttpStatus);
                Assert.Equal("INVALID_ARGUMENT", error.Status);
                Assert.Equal(Dataset.ToString(), error.ResourceName);
                Assert.Single(server.Requests);
            }
        }

        [Fact]
        public async Task NotFoundIsAnApiExceptionWith404()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Error(404, "NOT_FOUND", "no such dataset"));
                var error = await Assert.ThrowsAsync<HealthcareApiException>(() => test.Client.GetDatasetAsync(Dataset, CancellationToken.None));
                Assert.Equal(404, error.HttpStatus);
                Assert.Single(server.Requests);
            }
        }

        [Fact]
        public async Task AttemptsAreBounded()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server, configure: o => o.MaxAttempts = 3))
            {
                server.Script(Reply.Error(503, "UNAVAILABLE", "down"));
                var error = await Assert.ThrowsAsync<HealthcareApiException>(() => test.Client.GetDatasetAsync(Dataset, CancellationToken.None));
                Assert.Equal(503, error.HttpStatus);
                Assert.Equal(3, server.Requests.Count);
                Assert.Contains(test.Log, line => line.Contains("giving up after 3"));
            }
        }

        [Fact]
        public async Task NetworkErrorIsRetriedForGet()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Dropped(), Reply.Json(DatasetJson));
                var dataset = await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                Assert.Equal(Dataset.ToString(), dataset.Name);
                Assert.Equal(2, server.Requests.Count);
            }
        }

        [Fact]
        public async Task NetworkErrorIsNotRetriedForAnUnsafePost()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Dropped(), Reply.Json("{\"etag\":\"BwX=\"}"));
                // setIamPolicy without an etag would overwrite blindly if repeated: not retried.
                var policy = new IamPolicy { Version = 1 };
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => test.Client.SetIamPolicyAsync(Dataset.ToString(), policy, null, CancellationToken.None));
                Assert.Single(server.Requests);
                Assert.Contains(test.Log, line => line.Contains("not retried"));
            }
        }

        [Fact]
        public async Task NetworkErrorIsRetriedForAPostMarkedSafe()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Dropped(), Reply.Json("{\"etag\":\"BwY=\"}"));
                var policy = new IamPolicy { Version = 1, Etag = "BwX=" };
                var result = await test.Client.SetIamPolicyAsync(Dataset.ToString(), policy, null, CancellationToken.None);
                Assert.Equal("BwY=", result.Etag);
                Assert.Equal(2, server.Requests.Count);
            }
        }

        [Fact]
        public async Task SlowAttemptTimesOutAndIsRetried()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server, configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(150)))
            {
                server.Script(new Reply { Body = DatasetJson, Delay = TimeSpan.FromSeconds(2) }, Reply.Json(DatasetJson));
                var dataset = await test.Client.GetDatasetAsync(Dataset, CancellationToken.None);
                Assert.Equal("UTC", dataset.TimeZone);
                Assert.Contains(test.Log, line => line.Contains("TimeoutException"));
            }
        }

        [Fact]
        public async Task TimedOutUnsafePostIsNotRepeated()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server, configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(100)))
            {
                server.Script(new Reply { Body = "{}", Delay = TimeSpan.FromSeconds(2) });
                await Assert.ThrowsAsync<TimeoutException>(() =>
                    test.Client.SetIamPolicyAsync(Dataset.ToString(), new IamPolicy(), null, CancellationToken.None));
                Assert.Single(server.Requests);
            }
        }

        [Fact]
        public async Task CancellationInterruptsTheBackOffSleep()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server, configure: o =>
            {
                o.InitialBackOff = TimeSpan.FromSeconds(30);
                o.MaxBackOff = TimeSpan.FromSeconds(30);
            }))
            using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            {
                server.Script(Reply.Error(503, "UNAVAILABLE", "down"));
                var clock = Stopwatch.StartNew();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => test.Client.GetDatasetAsync(Dataset, cancel.Token));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
                Assert.Single(server.Requests);
            }
        }

        [Fact]
        public async Task AlreadyCancelledTokenSendsNothing()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => test.Client.GetDatasetAsync(Dataset, new CancellationToken(true)));
                Assert.Empty(server.Requests);
            }
        }

        [Fact]
        public async Task RetryAfterWinsWhenLongerThanTheBackOff()
        {
            var waits = new System.Collections.Generic.List<TimeSpan>();
            var handler = new RetryHandler(new JitteredBackOff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), 5), null,
                (delay, token) => { waits.Add(delay); return Task.CompletedTask; });

            var seconds = Args(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));
            Assert.True(await handler.HandleResponseAsync(seconds));
            var date = Args(HttpStatusCode.ServiceUnavailable, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30)));
            Assert.True(await handler.HandleResponseAsync(date));
            var shorter = Args(HttpStatusCode.ServiceUnavailable, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero));
            Assert.True(await handler.HandleResponseAsync(shorter));
            var huge = Args(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(2)));
            Assert.False(await handler.HandleResponseAsync(huge));

            Assert.Equal(TimeSpan.FromSeconds(7), waits[0]);
            Assert.InRange(waits[1].TotalSeconds, 25, 31);
            Assert.InRange(waits[2].TotalMilliseconds, 5, 10);
            Assert.Equal(3, waits.Count);
        }

        [Fact]
        public void BackOffGrowsWithJitterAndIsCapped()
        {
            var backOff = new JitteredBackOff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1000), 10);
            for (var i = 0; i < 50; i++)
            {
                Assert.InRange(backOff.GetNextBackOff(1).TotalMilliseconds, 50, 100);
                Assert.InRange(backOff.GetNextBackOff(3).TotalMilliseconds, 200, 400);
                Assert.InRange(backOff.GetNextBackOff(10).TotalMilliseconds, 500, 1000);
            }
            var distinct = Enumerable.Range(0, 20).Select(_ => backOff.GetNextBackOff(2)).Distinct().Count();
            Assert.True(distinct > 1, "back-off has no jitter");
        }

        private static HandleUnsuccessfulResponseArgs Args(HttpStatusCode status, Action<HttpResponseMessage> configure)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/v1/x");
            var response = new HttpResponseMessage(status) { RequestMessage = request };
            configure(response);
            return new HandleUnsuccessfulResponseArgs { Request = request, Response = response, TotalTries = 5, CurrentFailedTry = 1 };
        }
    }
}
