using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class StowTests
    {
        [Fact]
        public async Task StoresInstancesAndAnswersTheStoreResponseModule()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var reply = await DicomWeb.StowFilesAsync(emulator, Samples.CT, Samples.MR);
            reply.Reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("application/dicom+json", reply.Reply.MediaType);
            Assert.Empty(reply.Failed);
            Assert.Equal(new[] { Samples.CTSop, Samples.MRSop }, reply.Referenced.Select(StowReply.Sop));
            Assert.Equal("1.2.840.10008.5.1.4.1.1.2", (string)reply.Referenced[0]["00081150"]["Value"][0]);
            string url = (string)reply.Referenced[0]["00081190"]["Value"][0];
            Assert.EndsWith($"/v1/{DicomWeb.Store}/dicomWeb/studies/{Samples.CTStudy}/series/{Samples.CTSeries}/instances/{Samples.CTSop}", url);
            Assert.StartsWith(emulator.Host.BaseUri.ToString().TrimEnd('/'), url);
            Assert.Null(reply.Json["00081190"]); // two studies: no single study URL

            var single = await DicomWeb.StowFilesAsync(emulator, Samples.Rgb);
            single.Reply.AssertStatus(HttpStatusCode.OK);
            Assert.EndsWith($"/dicomWeb/studies/{Samples.RgbStudy}", (string)single.Json["00081190"]["Value"][0]);
        }

        [Fact]
        public async Task DuplicatesFailWithProcessingFailureAndAlreadyExists()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            (await DicomWeb.StowFilesAsync(emulator, Samples.CT)).Reply.AssertStatus(HttpStatusCode.OK);

            // MR_small_implicit has the same UIDs as MR_small: a different encoding is still a duplicate.
            var reply = await DicomWeb.StowFilesAsync(emulator, Samples.MR, Samples.CT, Samples.MRImplicit);
            reply.Reply.AssertStatus(HttpStatusCode.Conflict);
            Assert.Equal(new[] { Samples.MRSop }, reply.Referenced.Select(StowReply.Sop));
            Assert.Equal(2, reply.Failed.Count);
            Assert.All(reply.Failed, f =>
            {
                Assert.Equal(0x0110, StowReply.Reason(f));
                Assert.Contains("already exists", StowReply.Detail(f));
                Assert.Equal("GOOGLE", (string)f["00090010"]["Value"][0]);
            });
            Assert.Equal(new[] { Samples.CTSop, Samples.MRSop }, reply.Failed.Select(StowReply.Sop));
            Assert.Equal(2, (await DicomWeb.QidoAsync(emulator, "instances")).Count);
        }

        [Fact]
        public async Task BadPartsFailAndTheOthersAreStored()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var truncatedHeader = Samples.Bytes(Samples.CT).Take(400).ToArray();
            var reply = await DicomWeb.StowAsync(emulator, "studies", new[]
            {
                ("application/dicom", Samples.Bytes(Samples.CT)),
                ("application/dicom", Encoding.ASCII.GetBytes("this is not DICOM at all")),
                ("application/dicom", Samples.Bytes(Samples.NoMeta)),
                ("application/dicom", truncatedHeader),
                ("text/plain", Samples.Bytes(Samples.Phantom)),
                ("application/dicom", Samples.Bytes(Samples.Rgb)),
            });
            reply.Reply.AssertStatus(HttpStatusCode.Conflict);
            Assert.Equal(new[] { Samples.CTSop, Samples.RgbSop }, reply.Referenced.Select(StowReply.Sop));
            Assert.Equal(4, reply.Failed.Count);
            // Garbage, no Part 10 prefix and a non-DICOM media type cannot be understood; the truncated
            // header parses but lacks the UIDs.
            Assert.Equal(new[] { 0xC000, 0xC000, 0xA900, 0xC000 }, reply.Failed.Select(StowReply.Reason));
            Assert.All(reply.Failed, f => Assert.False(string.IsNullOrEmpty(StowReply.Detail(f))));
            Assert.Equal(2, (await DicomWeb.QidoAsync(emulator, "instances")).Count);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(emulator.DataDirectory, "dicom", "tmp")));
        }

        [Fact]
        public async Task UidsStoredAsExplicitUnAreReadAsText()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var reply = await DicomWeb.StowFilesAsync(emulator, "pydicom/test_files/rtdose_rle_1frame.dcm");
            reply.Reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("1.9.999.999.99.9.9999.9999.20030818153516", StowReply.Sop(reply.Referenced.Single()));
            var study = (await DicomWeb.QidoAsync(emulator, "studies")).Single();
            Assert.Equal("1.2.999.999.99.9.9999.8888", DicomWeb.Str(study, "0020000D"));
            Assert.Equal("UI", (string)study["0020000D"]["vr"]);
        }

        [Fact]
        public async Task StudyPathRejectsInstancesOfAnotherStudy()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var reply = await DicomWeb.StowAsync(emulator, $"studies/{Samples.CTStudy}", new[]
            {
                ("application/dicom", Samples.Bytes(Samples.CT)),
                ("application/dicom", Samples.Bytes(Samples.MR)),
            });
            reply.Reply.AssertStatus(HttpStatusCode.Conflict);
            Assert.Equal(new[] { Samples.CTSop }, reply.Referenced.Select(StowReply.Sop));
            Assert.Equal(Samples.MRSop, StowReply.Sop(reply.Failed.Single()));
            Assert.Equal(0xA900, StowReply.Reason(reply.Failed.Single()));
            Assert.Contains(Samples.CTStudy, (string)reply.Json["00081190"]["Value"][0]);
        }

        [Theory]
        [InlineData("multipart/related; type=application/dicom; boundary=stow-boundary-1234")]
        [InlineData("multipart/related; boundary=stow-boundary-1234; type=\"application/dicom\"")]
        [InlineData("Multipart/Related; Type=\"application/dicom\"; Boundary=\"stow-boundary-1234\"")]
        [InlineData("multipart/related; boundary=stow-boundary-1234")]
        public async Task ContentTypeVariantsAreAccepted(string contentType)
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var reply = await DicomWeb.StowAsync(emulator, "studies", new[] { ("application/dicom", Samples.Bytes(Samples.CT)) }, contentType);
            reply.Reply.AssertStatus(HttpStatusCode.OK);
        }

        [Fact]
        public async Task PreambleAndPartsWithoutContentTypeAndExtraHeaders()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            using var body = new MemoryStream();
            void Write(string text) => body.Write(Encoding.ASCII.GetBytes(text));
            Write("This is a preamble to be ignored.\r\n--b\r\nContent-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\nContent-Location: a.dcm\r\n\r\n");
            body.Write(Samples.Bytes(Samples.CT));
            // A part whose bytes contain the boundary text, but not after CRLF, is one part.
            Write("\r\n--b\r\nContent-Type: application/dicom\r\n\r\nnot dicom --b still the same part\n--b nor this");
            Write("\r\n--b\r\n\r\n");
            body.Write(Samples.Bytes(Samples.MR));
            Write("\r\n--b--\r\nepilogue ignored");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{DicomWeb.Base}/studies") { Content = new ByteArrayContent(body.ToArray()) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b");
            var reply = new StowReply(await emulator.SendAsync(request));
            reply.Reply.AssertStatus(HttpStatusCode.Conflict);
            Assert.Equal(2, reply.Referenced.Count);
            Assert.Equal(0xC000, StowReply.Reason(reply.Failed.Single()));
            Assert.Equal(Samples.Bytes(Samples.CT).Length, new FileInfo(Directory.EnumerateFiles(Path.Combine(emulator.DataDirectory, "dicom"), $"{Samples.CTSop}.dcm", SearchOption.AllDirectories).Single()).Length);
        }

        [Fact]
        public async Task SinglePartApplicationDicomAndXmlResponse()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{DicomWeb.Base}/studies") { Content = new ByteArrayContent(Samples.Bytes(Samples.Rgb)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/dicom");
            request.Headers.TryAddWithoutValidation("Accept", "application/dicom+xml");
            var reply = await emulator.SendAsync(request);
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("application/dicom+xml", reply.MediaType);
            Assert.Contains("NativeDicomModel", reply.Text);
            Assert.Contains(Samples.RgbSop, reply.Text);
            Assert.Contains("keyword=\"ReferencedSOPSequence\"", reply.Text);

            // No Accept (or */*) answers JSON.
            var again = await DicomWeb.StowAsync(emulator, "studies", new[] { ("application/dicom", Samples.Bytes(Samples.Rgb)) }, accept: null);
            again.Reply.AssertStatus(HttpStatusCode.Conflict);
            Assert.Equal("application/dicom+json", again.Reply.MediaType);
        }

        [Theory]
        [InlineData("application/json")]
        [InlineData("multipart/related; type=\"application/dicom+json\"; boundary=stow-boundary-1234")]
        [InlineData("multipart/related; type=\"application/dicom\"")]
        public async Task UnsupportedContentTypesAreBadRequests(string contentType)
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var reply = await DicomWeb.StowAsync(emulator, "studies", new[] { ("application/dicom", Samples.Bytes(Samples.CT)) }, contentType);
            reply.Reply.AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task EmptyOrTruncatedMultipartIsBadRequest()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            foreach (string text in new[] { "--stow-boundary-1234--\r\n", "--stow-boundary-1234\r\nContent-Type: application/dicom\r\n\r\nDICM" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{DicomWeb.Base}/studies") { Content = new StringContent(text) };
                request.Content.Headers.Remove("Content-Type");
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=stow-boundary-1234");
                (await emulator.SendAsync(request)).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            }
        }

        [Fact]
        public async Task BodiesLargerThanKestrelsDefaultLimitAreAccepted()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var large = new byte[40 * 1024 * 1024];
            var reply = await DicomWeb.StowAsync(emulator, "studies", new[]
            {
                ("application/dicom", large),
                ("application/dicom", Samples.Bytes(Samples.CT)),
            });
            reply.Reply.AssertStatus(HttpStatusCode.Conflict);
            Assert.Equal(0xC000, StowReply.Reason(reply.Failed.Single()));
            Assert.Equal(Samples.CTSop, StowReply.Sop(reply.Referenced.Single()));
        }

        [Fact]
        public async Task MissingStoreIsNotFound()
        {
            await using var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("ds");
            var reply = await DicomWeb.StowFilesAsync(emulator, Samples.CT);
            reply.Reply.AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task ParallelStoresOfIdenticalInstancesStoreExactlyOne()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => DicomWeb.StowFilesAsync(emulator, Samples.CT)));
            Assert.Equal(1, replies.Count(r => r.Status == HttpStatusCode.OK));
            Assert.Equal(11, replies.Count(r => r.Status == HttpStatusCode.Conflict));
            Assert.Single(await DicomWeb.QidoAsync(emulator, "instances"));

            var different = await Task.WhenAll(new[] { Samples.MR, Samples.Rgb, Samples.Phantom, Samples.French, Samples.MultiFrame }
                .Select(s => DicomWeb.StowFilesAsync(emulator, s)));
            Assert.All(different, r => r.Reply.AssertStatus(HttpStatusCode.OK));
            Assert.Equal(6, (await DicomWeb.QidoAsync(emulator, "instances")).Count);
        }

        [Fact]
        public async Task StoredInstancesSurviveARestart()
        {
            string folder = TestEmulator.NewDataDirectory();
            try
            {
                await using (var first = await DicomWeb.StartWithStoreAsync(folder))
                {
                    (await DicomWeb.StowFilesAsync(first, Samples.CT, Samples.MR)).Reply.AssertStatus(HttpStatusCode.OK);
                }
                await using var second = await TestEmulator.StartAsync(dataDirectory: folder);
                var studies = await DicomWeb.QidoAsync(second, "studies");
                Assert.Equal(2, studies.Count);
                var duplicate = await DicomWeb.StowFilesAsync(second, Samples.CT);
                duplicate.Reply.AssertStatus(HttpStatusCode.Conflict);
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }
    }
}
