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
