using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>One emulator with six instances in six studies, shared by the read-only QIDO tests.</summary>
    public sealed class QidoFixture : IAsyncLifetime
    {
        internal TestEmulator Emulator { get; private set; }

        public async Task InitializeAsync()
        {
            Emulator = await DicomWeb.StartWithStoreAsync();
            var reply = await DicomWeb.StowFilesAsync(Emulator, Samples.CT, Samples.MR, Samples.Rgb, Samples.Phantom, Samples.French, Samples.MultiFrame);
            reply.Reply.AssertStatus(HttpStatusCode.OK);
        }

        public async Task DisposeAsync() => await Emulator.DisposeAsync();
    }

    public sealed class QidoTests : IClassFixture<QidoFixture>
    {
        private readonly TestEmulator _emulator;

        public QidoTests(QidoFixture fixture)
        {
            _emulator = fixture.Emulator;
        }

        private Task<JsonArray> Qido(string pathAndQuery) => DicomWeb.QidoAsync(_emulator, pathAndQuery);

        private static string[] Values(JsonArray results, string tag) => results.Select(r => DicomWeb.Str(r, tag)).ToArray();

        [Fact]
        public async Task StudiesCarryDefaultAttributesAndCounts()
        {
            var studies = await Qido("studies");
            Assert.Equal(6, studies.Count);
            var ct = studies.Single(s => DicomWeb.Str(s, "0020000D") == Samples.CTStudy);
            Assert.Equal("CompressedSamples^CT1", DicomWeb.Str(ct, "00100010"));
            Assert.Equal("PN", (string)ct["00100010"]["vr"]);
            Assert.Equal("1CT1", DicomWeb.Str(ct, "00100020"));
            Assert.Equal("20040119", DicomWeb.Str(ct, "00080020"));
            Assert.Equal("CT", DicomWeb.Str(ct, "00080061"));
            Assert.Equal(1, (int)ct["00201206"]["Value"][0]);
            Assert.Equal(1, (int)ct["00201208"]["Value"][0]);
            Assert.Null(ct["00080018"]); // instance attributes are not study attributes
            Assert.Null(ct["7FE00010"]);
            var keys = ct.AsObject().Select(p => p.Key).ToList();
            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
            // Non-ASCII names come out as UTF-8 text.
            Assert.Contains("Buc^Jérôme", Values(studies, "00100010"));
        }

        [Theory]
        [InlineData("PatientName=CompressedSamples*", 2)]
        [InlineData("PatientName=compressedsamples%5EMR1", 1)]
        [InlineData("PatientName=Lestrade%5E%3F", 1)]
        [InlineData("PatientName=*strad*", 1)]
        [InlineData("00100010=yaroslav", 1)]
        [InlineData("PatientName=nobody", 0)]
        [InlineData("PatientName=lest&fuzzymatching=true", 1)]
        [InlineData("PatientName=g&fuzzymatching=true", 1)]
        [InlineData("PatientName=estrade&fuzzymatching=true", 0)]
        [InlineData("PatientName=jerome&fuzzymatching=true", 1)]
        [InlineData("PatientName=zzz%20compr&fuzzymatching=true", 2)]
        [InlineData("PatientID=4MR1", 1)]
        [InlineData("PatientID=4mr1", 0)]
        [InlineData("ReferringPhysicianName=Moriarty*", 1)]
        [InlineData("StudyDate=20040119", 1)]
        [InlineData("StudyDate=20040101-20041231", 2)]
        [InlineData("StudyDate=-20100101", 3)] // includes 1995.06.26 (ACR-NEMA date form)
        [InlineData("StudyDate=19950626", 1)]
        [InlineData("StudyDate=20160101-", 2)]
        [InlineData("StudyInstanceUID=" + Samples.CTStudy + "," + Samples.MRStudy, 2)]
        [InlineData("StudyInstanceUID=" + Samples.CTStudy + "%5C" + Samples.RgbStudy, 2)]
        [InlineData("0020000D=" + Samples.PhantomStudy, 1)]
        [InlineData("PatientName=", 6)]
        [InlineData("PatientName=CompressedSamples*&StudyDate=20040826", 1)]
        public async Task StudyMatching(string query, int expected)
        {
            Assert.Equal(expected, (await Qido("studies?" + query)).Count);
        }

        [Theory]
        [InlineData("studies?Modality=CT")]
        [InlineData("studies?SeriesInstanceUID=1.2")]
        [InlineData("series?SOPInstanceUID=1.2")]
        [InlineData("instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.2")]
        [InlineData("instances?NotAKeyword=1")]
        [InlineData("studies?limit=abc")]
        [InlineData("studies?limit=0")]
        [InlineData("studies?offset=-1")]
        [InlineData("studies?offset=1000001")]
        [InlineData("studies?StudyDate=2004")]
        [InlineData("studies?StudyDate=20040101-2005")]
        [InlineData("studies?includefield=NotAKeyword")]
        [InlineData("studies?fuzzymatching=yes")]
        public async Task UnsupportedParametersAreBadRequests(string query)
        {
            (await _emulator.GetAsync($"{DicomWeb.Base}/{query}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task SeriesSearchAndCounts()
        {
            var mr = await Qido("series?Modality=MR");
            Assert.Equal(3, mr.Count);
            Assert.All(mr, s => Assert.Equal("MR", DicomWeb.Str(s, "00080060")));
            Assert.All(mr, s => Assert.NotNull(s["0020000D"]));
            Assert.All(mr, s => Assert.Equal(1, (int)s["00201209"]["Value"][0]));
            var ofStudy = await Qido($"studies/{Samples.CTStudy}/series");
            Assert.Equal(Samples.CTSeries, DicomWeb.Str(ofStudy.Single(), "0020000E"));
            Assert.Empty(await Qido($"studies/{Samples.CTStudy}/series?Modality=MR"));
            Assert.Empty(await Qido("studies/1.2.3.4/series"));
        }

        [Fact]
        public async Task InstanceSearchAndIncludeField()
        {
            var all = await Qido("instances");
            Assert.Equal(6, all.Count);
            var ct = (await Qido($"studies/{Samples.CTStudy}/series/{Samples.CTSeries}/instances")).Single();
            Assert.Equal(Samples.CTSop, DicomWeb.Str(ct, "00080018"));
            Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomWeb.Str(ct, "00080016"));
            Assert.Equal(128, (int)ct["00280010"]["Value"][0]);
            Assert.Equal(16, (int)ct["00280100"]["Value"][0]);
            Assert.Null(ct["00080008"]); // ImageType only with includefield

            var withField = (await Qido($"studies/{Samples.CTStudy}/instances?includefield=ImageType,00180050")).Single();
            Assert.Equal("ORIGINAL", DicomWeb.Str(withField, "00080008"));
            Assert.NotNull(withField["00180050"]);

            var everything = (await Qido($"instances?SOPInstanceUID={Samples.CTSop}&includefield=all")).Single();
            Assert.NotNull(everything["00080008"]);
            Assert.NotNull(everything["00280030"]);
            Assert.Null(everything["7FE00010"]);
            Assert.True(everything.AsObject().Count > 40);

            var study = (await Qido($"studies?StudyInstanceUID={Samples.CTStudy}&includefield=StudyDescription")).Single();
            Assert.NotNull(study["00081030"]);
        }

        [Fact]
        public async Task LimitAndOffsetPageThroughResults()
        {
            var all = Values(await Qido("instances"), "00080018");
            var paged = new List<string>();
            for (int offset = 0; ; offset += 4)
            {
                var page = await Qido($"instances?limit=4&offset={offset}");
                paged.AddRange(Values(page, "00080018"));
                if (page.Count < 4) break;
            }
            Assert.Equal(all, paged);
            Assert.Equal(Values(await Qido("studies"), "0020000D").Skip(2).Take(3), Values(await Qido("studies?limit=3&offset=2"), "0020000D"));
            Assert.Empty(await Qido("studies?offset=100"));
            Assert.Equal(6, (await Qido("studies?limit=999999")).Count); // capped at the maximum, not rejected
        }

        [Fact]
        public async Task EmptyResultIsAnEmptyArray()
        {
            var reply = await _emulator.GetAsync($"{DicomWeb.Base}/studies?PatientID=none");
            reply.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("[]", reply.Text);
        }

        [Fact]
        public async Task AcceptNegotiation()
        {
            foreach (string accept in new[] { "application/dicom+json", "application/json", "*/*", "application/*" })
            {
                using var ok = new HttpRequestMessage(HttpMethod.Get, $"{DicomWeb.Base}/studies");
                ok.Headers.TryAddWithoutValidation("Accept", accept);
                (await _emulator.SendAsync(ok)).AssertStatus(HttpStatusCode.OK);
            }
            using var xml = new HttpRequestMessage(HttpMethod.Get, $"{DicomWeb.Base}/studies");
            xml.Headers.TryAddWithoutValidation("Accept", "multipart/related; type=\"application/dicom+xml\"");
            Assert.Equal(HttpStatusCode.NotAcceptable, (await _emulator.SendAsync(xml)).Status);
        }
    }
}
