using System.IO;
using System.Linq;
using System.Text;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    public class DicomCharacterSetTests
    {
        // Expected names: the PS3.5 annex H/I/J examples these files were built from (see charset_files/FileInfo.txt).
        [Theory]
        [InlineData("chrArab.dcm", "قباني^لنزار")]
        [InlineData("chrFren.dcm", "Buc^Jérôme")]
        [InlineData("chrGerm.dcm", "Äneas^Rüdiger")]
        [InlineData("chrGreek.dcm", "Διονυσιος")]
        [InlineData("chrHbrw.dcm", "שרון^דבורה")]
        [InlineData("chrRuss.dcm", "Люкceмбypг")]
        [InlineData("chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう")]
        [InlineData("chrH32.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")]
        [InlineData("chrI2.dcm", "Hong^Gildong=洪^吉洞=홍^길동")]
        [InlineData("chrX1.dcm", "Wang^XiaoDong=王^小東=")]
        [InlineData("chrX2.dcm", "Wang^XiaoDong=王^小东=")]
        [InlineData("chrJapMulti.dcm", "やまだ^たろう")]
        [InlineData("chrJapMultiExplicitIR6.dcm", "やまだ^たろう")]
        [InlineData("chrKoreanMulti.dcm", "김희중")]
        public void DecodesPatientName(string file, string expected)
        {
            var dicom = DicomFile.Open(DicomSamples.PathOf("pydicom/charset_files/" + file));
            Assert.Empty(dicom.Warnings);
            Assert.Equal(expected, dicom.Dataset["PatientName"].GetRawString());
        }

        [Theory]
        [InlineData("chrSQEncoding.dcm")]   // the item declares its own ISO 2022 set, the dataset is UTF-8
        [InlineData("chrSQEncoding1.dcm")]  // the item inherits the dataset's ISO 2022 set
        public void ItemsUseTheirOwnOrInheritedCharacterSet(string file)
        {
            var dataset = DicomFile.Open(DicomSamples.PathOf("pydicom/charset_files/" + file)).Dataset;
            var item = dataset.OfType<DicomSequence>().Single().Items.Single();
            Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", item["PatientName"].GetRawString());
        }

        [Fact]
        public void PersonNameComponents()
        {
            var name = DicomFile.Open(DicomSamples.PathOf("pydicom/charset_files/chrH31.dcm")).Dataset["PatientName"].GetPersonName();
            Assert.Equal("Yamada^Tarou", name.Alphabetic);
            Assert.Equal("山田^太郎", name.Ideographic);
            Assert.Equal("やまだ^たろう", name.Phonetic);
            Assert.Equal("Yamada", name.FamilyName);
            Assert.Equal("Tarou", name.GivenName);
            Assert.Null(name.MiddleName);
        }

        [Fact]
        public void UnsupportedCharacterSetWarnsAndDecodesAsLatin1()
        {
            var bytes = new DicomFileBuilder()
                .Element(0x0008, 0x0005, "CS", Encoding.ASCII.GetBytes("ISO_IR 999"))
                .Element(0x0010, 0x0010, "PN", new byte[] { (byte)'J', 0xE9, (byte)'r', (byte)' ' })
                .Build();
            var file = DicomFile.Open(new MemoryStream(bytes));
            Assert.Contains(file.Warnings, w => w.Contains("ISO_IR 999"));
            Assert.Equal("Jér", file.Dataset["PatientName"].GetRawString());
        }

        [Theory]
        [InlineData(new[] { "", "ISO 2022 IR 58" }, new byte[] { (byte)'W', (byte)'a', (byte)'n', (byte)'g', (byte)'=', 0x1B, (byte)'$', (byte)')', (byte)'A', 0xCD, 0xF5 }, "Wang=王")]
        [InlineData(new[] { "ISO 2022 IR 100" }, new byte[] { (byte)'J', 0xE9, (byte)'r' }, "Jér")]
        [InlineData(new[] { "ISO 2022 IR 100", "ISO 2022 IR 101" }, new byte[] { 0xE9, 0x1B, (byte)'-', (byte)'B', 0xB1, (byte)'\\', 0xE9 }, "éą\\é")]
        [InlineData(new[] { "ISO_IR 13" }, new byte[] { 0xB1, (byte)'A' }, "ｱA")]
        [InlineData(new[] { "ISO_IR 166" }, new byte[] { 0xA1 }, "ก")]
        [InlineData(new[] { "ISO_IR 203" }, new byte[] { 0xA4 }, "€")]
        [InlineData(new[] { "GBK" }, new byte[] { 0xCD, 0xF5 }, "王")]
        public void DecodesSyntheticValues(string[] terms, byte[] bytes, string expected)
        {
            var set = DicomCharacterSet.FromTerms(terms);
            Assert.Null(set.Warning);
            Assert.Equal(expected, set.Decode(bytes, 0, bytes.Length, DicomVR.LO));
        }

        [Fact]
        public void EncodesWhereTheSetCan()
        {
            Assert.Equal(new byte[] { (byte)'J', 0xE9 }, DicomCharacterSet.FromTerms(new[] { "ISO_IR 100" }).TryEncode("Jé"));
            Assert.Null(DicomCharacterSet.FromTerms(new[] { "ISO_IR 100" }).TryEncode("山"));
            Assert.Null(DicomCharacterSet.FromTerms(new[] { "", "ISO 2022 IR 87" }).TryEncode("山"));
            Assert.Equal(new byte[] { (byte)'A' }, DicomCharacterSet.FromTerms(new[] { "", "ISO 2022 IR 87" }).TryEncode("A"));
            Assert.Equal(Encoding.UTF8.GetBytes("山"), DicomCharacterSet.FromTerms(new[] { "ISO_IR 192" }).TryEncode("山"));
        }

        [Fact]
        public void BackslashInsideGb18030CharacterIsNotASeparator()
        {
            // 0x95 0x5C is one GB18030 character whose trail byte is '\'.
            var set = DicomCharacterSet.FromTerms(new[] { "GB18030" });
            var text = set.Decode(new byte[] { 0x95, 0x5C, (byte)'\\', (byte)'A' }, 0, 4, DicomVR.LO);
            Assert.Equal(2, text.Split('\\').Length);
        }
    }
}
