using System;
using System.IO;
using System.Linq;
using System.Text;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    public class DicomJsonTests
    {
        [Theory]
        [MemberData(nameof(DicomSamples.JsonData), MemberType = typeof(DicomSamples))]
        public void SampleJsonReadsAndIsStable(string sample)
        {
            var json = File.ReadAllText(DicomSamples.PathOf(sample));
            var dataset = DicomJson.Deserialize(json);
            Assert.True(dataset.Count > 0);
            var once = DicomJson.Serialize(dataset);
            Assert.Equal(once, DicomJson.Serialize(DicomJson.Deserialize(once)));
        }

        [Fact]
        public void ReadsTypedValuesFromTest1()
        {
            var dataset = DicomJson.Deserialize(File.ReadAllText(DicomSamples.PathOf("pydicom/test_files/test1.json")));
            Assert.Equal("Prostate^Volunteer", dataset.GetString("PatientName"));
            Assert.Equal(DicomVR.PN, dataset["PatientName"].VR);
            Assert.Equal(256L, dataset["Columns"].GetInt64());
            Assert.Equal(87.09, dataset["PatientWeight"].GetDouble());
            Assert.Equal(new object[] { (ushort)128, (ushort)0, (ushort)0, (ushort)32 }, dataset["AcquisitionMatrix"].GetValues()); // null dropped
            Assert.Equal(714L, dataset[new DicomTag(0x0025, 0x1007)].GetInt64());
            var pixelData = dataset[DicomTag.PixelData];
            Assert.Equal("", pixelData.BulkDataUri);
            Assert.Empty(pixelData.RawValue);
            Assert.Contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"\"}", DicomJson.Serialize(dataset));
        }

        [Fact]
        public void WritesPs318Shapes()
        {
            var dataset = new DicomDataset();
            dataset.AddOrUpdate(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
            dataset.CharacterSet = DicomCharacterSet.FromTerms(new[] { "ISO_IR 192" });
            dataset.AddOrUpdate(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
            dataset.AddOrUpdate(new DicomTag(0x0020, 0x0013), DicomVR.IS, "7");
            dataset.AddOrUpdate(new DicomTag(0x0028, 0x0030), DicomVR.DS, "0.5", "0.25");
            dataset.AddOrUpdate(new DicomTag(0x0008, 0x0060), DicomVR.CS, "MR");
            dataset.AddOrUpdate(DicomElementFactory.FromNumbers(new DicomTag(0x0028, 0x0010), DicomVR.US, new object[] { 512 }));
            dataset.AddOrUpdate(DicomElementFactory.FromTags(new DicomTag(0x0028, 0x0009), new[] { new DicomTag(0x0018, 0x1063) }));
            dataset.AddOrUpdate(new DicomElement(new DicomTag(0x0009, 0x1010), DicomVR.OB, new byte[] { 1, 2, 3, 4 }));
            dataset.AddOrUpdate(new DicomSequence(new DicomTag(0x0008, 0x1140), new[] { new DicomDataset() }));

            var json = DicomJson.Serialize(dataset);
            Assert.Contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\",\"Ideographic\":\"山田^太郎\",\"Phonetic\":\"やまだ^たろう\"}]}", json);
            Assert.Contains("\"00200013\":{\"vr\":\"IS\",\"Value\":[7]}", json);
            Assert.Contains("\"00280030\":{\"vr\":\"DS\",\"Value\":[0.5,0.25]}", json);
            Assert.Contains("\"00280010\":{\"vr\":\"US\",\"Value\":[512]}", json);
            Assert.Contains("\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00181063\"]}", json);
            Assert.Contains("\"00091010\":{\"vr\":\"OB\",\"InlineBinary\":\"AQIDBA==\"}", json);
            Assert.Contains("\"00081140\":{\"vr\":\"SQ\",\"Value\":[{}]}", json);

            var back = DicomJson.Deserialize(json);
            DatasetAssert.SameMeaning(dataset, back);
        }

        [Fact]
        public void BulkDataUriProviderIsAskedForLargeBinary()
        {
            var dataset = new DicomDataset();
            dataset.AddOrUpdate(new DicomElement(DicomTag.PixelData, DicomVR.OW, new byte[4096]));
            dataset.AddOrUpdate(new DicomElement(new DicomTag(0x0009, 0x1010), DicomVR.OB, new byte[16]));
            var options = new DicomJsonOptions { BulkDataThreshold = 1024, BulkDataUriProvider = e => "https://example.test/bulk/" + e.Tag.ToJsonKey() };
            var json = DicomJson.Serialize(dataset, options);
            Assert.Contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"https://example.test/bulk/7FE00010\"}", json);
            Assert.Contains("\"00091010\":{\"vr\":\"OB\",\"InlineBinary\":", json);

            var resolved = DicomJson.Deserialize(json, new DicomJsonOptions { BulkDataResolver = uri => new byte[] { 9, 9 } });
            Assert.Equal(new byte[] { 9, 9 }, resolved[DicomTag.PixelData].RawValue);
            var unresolved = DicomJson.Deserialize(json);
            Assert.Equal("https://example.test/bulk/7FE00010", unresolved[DicomTag.PixelData].BulkDataUri);
            var error = Assert.Throws<InvalidOperationException>(() => DicomWriter.WriteDataset(new MemoryStream(), unresolved));
            Assert.Contains("BulkDataURI", error.Message);
        }

        [Fact]
        public void StreamApiAndArrays()
        {
            var a = new DicomDataset();
            a.AddOrUpdate(new DicomTag(0x0020, 0x000D), DicomVR.UI, "1.2.3");
            var array = DicomJson.SerializeArray(new[] { a, a });
            var datasets = DicomJson.DeserializeArray(new MemoryStream(Encoding.UTF8.GetBytes(array)));
            Assert.Equal(2, datasets.Count);
            Assert.Equal("1.2.3", datasets[1].GetString("StudyInstanceUID"));
            var stream = new MemoryStream();
            DicomJson.Serialize(a, stream);
            Assert.Equal("{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}", Encoding.UTF8.GetString(stream.ToArray()));
        }

        [Theory]
        [InlineData("{")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("[")]
        [InlineData("[{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}},")]
        [InlineData("[{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}} {}]")]
        [InlineData("[1]")]
        [InlineData("{\"0010\":{\"vr\":\"PN\"}}")]
        [InlineData("{\"00100010\":{\"vr\":\"ZZ\"}}")]
        [InlineData("{\"00280010\":{\"vr\":\"US\",\"Value\":[70000]}}")]
        [InlineData("{\"00280010\":{\"vr\":\"US\",\"Value\":[\"x\"]}}")]
        [InlineData("{\"00091010\":{\"vr\":\"OB\",\"InlineBinary\":\"***\"}}")]
        public void MalformedJsonIsAFormatException(string json)
        {
            Assert.Throws<DicomFormatException>(() => DicomJson.Deserialize(json));
        }

        [Fact]
        public void AnArrayIsReadElementByElementInOrder()
        {
            var json = "[{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}}, /* between */ null, {\"00100020\":{\"vr\":\"LO\",\"Value\":[\"C\"]}}]";
            var datasets = DicomJson.DeserializeArray(new MemoryStream(Encoding.UTF8.GetBytes(json)));
            Assert.Equal(3, datasets.Count);
            Assert.Equal("A", datasets[0].GetString("PatientID"));
            Assert.Empty(datasets[1]);
            Assert.Equal("C", datasets[2].GetString("PatientID"));
        }

        [Fact]
        public void AnUnclosedArraySaysWhereItStopped()
        {
            var error = Assert.Throws<DicomFormatException>(() => DicomJson.DeserializeArray("[{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}},\n{\"00100020\":"));
            Assert.Contains("line 2", error.Message);
        }

        [Fact]
        public void AcceptsLowerCaseKeysAndNumericStrings()
        {
            var dataset = DicomJson.Deserialize("{\"0028000a\":{\"vr\":\"DS\",\"Value\":[\"1.50\"]},\"00280010\":{\"vr\":\"US\",\"Value\":[\"12\"]}}");
            Assert.Equal(1.5, dataset[new DicomTag(0x0028, 0x000A)].GetDouble());
            Assert.Equal(12L, dataset["Rows"].GetInt64());
        }

        [Theory]
        [InlineData("0", true)]
        [InlineData("-0", true)]
        [InlineData("12", true)]
        [InlineData("-12.50", true)]
        [InlineData("1e5", true)]
        [InlineData("1.5E-07", true)]
        [InlineData("0.0", true)]
        [InlineData("", false)]
        [InlineData("-", false)]
        [InlineData("01", false)]
        [InlineData("1.", false)]
        [InlineData(".5", false)]
        [InlineData("+1", false)]
        [InlineData("1e", false)]
        [InlineData("1e+", false)]
        [InlineData(" 1", false)]
        [InlineData("1 ", false)]
        [InlineData("1.5.2", false)]
        [InlineData("NaN", false)]
        [InlineData("١", false)]   // an Arabic-Indic digit is not a JSON digit
        public void Json_number_check_follows_the_JSON_grammar(string text, bool expected)
        {
            Assert.Equal(expected, DicomJson.IsJsonNumber(text));
        }

        [Fact]
        public void Json_number_check_agrees_with_the_grammar_as_a_regular_expression_on_random_text()
        {
            var grammar = new System.Text.RegularExpressions.Regex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            var random = new Random(20261125);
            const string alphabet = "0123456789-+.eE x";
            for (var i = 0; i < 100_000; i++)
            {
                var chars = new char[random.Next(0, 8)];
                for (var j = 0; j < chars.Length; j++)
                {
                    chars[j] = alphabet[random.Next(alphabet.Length)];
                }
                var text = new string(chars);
                Assert.True(grammar.IsMatch(text) == DicomJson.IsJsonNumber(text), $"'{text}'");
            }
        }
    }
}
