using System;
using System.Collections.Generic;
using HealthcareTools.Client.Deid;
using HealthcareTools.Client.Dicom;
using Newtonsoft.Json.Linq;
using Xunit;

namespace HealthcareTools.Client.Tests.Deid
{
    public class DeidentifyConfigTests
    {
        [Fact]
        public void ToJsonWritesTheApiWireShape()
        {
            var config = new DeidentifyConfig
            {
                Dicom = new DicomConfig
                {
                    Profile = TagFilterProfile.AttributeConfidentialityBasic,
                    KeepTags = new List<string> { "StudyDate", "00080030" },
                    RemoveTags = new List<string> { "Modality" },
                    SkipIdRedaction = true,
                },
                Image = new ImageConfig { TextRedactionMode = TextRedactionMode.RedactNoText },
            };
            var json = JObject.Parse(config.ToJson());
            Assert.Equal("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE", (string)json["dicom"]["filterProfile"]);
            Assert.Equal(new[] { "StudyDate", "00080030" }, json["dicom"]["keepList"]["tags"].ToObject<string[]>());
            Assert.Equal(new[] { "Modality" }, json["dicom"]["removeList"]["tags"].ToObject<string[]>());
            Assert.True((bool)json["dicom"]["skipIdRedaction"]);
            Assert.Equal("REDACT_NO_TEXT", (string)json["image"]["textRedactionMode"]);
        }

        [Fact]
        public void ToJsonOmitsDefaults()
        {
            Assert.Equal("{\"dicom\":{}}", new DeidentifyConfig().ToJson());
        }

        [Fact]
        public void FromJsonRoundTripsAndKeepsOtherMembers()
        {
            const string json = "{\"dicom\":{\"filterProfile\":\"MINIMAL_KEEP_LIST_PROFILE\",\"keepList\":{\"tags\":[\"PatientSex\"]},\"skipIdRedaction\":false},\"image\":{\"textRedactionMode\":\"REDACT_ALL_TEXT\"},\"fhir\":{\"defaultKeepExtensions\":true}}";
            var config = DeidentifyConfig.FromJson(json);
            Assert.Equal(TagFilterProfile.MinimalKeepList, config.Dicom.Profile);
            Assert.Equal(new[] { "PatientSex" }, config.Dicom.KeepTags);
            Assert.Empty(config.Dicom.RemoveTags);
            Assert.False(config.Dicom.SkipIdRedaction);
            Assert.Equal(TextRedactionMode.RedactAllText, config.Image.TextRedactionMode);
            var back = JObject.Parse(config.ToJson());
            Assert.True((bool)back["fhir"]["defaultKeepExtensions"]);
            Assert.Equal("MINIMAL_KEEP_LIST_PROFILE", (string)back["dicom"]["filterProfile"]);
            Assert.Equal("REDACT_ALL_TEXT", (string)back["image"]["textRedactionMode"]);
        }

        [Theory]
        [InlineData("TAG_FILTER_PROFILE_UNSPECIFIED", TagFilterProfile.Unspecified)]
        [InlineData("KEEP_ALL_PROFILE", TagFilterProfile.KeepAll)]
        [InlineData("DEIDENTIFY_TAG_CONTENTS", TagFilterProfile.DeidentifyTagContents)]
        [InlineData("Basic", TagFilterProfile.AttributeConfidentialityBasic)]
        [InlineData("keepall", TagFilterProfile.KeepAll)]
        public void ParsesProfileNames(string text, TagFilterProfile expected)
        {
            Assert.Equal(expected, DeidentifyConfig.ParseProfile(text));
        }

        [Theory]
        [InlineData("{\"dicom\":{\"filterProfile\":\"NO_SUCH_PROFILE\"}}")]
        [InlineData("{\"dicom\":{\"filterProfile\":\"2\"}}")]
        [InlineData("{\"dicom\":{\"keepList\":[\"PatientName\"]}}")]
        [InlineData("{\"dicom\":{\"skipIdRedaction\":\"yes\"}}")]
        [InlineData("{\"image\":{\"textRedactionMode\":\"BLUR\"}}")]
        [InlineData("[1,2]")]
        [InlineData("not json")]
        public void FromJsonRejectsMalformedConfig(string json)
        {
            Assert.Throws<FormatException>(() => DeidentifyConfig.FromJson(json));
        }

        [Fact]
        public void DeidentifierRejectsWhatItCannotDo()
        {
            Assert.Throws<NotSupportedException>(() => new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { Profile = TagFilterProfile.DeidentifyTagContents } }));
            Assert.Throws<NotSupportedException>(() => new DicomDeidentifier(new DeidentifyConfig { Image = new ImageConfig { TextRedactionMode = TextRedactionMode.RedactSensitiveText } }));
            Assert.Throws<FormatException>(() => new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { KeepTags = { "NotAKeyword" } } }));
            Assert.Throws<ArgumentException>(() => new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { KeepTags = { "PatientName" }, RemoveTags = { "00100010" } } }));
            // No redaction is fine.
            new DicomDeidentifier(new DeidentifyConfig { Image = new ImageConfig { TextRedactionMode = TextRedactionMode.RedactNoText } });
        }

        [Fact]
        public void ProfileTableIsTheEmbeddedEdition()
        {
            Assert.Equal(621, ConfidentialityProfileTable.RowCount);
            Assert.Equal("Z", ConfidentialityProfileTable.GetBasicAction(DicomTag.Parse("PatientName")));
            Assert.Equal("Z/D", ConfidentialityProfileTable.GetBasicAction(DicomTag.Parse("PatientID")));
            Assert.Equal("X/Z/D", ConfidentialityProfileTable.GetBasicAction(DicomTag.Parse("InstitutionName")));
            Assert.Equal("X/Z/U*", ConfidentialityProfileTable.GetBasicAction(DicomTag.Parse("ReferencedImageSequence")));
            Assert.Equal("U", ConfidentialityProfileTable.GetBasicAction(DicomTag.MediaStorageSOPInstanceUID));
            Assert.Equal("X", ConfidentialityProfileTable.GetBasicAction(new DicomTag(0x0029, 0x1010)));
            Assert.Equal("X", ConfidentialityProfileTable.GetBasicAction(new DicomTag(0x6002, 0x3000)));
            Assert.Equal("X", ConfidentialityProfileTable.GetBasicAction(new DicomTag(0x5004, 0x0010)));
            Assert.Null(ConfidentialityProfileTable.GetBasicAction(new DicomTag(0x6002, 0x0010)));
            Assert.Null(ConfidentialityProfileTable.GetBasicAction(DicomTag.Parse("Modality")));
            Assert.Null(ConfidentialityProfileTable.GetBasicAction(DicomTag.PixelData));
        }
    }
}
