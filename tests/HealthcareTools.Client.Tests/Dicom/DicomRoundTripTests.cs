using System.IO;
using System.Linq;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    public class DicomRoundTripTests
    {
        [Theory]
        [MemberData(nameof(DicomSamples.ReadableData), MemberType = typeof(DicomSamples))]
        public void Part10WriteThenReadIsLossless(string sample)
        {
            var original = DicomFile.Open(DicomSamples.PathOf(sample));
            foreach (var undefinedLengths in new[] { true, false })
            {
                var buffer = new MemoryStream();
                original.Save(buffer, new DicomWriteOptions { UndefinedLengthSequences = undefinedLengths });
                buffer.Position = 0;
                var copy = DicomFile.Open(buffer);

                Assert.Empty(copy.Warnings);
                Assert.NotNull(copy.Preamble);
                var expectedSyntax = original.Dataset.Any(e => e is DicomFragmentSequence) ? original.TransferSyntaxUID : DicomTransferSyntax.ExplicitVRLittleEndian;
                Assert.Equal(expectedSyntax, copy.TransferSyntaxUID);
                Assert.Equal(DicomWriter.ImplementationClassUID, copy.FileMetaInformation.GetString(DicomTag.ImplementationClassUID));
                AssertGroupLengthIsRight(buffer.ToArray());
                DatasetAssert.SameBytes(original.Dataset, copy.Dataset);
            }
        }

        [Theory]
        [MemberData(nameof(DicomSamples.ReadableData), MemberType = typeof(DicomSamples))]
        public void JsonRoundTripKeepsTheMeaning(string sample)
        {
            var originalFile = DicomFile.Open(DicomSamples.PathOf(sample));
            var original = originalFile.Dataset;
            var json = DicomJson.Serialize(original);
            var copy = DicomJson.Deserialize(json);
            DatasetAssert.SameMeaning(original, copy);

            // After one trip the JSON is stable (numbers and padding normalised once).
            var second = DicomJson.Serialize(copy);
            Assert.Equal(second, DicomJson.Serialize(DicomJson.Deserialize(second)));

            // And the copy survives Part 10 with its (possibly new) character set.
            var buffer = new MemoryStream();
            new DicomFile(copy, originalFile.FileMetaInformation).Save(buffer);
            buffer.Position = 0;
            DatasetAssert.SameMeaning(original, DicomFile.Open(buffer).Dataset);
        }

        [Fact]
        public void WriterComputesDefinedLengthsThatReadBack()
        {
            var item = new DicomDataset();
            item.AddOrUpdate(new DicomTag(0x0008, 0x1150), DicomVR.UI, "1.2.3");
            item.AddOrUpdate(new DicomTag(0x0008, 0x1155), DicomVR.UI, "1.2.3.4.5");
            var dataset = new DicomDataset();
            dataset.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            dataset.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.3.4");
            dataset.AddOrUpdate(new DicomSequence(new DicomTag(0x0008, 0x1140), new[] { item, new DicomDataset() }));
            dataset.AddOrUpdate(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Doe^John");

            var buffer = new MemoryStream();
            DicomWriter.WriteFile(buffer, dataset, new DicomWriteOptions { UndefinedLengthSequences = false });
            var bytes = buffer.ToArray();
            AssertGroupLengthIsRight(bytes);
            buffer.Position = 0;
            var copy = DicomFile.Open(buffer);
            Assert.Equal("1.2.3.4", copy.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
            Assert.Equal("1.2.840.10008.5.1.4.1.1.7", copy.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID));
            Assert.Equal("1.2.3.4.5", copy.Dataset.GetSequence(new DicomTag(0x0008, 0x1140))[0].GetString(new DicomTag(0x0008, 0x1155)));
            Assert.Empty(copy.Dataset.GetSequence(new DicomTag(0x0008, 0x1140))[1]);
            Assert.Equal("Doe", copy.Dataset["PatientName"].GetPersonName().FamilyName);
            // UI values are padded with NUL to even length ("1.2.3" → 6 bytes).
            Assert.Equal(6, copy.Dataset.GetSequence(new DicomTag(0x0008, 0x1140))[0][new DicomTag(0x0008, 0x1150)].RawValue.Length);
            Assert.Equal(0, copy.Dataset.GetSequence(new DicomTag(0x0008, 0x1140))[0][new DicomTag(0x0008, 0x1150)].RawValue[5]);
        }

        // (0002,0000) must equal the byte count from after it to the end of group 0002.
        private static void AssertGroupLengthIsRight(byte[] file)
        {
            Assert.Equal((byte)'D', file[128]);
            Assert.Equal(0x0002, file[132] | (file[133] << 8));
            Assert.Equal(0x0000, file[134] | (file[135] << 8));
            uint declared = (uint)(file[140] | (file[141] << 8) | (file[142] << 16) | (file[143] << 24));
            int position = 144;
            while (file[position] == 0x02 && file[position + 1] == 0x00)
            {
                var vr = System.Text.Encoding.ASCII.GetString(file, position + 4, 2);
                bool longLength = vr == "OB" || vr == "UN" || vr == "UT" || vr == "SQ";
                int length = longLength ? (int)System.BitConverter.ToUInt32(file, position + 8) : System.BitConverter.ToUInt16(file, position + 6);
                position += (longLength ? 12 : 8) + length;
            }
            Assert.Equal(declared, (uint)(position - 144));
        }
    }
}
