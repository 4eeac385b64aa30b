using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using SixLabors.ImageSharp;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class WadoCompressedAndDeleteTests
    {
        private const string JpegSample = "pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm";
        private const string JpegSop = "1.2.276.0.7230010.3.1.4.8323329.15150.1506363677.126194";
        private static readonly string RleInstance = $"{DicomWeb.Base}/studies/{Samples.MRStudy}/series/{Samples.MRSeries}/instances/{Samples.MRSop}";
        private static readonly string JpegInstance = $"{DicomWeb.Base}/studies/{Samples.RgbStudy}/series/{Samples.RgbSeries}/instances/{JpegSop}";

        [Fact]
        public async Task CompressedInstancesAreServedAsStoredOrRefused()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            (await DicomWeb.StowFilesAsync(emulator, Samples.MRRle, JpegSample)).Reply.AssertStatus(HttpStatusCode.OK);
            byte[] rle = Samples.Bytes(Samples.MRRle);

            var asStored = await Binary.GetAsync(emulator, RleInstance, "application/dicom; transfer-syntax=*");
            Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.5", asStored.ContentType);
            Assert.Equal(rle, asStored.Body);
            Assert.Equal(rle, (await Binary.GetAsync(emulator, RleInstance, "application/dicom; transfer-syntax=1.2.840.10008.1.2.5")).Body);
            // No syntax named: Google would decompress; the emulator cannot and serves the stored bytes.
            Assert.Equal(rle, (await Binary.GetAsync(emulator, RleInstance, "application/dicom")).Body);
            var refused = await Binary.GetAsync(emulator, RleInstance, "application/dicom; transfer-syntax=1.2.840.10008.1.2.1");
            Assert.Equal(HttpStatusCode.NotAcceptable, refused.Status);
            Assert.Contains("cannot transcode", System.Text.Encoding.UTF8.GetString(refused.Body));

            var frames = await Binary.GetAsync(emulator, $"{RleInstance}/frames/1", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
            Assert.Equal(HttpStatusCode.OK, frames.Status);
            var part = MultipartParser.Parse(frames.ContentType, frames.Body).Single();
            Assert.Equal("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.5", part.ContentType);
            Assert.Equal(2, System.BitConverter.ToInt32(part.Body, 0)); // RLE header: 16-bit grayscale = 2 byte-plane segments
            var fragments = (HealthcareTools.Client.Dicom.DicomFragmentSequence)HealthcareTools.Client.Dicom.DicomFile.Open(Samples.Path_(Samples.MRRle))
                .Dataset[HealthcareTools.Client.Dicom.DicomTag.PixelData];
            Assert.Equal(fragments.Fragments.Single(), part.Body);
            Assert.Equal(HttpStatusCode.NotAcceptable, (await Binary.GetAsync(emulator, $"{RleInstance}/frames/1", "multipart/related; type=\"application/octet-stream\"")).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await Binary.GetAsync(emulator, $"{RleInstance}/rendered", null)).Status);

            var jpegFrame = await Binary.GetAsync(emulator, $"{JpegInstance}/frames/1", "multipart/related; type=\"image/jpeg\"; transfer-syntax=1.2.840.10008.1.2.4.50");
            Assert.Equal(HttpStatusCode.OK, jpegFrame.Status);
            var jpegPart = MultipartParser.Parse(jpegFrame.ContentType, jpegFrame.Body).Single();
            Assert.Equal("image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50", jpegPart.ContentType);
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpegPart.Body.Take(2));

            var rendered = await Binary.GetAsync(emulator, $"{JpegInstance}/rendered", "image/png");
            Assert.Equal(HttpStatusCode.OK, rendered.Status);
            Assert.Equal(100, Image.Identify(rendered.Body).Width);
        }

        [Fact]
        public async Task DeleteStudySeriesAndInstance()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            string sop2 = Samples.CTSop + ".2", series2 = Samples.CTSeries + ".2";
            (await DicomWeb.StowAsync(emulator, "studies", new[]
            {
                ("application/dicom", Samples.Bytes(Samples.CT)),
                ("application/dicom", SampleVariants.Variant(Samples.CT, sop2, series2)),
                ("application/dicom", SampleVariants.Variant(Samples.CT, sop2 + "1", series2)),
                ("application/dicom", Samples.Bytes(Samples.MR)),
                ("application/dicom", Samples.Bytes(Samples.Rgb)),
            })).Reply.AssertStatus(HttpStatusCode.OK);
            var metrics = (await emulator.GetAsync($"v1/{DicomWeb.Store}:getDICOMStoreMetrics")).Json;
            Assert.Equal(DicomWeb.Store, (string)metrics["name"]);
            Assert.Equal("3", (string)metrics["studyCount"]);
            Assert.Equal("4", (string)metrics["seriesCount"]);
            Assert.Equal("5", (string)metrics["instanceCount"]);
            Assert.True(long.Parse((string)metrics["blobStorageSizeBytes"]) > 39206);
            var studyMetrics = (await emulator.GetAsync($"{DicomWeb.Base}/studies/{Samples.CTStudy}:getStudyMetrics")).Json;
            Assert.Equal($"{DicomWeb.Store}/dicomWeb/studies/{Samples.CTStudy}", (string)studyMetrics["study"]);
            Assert.Equal("2", (string)studyMetrics["seriesCount"]);
            Assert.Equal("3", (string)studyMetrics["instanceCount"]);
            var seriesMetrics = (await emulator.GetAsync($"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{series2}:getSeriesMetrics")).Json;
            Assert.Equal("2", (string)seriesMetrics["instanceCount"]);
            (await emulator.GetAsync($"{DicomWeb.Base}/studies/1.2.3:getStudyMetrics")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");

            string files = Path.Combine(emulator.DataDirectory, "dicom");
            int FileCount() => Directory.EnumerateFiles(files, "*.dcm", SearchOption.AllDirectories).Count();
            Assert.Equal(5, FileCount());

            // Instance: empty 200.
            var instance = await emulator.DeleteAsync($"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{series2}/instances/{sop2}1");
            instance.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{}", instance.Text);
            Assert.Equal(4, FileCount());
            (await emulator.DeleteAsync($"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{series2}/instances/{sop2}1")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");

            // Series: a finished operation.
            var series = await emulator.DeleteAsync($"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{series2}");
            series.AssertStatus(HttpStatusCode.OK);
            Assert.True((bool)series.Json["done"]);
            Assert.StartsWith($"{TestEmulator.DatasetName("ds")}/operations/", (string)series.Json["name"]);
            Assert.Equal("google.cloud.healthcare.v1.dicomweb.DicomWebService.DeleteSeries", (string)series.Json["metadata"]["apiMethodName"]);
            Assert.Equal("type.googleapis.com/google.protobuf.Empty", (string)series.Json["response"]["@type"]);
            Assert.Equal(3, FileCount());
            Assert.Single(await DicomWeb.QidoAsync(emulator, $"studies/{Samples.CTStudy}/series"));
            (await emulator.GetAsync($"v1/{series.Json["name"]}")).AssertStatus(HttpStatusCode.OK);

            // Study, with a non-zero operation duration: not done yet, but the data is gone at once.
            emulator.Host.Runtime.OperationSettings.DurationMs = 60_000;
            var study = await emulator.DeleteAsync($"{DicomWeb.Base}/studies/{Samples.CTStudy}");
            study.AssertStatus(HttpStatusCode.OK);
            Assert.Null(study.Json["done"]);
            Assert.Equal("google.cloud.healthcare.v1.dicomweb.DicomWebService.DeleteStudy", (string)study.Json["metadata"]["apiMethodName"]);
            Assert.Empty(await DicomWeb.QidoAsync(emulator, $"studies?StudyInstanceUID={Samples.CTStudy}"));
            Assert.Equal(HttpStatusCode.NotFound, (await Binary.GetAsync(emulator, $"{DicomWeb.Base}/studies/{Samples.CTStudy}", null)).Status);
            Assert.Equal(2, FileCount());
            (await emulator.DeleteAsync($"{DicomWeb.Base}/studies/{Samples.CTStudy}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");

            // The instance can be stored again after its deletion.
            (await DicomWeb.StowFilesAsync(emulator, Samples.CT)).Reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(Samples.Bytes(Samples.CT), (await Binary.GetAsync(emulator,
                $"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{Samples.CTSeries}/instances/{Samples.CTSop}", "application/dicom; transfer-syntax=*")).Body);

            // Deleting the store, then the dataset, removes every file.
            (await emulator.DeleteAsync($"v1/{DicomWeb.Store}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(0, FileCount());
            (await emulator.PostAsync($"v1/{TestEmulator.DatasetName("ds")}/dicomStores?dicomStoreId=dicom")).AssertStatus(HttpStatusCode.OK);
            Assert.Empty(await DicomWeb.QidoAsync(emulator, "instances"));
            (await DicomWeb.StowFilesAsync(emulator, Samples.MR)).Reply.AssertStatus(HttpStatusCode.OK);
            (await emulator.DeleteAsync($"v1/{TestEmulator.DatasetName("ds")}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(0, FileCount());
        }

        [Fact]
        public async Task RestartKeepsStoredBytes()
        {
            string folder = TestEmulator.NewDataDirectory();
            try
            {
                await using (var first = await DicomWeb.StartWithStoreAsync(folder))
                {
                    (await DicomWeb.StowFilesAsync(first, Samples.CT, Samples.MRRle)).Reply.AssertStatus(HttpStatusCode.OK);
                }
                await using var second = await TestEmulator.StartAsync(dataDirectory: folder);
                var reply = await Binary.GetAsync(second, $"{DicomWeb.Base}/studies/{Samples.MRStudy}", "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
                Assert.Equal(Samples.Bytes(Samples.MRRle), MultipartParser.Parse(reply.ContentType, reply.Body).Single().Body);
                Assert.Equal(Samples.Bytes(Samples.CT), (await Binary.GetAsync(second,
                    $"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{Samples.CTSeries}/instances/{Samples.CTSop}", "application/dicom; transfer-syntax=*")).Body);
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }
    }
}
