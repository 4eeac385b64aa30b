using System.IO;
using System.Linq;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    public class DicomReaderSampleTests
    {
        [Fact]
        public void ManifestListsTheCopiedFiles()
        {
            Assert.Equal(196, DicomSamples.AllDicom.Count);
            foreach (var file in DicomSamples.AllDicom) Assert.True(File.Exists(DicomSamples.PathOf(file)), file);
        }

        [Theory]
        [MemberData(nameof(DicomSamples.ReadableData), MemberType = typeof(DicomSamples))]
        public void EveryReadableSampleParses(string sample)
        {
            var file = DicomFile.Open(DicomSamples.PathOf(sample));
            Assert.True(file.Dataset.Count > 0);
        }

        [Theory]
        [MemberData(nameof(DicomSamples.ReadableData), MemberType = typeof(DicomSamples))]
        public void HeaderOnlyMatchesFullReadUpToPixelData(string sample)
        {
            var full = DicomFile.Open(DicomSamples.PathOf(sample));
            var header = DicomFile.Open(DicomSamples.PathOf(sample), DicomReadOptions.HeaderOnly);
            var expected = full.Dataset.TakeWhile(e => e.Tag != DicomTag.PixelData).Select(e => e.Tag).ToList();
            Assert.Equal(expected, header.Dataset.Select(e => e.Tag).ToList());
            Assert.False(header.Dataset.Contains(DicomTag.PixelData));
        }

        [Theory]
        [MemberData(nameof(DicomSamples.ReadableData), MemberType = typeof(DicomSamples))]
        public void StopAfterTagMatchesFullReadUpToThatTag(string sample)
        {
            var seriesUid = new DicomTag(0x0020, 0x000E);
            var full = DicomFile.Open(DicomSamples.PathOf(sample));
            var uids = DicomFile.Open(DicomSamples.PathOf(sample), new DicomReadOptions { StopAfterTag = seriesUid });
            var expected = full.Dataset.TakeWhile(e => e.Tag.CompareTo(seriesUid) <= 0).Select(e => e.Tag).ToList();
            Assert.Equal(expected, uids.Dataset.Select(e => e.Tag).ToList());
            Assert.Equal(full.Dataset.GetString(DicomTag.SOPInstanceUID), uids.Dataset.GetString(DicomTag.SOPInstanceUID));
            Assert.Equal(full.TransferSyntaxUID, uids.TransferSyntaxUID);
        }

        [Theory]
        [MemberData(nameof(DicomSamples.UnreadableData), MemberType = typeof(DicomSamples))]
        public void BrokenSamplesFailWithFormatException(string sample)
        {
            var path = DicomSamples.PathOf(sample);
            var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
            Assert.Equal(path, error.FilePath);
            Assert.True(error.Offset >= 0);
            Assert.Contains(path, error.Message);
        }
    }
}
