using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Endpoints;
using HealthcareTools.Emulator.Operations;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>dicomStores.import from the emulated Cloud Storage: globs, duplicates, failures, counters.</summary>
    public sealed class DicomImportTests
    {
        private const string Method = DicomBulkEndpoints.ImportMethodName;

        /// <summary>in/ct.dcm, in/mr.dcm, in/sub/rgb.dcm, in/sub/deep/french.dcm, in/readme.txt (not DICOM), other/implicit.dcm.</summary>
        private static async Task<TestEmulator> StartWithObjectsAsync()
        {
            var emulator = await DicomWeb.StartWithStoreAsync();
            var client = await BulkOps.StartBucketAsync(emulator);
            await BulkOps.UploadSampleAsync(client, "in/ct.dcm", Samples.CT);
            await BulkOps.UploadSampleAsync(client, "in/mr.dcm", Samples.MR);
            await BulkOps.UploadSampleAsync(client, "in/sub/rgb.dcm", Samples.Rgb);
            await BulkOps.UploadSampleAsync(client, "in/sub/deep/french.dcm", Samples.French);
            await BulkOps.UploadAsync(client, "in/readme.txt", Encoding.UTF8.GetBytes("not a DICOM file, just some text that is long enough to pass 132 bytes ......................................................................"));
            await BulkOps.UploadSampleAsync(client, "other/implicit.dcm", Samples.Phantom);
            return emulator;
        }

        private static async Task<string[]> StoredSopsAsync(TestEmulator emulator)
        {
            var instances = await DicomWeb.QidoAsync(emulator, "instances");
            return instances.Select(i => DicomWeb.Str(i, "00080018")).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        }

        private static string[] Sops(params string[] samples) =>
            samples.Select(s => BulkOps.Uids(s).Sop).OrderBy(s => s, StringComparer.Ordinal).ToArray();

        [Theory]
        [InlineData("gs://bulk-bucket/in/*.dcm", new[] { Samples.CT, Samples.MR }, 0)]
        [InlineData("gs://bulk-bucket/in/**.dcm", new[] { Samples.CT, Samples.MR, Samples.Rgb, Samples.French }, 0)]
        [InlineData("gs://bulk-bucket/in/**", new[] { Samples.CT, Samples.MR, Samples.Rgb, Samples.French }, 1)]
        [InlineData("gs://bulk-bucket/in/*", new[] { Samples.CT, Samples.MR }, 1)]
        [InlineData("gs://bulk-bucket/in/?t.dcm", new[] { Samples.CT }, 0)]
        [InlineData("gs://bulk-bucket/in/sub/*/*.dcm", new[] { Samples.French }, 0)]
        [InlineData("gs://bulk-bucket/in/mr.dcm", new[] { Samples.MR }, 0)]
        [InlineData("gs://bulk-bucket/**", new[] { Samples.CT, Samples.MR, Samples.Rgb, Samples.French, Samples.Phantom }, 1)]
        public async Task GlobSelectsObjectsAndCountsNonDicomAsFailures(string uri, string[] expected, int failures)
        {
            await using var emulator = await StartWithObjectsAsync();
            var operation = await BulkOps.ImportAsync(emulator, uri);
            var (success, failure) = BulkOps.AssertSucceeded(operation, Method);
            Assert.Equal(expected.Length, success);
            Assert.Equal(failures, failure);
            Assert.Equal(Sops(expected), await StoredSopsAsync(emulator));
            Assert.StartsWith($"{TestEmulator.DatasetName("ds")}/operations/", (string)operation["name"]);

            // The operation reads back the same.
            var again = await BulkOps.GetJsonAsync(emulator, "v1/" + (string)operation["name"]);
            Assert.Equal(operation["metadata"]["counter"].ToJsonString(), again["metadata"]["counter"].ToJsonString());
        }

        [Fact]
        public async Task ImportedInstancesAreIndexedAndServedLikeStowedOnes()
        {
            await using var emulator = await StartWithObjectsAsync();
            BulkOps.AssertSucceeded(await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/in/*.dcm"), Method);

            var studies = await DicomWeb.QidoAsync(emulator, $"studies?StudyInstanceUID={Samples.CTStudy}");
            Assert.Single(studies);
            var ct = BulkOps.Uids(Samples.CT);
            var series = await DicomWeb.QidoAsync(emulator, $"studies/{ct.Study}/series?Modality=CT");
            Assert.Single(series);

            using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, $"{DicomWeb.Base}/studies/{ct.Study}/series/{ct.Series}/instances/{ct.Sop}");
            request.Headers.TryAddWithoutValidation("Accept", "application/dicom; transfer-syntax=*");
            using var response = await emulator.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Samples.Bytes(Samples.CT), await response.Content.ReadAsByteArrayAsync());

            var metrics = await BulkOps.GetJsonAsync(emulator, $"{BulkOps.StorePath()}:getDICOMStoreMetrics");
            Assert.Equal("2", (string)metrics["instanceCount"]);
        }

        [Fact]
        public async Task ExistingInstancesAreKeptAndCountAsSuccess()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var client = await BulkOps.StartBucketAsync(emulator);
            // A variant with the CT's UIDs but a different body: the stored original must be kept.
            byte[] changed = SampleVariants.Variant(Samples.CT, Samples.CTSop);
            Assert.NotEqual(Samples.Bytes(Samples.CT), changed);
            await BulkOps.UploadAsync(client, "dup/a-ct-copy.dcm", changed);
            await BulkOps.UploadSampleAsync(client, "dup/b-ct.dcm", Samples.CT);
            await BulkOps.UploadSampleAsync(client, "dup/c-mr.dcm", Samples.MR);

            Assert.Equal(HttpStatusCode.OK, (await DicomWeb.StowFilesAsync(emulator, Samples.CT)).Status);
            var (success, failure) = BulkOps.AssertSucceeded(await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/dup/*"), Method);
            Assert.Equal(3, success);
            Assert.Equal(0, failure);
            Assert.Equal(Sops(Samples.CT, Samples.MR), await StoredSopsAsync(emulator));

            // Importing everything again changes nothing and still succeeds.
            (success, failure) = BulkOps.AssertSucceeded(await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/dup/**"), Method);
            Assert.Equal((3, 0), (success, failure));
            var metrics = await BulkOps.GetJsonAsync(emulator, $"{BulkOps.StorePath()}:getDICOMStoreMetrics");
            Assert.Equal("2", (string)metrics["instanceCount"]);

            using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, $"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{Samples.CTSeries}/instances/{Samples.CTSop}");
            request.Headers.TryAddWithoutValidation("Accept", "application/dicom; transfer-syntax=*");
            using var response = await emulator.Client.SendAsync(request);
            Assert.Equal(Samples.Bytes(Samples.CT), await response.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task AllFailingObjectsStillEndInSuccessWithFailureCounter()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var client = await BulkOps.StartBucketAsync(emulator);
            await BulkOps.UploadAsync(client, "bad/one.dcm", new byte[10]);
            await BulkOps.UploadAsync(client, "bad/two.dcm", new byte[300]);
            var (success, failure) = BulkOps.AssertSucceeded(await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/bad/*.dcm"), Method);
            Assert.Equal((0, 2), (success, failure));
            Assert.Empty(await StoredSopsAsync(emulator));
        }

        [Fact]
        public async Task MissingBucketOrNoMatchEndsTheOperationWithNotFound()
        {
            await using var emulator = await StartWithObjectsAsync();
            Assert.Equal(5, BulkOps.AssertFailed(await BulkOps.ImportAsync(emulator, "gs://no-such-bucket/**")));
            Assert.Equal(5, BulkOps.AssertFailed(await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/nothing/*.dcm")));
            Assert.Empty(await StoredSopsAsync(emulator));
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"gcsSource\":{}}")]
        [InlineData("{\"gcsSource\":{\"uri\":\"https://bulk-bucket/x\"}}")]
        [InlineData("{\"gcsSource\":{\"uri\":\"gs://bulk-bucket\"}}")]
        [InlineData("{\"gcsSource\":{\"uri\":\"gs://bulk-bucket/**/x.dcm\"}}")]
        [InlineData("{\"gcsSource\":{\"uri\":\"gs://bulk-*/x.dcm\"}}")]
        [InlineData("{\"gcsSource\":{\"uri\":\"gs://bulk-bucket/x\"},\"bogus\":1}")]
        public async Task InvalidRequestsAre400(string body)
        {
            await using var emulator = await StartWithObjectsAsync();
            (await emulator.PostAsync($"{BulkOps.StorePath()}:import", body)).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task MissingStoreIs404()
        {
            await using var emulator = await StartWithObjectsAsync();
            (await emulator.PostAsync($"{BulkOps.StorePath("nope")}:import", "{\"gcsSource\":{\"uri\":\"gs://bulk-bucket/**\"}}"))
                .AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task CountersProgressOverTheOperationDuration()
        {
            await using var emulator = await StartWithObjectsAsync();
            emulator.Host.Runtime.OperationSettings.DurationMs = 60_000;
            var operation = await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/in/**");
            Assert.Null(operation["done"]);
            long success = BulkOps.Counter(operation, "success"), failure = BulkOps.Counter(operation, "failure"), pending = BulkOps.Counter(operation, "pending");
            Assert.Equal(5, success + failure + pending);
            Assert.True(pending > 0);

            string name = (string)operation["name"];
            var stored = await emulator.Host.Runtime.Database.ReadAsync(s => s.Resources.Get(name));
            var half = OperationService.Render(stored, stored.CreateTime.AddSeconds(30));
            Assert.Equal("2", (string)half["metadata"]["counter"]["success"]);
            Assert.Null(half["metadata"]["counter"]["failure"]);
            Assert.Equal("3", (string)half["metadata"]["counter"]["pending"]);
            var end = OperationService.Render(stored, stored.CreateTime.AddSeconds(61));
            Assert.Equal((4, 1), BulkOps.AssertSucceeded(end, Method));
            Assert.NotNull(end["metadata"]["endTime"]);
        }
    }
}
