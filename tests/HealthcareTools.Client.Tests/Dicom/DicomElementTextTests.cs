using System.Collections.Generic;
using System.Linq;
using System.Text;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    /// <summary>
    /// GetString / GetStrings / GetRawString on values that are not text VRs: a UN whose tag the
    /// dictionary knows with a text VR is decoded as that VR; other binary values have no text form
    /// (null / empty), never the name of a .NET type such as "System.Byte[]".
    /// </summary>
    public class DicomElementTextTests
    {
        private const string RtDose = "pydicom/test_files/rtdose_rle_1frame.dcm"; // explicit VR LE, most header attributes stored as UN

        [Fact]
        public void ExplicitUNOfAKnownTextTagReadsAsItsDictionaryVR()
        {
            var dataset = DicomFile.Open(DicomSamples.PathOf(RtDose)).Dataset;
            var study = dataset["StudyInstanceUID"];
            Assert.Equal(DicomVR.UN, study.VR); // the element itself stays as stored
            Assert.Equal(DicomVR.UI, study.TextVR);
            Assert.Equal("1.2.999.999.99.9.9999.8888", study.GetString());
            Assert.Equal("1.2.999.999.99.9.9999.8888", dataset.GetString("StudyInstanceUID"));
            Assert.Equal("2.22.222.2.222222.2.2222222222222222222222222222.2", dataset.GetString("FrameOfReferenceUID"));
            Assert.Equal("id11111", dataset.GetString("PatientID"));
            Assert.Equal(new[] { "189.431250000000", "199.431250000000", "-761.87000000000" }, dataset.GetStrings(new DicomTag(0x0020, 0x0032)));
            Assert.Equal(10.0, dataset["PixelSpacing"].GetDouble(1));
            Assert.Equal(1L, dataset["SeriesNumber"].GetInt64());
            Assert.Null(dataset.GetString("PatientBirthDate")); // present, empty
            Assert.Equal(new byte[0], dataset["PatientBirthDate"].RawValue);
        }

        [Fact]
        public void UNDecodingAgreesWithConvertKnownUN()
        {
            var raw = DicomFile.Open(DicomSamples.PathOf(RtDose)).Dataset;
            var converted = DicomFile.Open(DicomSamples.PathOf(RtDose), new DicomReadOptions { ConvertKnownUN = true }).Dataset;
            int compared = 0;
            foreach (var element in raw.Where(e => e.VR == DicomVR.UN && e.TextVR != DicomVR.None))
            {
                var other = converted[element.Tag];
                Assert.Equal(other.VR, element.TextVR);
                Assert.Equal(other.GetStrings(), element.GetStrings());
                Assert.Equal(other.GetRawString(), element.GetRawString());
                compared++;
            }
            Assert.True(compared >= 20, compared + " UN elements compared");
        }

        [Fact]
        public void UNDatesAndPersonNamesUseTheDictionaryVR()
        {
            var date = new DicomElement(new DicomTag(0x0008, 0x0020), DicomVR.UN, Encoding.ASCII.GetBytes("20040119"));
            Assert.Equal(new System.DateTime(2004, 1, 19), date.GetDateTime());
            var name = new DicomElement(new DicomTag(0x0010, 0x0010), DicomVR.UN, Encoding.ASCII.GetBytes("Doe^John"));
            Assert.Equal("Doe", name.GetPersonName().FamilyName);
            var creator = new DicomElement(new DicomTag(0x0009, 0x0010), DicomVR.UN, Encoding.ASCII.GetBytes("GEMS_IDEN_01"));
            Assert.Equal(DicomVR.LO, creator.TextVR); // private creators are LO by definition (PS3.5 7.8.1)
            Assert.Equal("GEMS_IDEN_01", creator.GetString());
        }

        [Theory]
        [InlineData(0x0009, 0x1001, DicomVR.UN)] // private: no dictionary VR
        [InlineData(0x0028, 0x0009, DicomVR.UN)] // known, but AT: not text
        [InlineData(0x300C, 0x0002, DicomVR.UN)] // known, but SQ
        [InlineData(0x0029, 0x0000, DicomVR.UN)] // group length
        [InlineData(0x0011, 0x1011, DicomVR.OB)]
        [InlineData(0x0011, 0x1011, DicomVR.OW)]
        [InlineData(0x0011, 0x1011, DicomVR.OF)]
        [InlineData(0x0011, 0x1011, DicomVR.OD)]
        [InlineData(0x0011, 0x1011, DicomVR.OL)]
        [InlineData(0x0011, 0x1011, DicomVR.OV)]
        [InlineData(0x0020, 0x000D, DicomVR.OB)] // a UID tag wrongly stored as OB is still binary
        public void BinaryValuesHaveNoTextForm(ushort group, ushort element, DicomVR vr)
        {
            var value = new DicomElement(new DicomTag(group, element), vr, Encoding.ASCII.GetBytes("1.2.3.4\0"));
            Assert.Equal(DicomVR.None, value.TextVR);
            Assert.Null(value.GetString());
            Assert.Empty(value.GetStrings());
            Assert.Null(value.GetRawString());
            Assert.Null(value.GetDouble());
            Assert.Null(value.GetDateTime());
            Assert.Equal(value.RawValue, Assert.IsType<byte[]>(value.Value)); // the bytes stay reachable
        }

        [Fact]
        public void SequencesAndEncapsulatedPixelDataHaveNoTextForm()
        {
            var sequence = new DicomSequence(new DicomTag(0x0008, 0x1140), new[] { new DicomDataset() });
            Assert.Empty(sequence.GetStrings());
            Assert.Null(sequence.GetString());
            var fragments = new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, new byte[0], new[] { new byte[] { 1, 2 } });
            Assert.Empty(fragments.GetStrings());
            Assert.Null(fragments.GetString());
        }

        [Fact]
        public void NumbersAndTagsAreStillFormatted()
        {
            Assert.Equal(new[] { "1", "65535" }, new DicomElement(new DicomTag(0x0028, 0x0010), DicomVR.US, new byte[] { 1, 0, 0xFF, 0xFF }).GetStrings());
            Assert.Equal("(0028,0008)", new DicomElement(new DicomTag(0x0028, 0x0009), DicomVR.AT, new byte[] { 0x28, 0, 0x08, 0 }).GetString());
        }

        [Fact]
        public void NoSampleYieldsATypeNameAsText()
        {
            foreach (var sample in DicomSamples.Readable)
            {
                foreach (var options in new[] { DicomReadOptions.Default, new DicomReadOptions { ConvertKnownUN = true, DetectPrivateSequences = true } })
                {
                    var file = DicomFile.Open(DicomSamples.PathOf(sample), options);
                    foreach (var (element, where) in Walk(file.FileMetaInformation, sample).Concat(Walk(file.Dataset, sample)))
                    {
                        foreach (var text in element.GetStrings().Append(element.GetString() ?? "").Append(element.GetRawString() ?? ""))
                        {
                            Assert.False(text.Contains("System.") || text.Contains("HealthcareTools.Client.Dicom."), where + " " + element.Tag + " " + element.VR + ": \"" + text + "\"");
                        }
                    }
                }
            }
        }

        private static IEnumerable<(DicomElement, string)> Walk(DicomDataset dataset, string where)
        {
            foreach (var element in dataset)
            {
                yield return (element, where);
                if (element is DicomSequence sequence)
                    for (int i = 0; i < sequence.Items.Count; i++)
                        foreach (var inner in Walk(sequence.Items[i], where + " " + element.Tag + "[" + i + "]")) yield return inner;
            }
        }
    }
}
