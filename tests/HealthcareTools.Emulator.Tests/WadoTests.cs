using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using SixLabors.ImageSharp;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class WadoFixture : IAsyncLifetime
    {
        public const string Sop2 = Samples.CTSop + ".2";
        public const string Sop3 = Samples.CTSop + ".3";
        public const string OtherSeries = Samples.CTSeries + ".9";

        internal TestEmulator Emulator { get; private set; }
        internal byte[] Variant2 { get; private set; }
        internal byte[] Variant3 { get; private set; }

        public async Task InitializeAsync()
        {
            Emulator = await DicomWeb.StartWithStoreAsync();
            Variant2 = SampleVariants.Variant(Samples.CT, Sop2);
            Variant3 = SampleVariants.Variant(Samples.CT, Sop3, OtherSeries);
            var reply = await DicomWeb.StowAsync(Emulator, "studies", new[]
            {
                ("application/dicom", Samples.Bytes(Samples.CT)),
                ("application/dicom", Variant2),
                ("application/dicom", Variant3),
                ("application/dicom", Samples.Bytes(Samples.MRImplicit)),
                ("application/dicom", Samples.Bytes(Samples.Rgb)),
                ("application/dicom", Samples.Bytes(Samples.MultiFrame)),
            });
            reply.Reply.AssertStatus(HttpStatusCode.OK);
        }

        public async Task DisposeAsync() => await Emulator.DisposeAsync();
    }

    public sealed class WadoTests : IClassFixture<WadoFixture>
    {
        private const string AnySyntax = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
        private static readonly string CTInstance = $"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{Samples.CTSeries}/instances/{Samples.CTSop}";
        private static readonly string MRInstance = $"{DicomWeb.Base}/studies/{Samples.MRStudy}/series/{Samples.MRSeries}/instances/{Samples.MRSop}";
        private static readonly string RgbInstance = $"{DicomWeb.Base}/studies/{Samples.RgbStudy}/series/{Samples.RgbSeries}/instances/{Samples.RgbSop}";
        private static readonly string MultiFrameInstance = $"{DicomWeb.Base}/studies/{Samples.MultiFrameStudy}/series/{Samples.MultiFrameSeries}/instances/{Samples.MultiFrameSop}";

        private readonly WadoFixture _fixture;
        private readonly TestEmulator _emulator;

        public WadoTests(WadoFixture fixture)
        {
            _fixture = fixture;
            _emulator = fixture.Emulator;
        }

        private Task<Binary> Get(string path, string accept) => Binary.GetAsync(_emulator, path, accept);

        [Fact]
        public async Task StudyRetrieveIsByteIdenticalMultipart()
        {
            var reply = await Get($"{DicomWeb.Base}/studies/{Samples.CTStudy}", AnySyntax);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.StartsWith("multipart/related", reply.ContentType);
            Assert.Contains("type=\"application/dicom\"", reply.ContentType);
            Assert.Equal(reply.Body.Length, reply.ContentLength);
            var parts = MultipartParser.Parse(reply.ContentType, reply.Body);
            Assert.Equal(3, parts.Count);
            Assert.All(parts, p => Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", p.ContentType));
            Assert.Equal(Samples.Bytes(Samples.CT), parts[0].Body);
            Assert.Equal(_fixture.Variant2, parts[1].Body);
            Assert.Equal(_fixture.Variant3, parts[2].Body);

            var series = MultipartParser.Parse((await Get($"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/{WadoFixture.OtherSeries}", AnySyntax)) is var s ? s.ContentType : null, s.Body);
            Assert.Equal(_fixture.Variant3, series.Single().Body);
        }

        [Fact]
        public async Task InstanceRetrieveSingleAndMultipart()
        {
            var single = await Get(CTInstance, "application/dicom; transfer-syntax=*");
            Assert.Equal(HttpStatusCode.OK, single.Status);
            Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", single.ContentType);
            Assert.Equal(Samples.Bytes(Samples.CT), single.Body);

            var multipart = await Get(CTInstance, AnySyntax);
            Assert.Equal(Samples.Bytes(Samples.CT), MultipartParser.Parse(multipart.ContentType, multipart.Body).Single().Body);

            // The stored syntax by name is the stored bytes too.
            var named = await Get(MRInstance, "application/dicom; transfer-syntax=1.2.840.10008.1.2");
            Assert.Equal(Samples.Bytes(Samples.MRImplicit), named.Body);
        }

        [Fact]
        public async Task DefaultSyntaxTranscodesNativeFilesToExplicitLittleEndian()
        {
            foreach (string accept in new[] { null, "multipart/related; type=\"application/dicom\"", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1" })
            {
                var reply = await Get(MRInstance, accept);
                Assert.Equal(HttpStatusCode.OK, reply.Status);
                var part = MultipartParser.Parse(reply.ContentType, reply.Body).Single();
                Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", part.ContentType);
                var file = DicomFile.Open(new MemoryStream(part.Body));
                Assert.Equal("1.2.840.10008.1.2.1", file.TransferSyntaxUID);
                Assert.Equal(Samples.MRSop, file.Dataset.GetString("SOPInstanceUID"));
                var original = DicomFile.Open(Samples.Path_(Samples.MR));
                Assert.Equal(original.Dataset[DicomTag.PixelData].RawValue, file.Dataset[DicomTag.PixelData].RawValue);
            }
        }

        [Theory]
        [InlineData("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50")]
        [InlineData("text/html")]
        [InlineData("multipart/related; type=\"application/octet-stream\"")]
        public async Task UnservableRetrievesAreNotAcceptable(string accept)
        {
            Assert.Equal(HttpStatusCode.NotAcceptable, (await Get(CTInstance, accept)).Status);
            Assert.Equal(HttpStatusCode.NotAcceptable, (await Get($"{DicomWeb.Base}/studies/{Samples.CTStudy}", "application/dicom")).Status);
        }

        [Fact]
        public async Task MissingResourcesAreNotFound()
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Get($"{DicomWeb.Base}/studies/1.2.3", AnySyntax)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await Get($"{DicomWeb.Base}/studies/{Samples.CTStudy}/series/1.2.3/metadata", null)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await Get($"{CTInstance}9", "application/dicom; transfer-syntax=*")).Status);
        }

        [Fact]
        public async Task MetadataHasBulkDataUrisThatResolve()
        {
            var reply = await _emulator.GetAsync($"{DicomWeb.Base}/studies/{Samples.CTStudy}/metadata");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("application/dicom+json", reply.MediaType);
            var all = JsonNode.Parse(reply.Text).AsArray();
            Assert.Equal(3, all.Count);
            var ct = (await _emulator.GetAsync($"{CTInstance}/metadata")).Text;
            var instance = JsonNode.Parse(ct).AsArray().Single();
            Assert.Equal(Samples.CTSop, DicomWeb.Str(instance, "00080018"));
            Assert.Equal("CompressedSamples^CT1", DicomWeb.Str(instance, "00100010"));
            var pixel = instance["7FE00010"].AsObject();
            Assert.Null(pixel["InlineBinary"]);
            string uri = (string)pixel["BulkDataURI"];
            Assert.EndsWith($"/instances/{Samples.CTSop}/bulkdata/7FE00010", uri);

            var bulk = await Get(uri, null);
            Assert.Equal(HttpStatusCode.OK, bulk.Status);
            var part = MultipartParser.Parse(bulk.ContentType, bulk.Body).Single();
            Assert.StartsWith("application/octet-stream", part.ContentType);
            Assert.Equal(DicomFile.Open(Samples.Path_(Samples.CT)).Dataset[DicomTag.PixelData].RawValue, part.Body);
            var single = await Get(uri, "application/octet-stream");
            Assert.Equal(part.Body, single.Body);

            // Private OB values over 1 KiB also go behind URIs; nested and small ones stay inline.
            foreach (var (key, node) in instance.AsObject())
            {
                if (node["BulkDataURI"] != null) Assert.EndsWith("/bulkdata/" + key, (string)node["BulkDataURI"]);
            }
        }

        [Fact]
        public async Task RenderedGrayscaleAndRgb()
        {
            var png = await Get($"{CTInstance}/rendered", "image/png");
            Assert.Equal(HttpStatusCode.OK, png.Status);
            Assert.Equal("image/png", png.ContentType);
            var info = Image.Identify(png.Body);
            Assert.Equal(128, info.Width);
            Assert.Equal(128, info.Height);
            using (var image = Image.Load<SixLabors.ImageSharp.PixelFormats.L8>(png.Body))
            {
                // Windowed to the full range: not a flat image.
                var values = Enumerable.Range(0, 128).Select(x => image[x, 64].PackedValue).Distinct().Count();
                Assert.True(values > 10);
            }

            var jpeg = await Get($"{RgbInstance}/rendered", null);
            Assert.Equal(HttpStatusCode.OK, jpeg.Status);
            Assert.Equal("image/jpeg", jpeg.ContentType);
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg.Body.Take(2));
            Assert.Equal(3, Image.Identify(jpeg.Body).Width);

            var frame = await Get($"{MultiFrameInstance}/frames/3/rendered?viewport=32,32", "image/png");
            Assert.Equal(HttpStatusCode.OK, frame.Status);
            Assert.True(Image.Identify(frame.Body).Width <= 32);
            Assert.Equal(HttpStatusCode.NotAcceptable, (await Get($"{CTInstance}/rendered", "image/gif")).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await Get($"{MultiFrameInstance}/frames/17/rendered", null)).Status);
        }

        [Fact]
        public async Task FramesOfUncompressedInstances()
        {
            var reply = await Get($"{MultiFrameInstance}/frames/1,16", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var parts = MultipartParser.Parse(reply.ContentType, reply.Body);
            Assert.Equal(2, parts.Count);
            var pixels = DicomFile.Open(Samples.Path_(Samples.MultiFrame)).Dataset[DicomTag.PixelData].RawValue;
            int frameLength = pixels.Length / 16;
            Assert.Equal(pixels.Take(frameLength), parts[0].Body);
            Assert.Equal(pixels.Skip(15 * frameLength).Take(frameLength), parts[1].Body);
            Assert.All(parts, p => Assert.Equal("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1", p.ContentType));

            Assert.Equal(HttpStatusCode.OK, (await Get($"{CTInstance}/frames/1", null)).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await Get($"{CTInstance}/frames/2", null)).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await Get($"{CTInstance}/frames/0", null)).Status);
            Assert.Equal(HttpStatusCode.NotAcceptable, (await Get($"{CTInstance}/frames/1", "multipart/related; type=\"image/jpeg\"")).Status);
        }
    }
}
