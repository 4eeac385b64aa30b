using System;
using System.IO;
using System.Linq;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    public class DicomDictionaryTests
    {
        private static readonly string TsvPath = Path.Combine(AppContext.BaseDirectory, "data", "dicom-dictionary", "dicom-dictionary.tsv");

        /// <summary>
        /// The generated C# must hold exactly the rows of tools/dicom-dictionary/dicom-dictionary.tsv; if this
        /// fails, run: dotnet pwsh -NoProfile -File tools/dicom-dictionary/Generate-DicomDictionary.ps1
        /// </summary>
        [Fact]
        public void GeneratedDictionaryMatchesTheTsv()
        {
            var rows = File.ReadAllLines(TsvPath).Skip(1).Where(l => l.Length > 0).ToList();
            var entries = DicomDictionary.Entries;
            Assert.Equal(rows.Count, entries.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                var fields = rows[i].Split('\t');
                var entry = entries[i];
                var tagText = fields[0];
                var pattern = string.Concat(Enumerable.Range(0, 8).Select(n => ((entry.Mask >> (28 - 4 * n)) & 0xF) == 0 ? "x" : ((entry.Tag >> (28 - 4 * n)) & 0xF).ToString("X")));
                Assert.Equal(tagText, pattern);
                Assert.Equal(fields[1], entry.ValueRepresentations.Count == 0 ? "NONE" : string.Join("/", entry.ValueRepresentations));
                Assert.Equal(fields[2], entry.ValueMultiplicity);
                Assert.Equal(fields[3], entry.Keyword);
                Assert.Equal(fields[4], entry.Name);
                Assert.Equal(fields[5] == "1", entry.IsRetired);
            }
        }

        [Fact]
        public void LooksUpByTagAndKeyword()
        {
            var entry = DicomDictionary.Lookup(new DicomTag(0x0010, 0x0010));
            Assert.Equal("PatientName", entry.Keyword);
            Assert.Equal("Patient's Name", entry.Name);
            Assert.Equal(DicomVR.PN, entry.DefaultVR);
            Assert.False(entry.IsRetired);
            Assert.Same(entry, DicomDictionary.LookupKeyword("patientname"));
            Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0009, 0x1001)));
        }

        [Fact]
        public void MatchesRepeatingGroupsOnEvenGroupsOnly()
        {
            var overlay = DicomDictionary.Lookup(new DicomTag(0x6002, 0x3000));
            Assert.Equal("OverlayData", overlay.Keyword);
            Assert.Equal(new[] { DicomVR.OB, DicomVR.OW }, overlay.ValueRepresentations);
            Assert.True(overlay.IsRepeatingGroup);
            Assert.Null(DicomDictionary.Lookup(new DicomTag(0x6001, 0x3000)));
            Assert.True(DicomDictionary.Lookup(new DicomTag(0x5004, 0x3000)).IsRetired);
        }

        [Fact]
        public void ImplicitVRRulesForPrivateAndGroupLength()
        {
            Assert.Equal(DicomVR.LO, DicomDictionary.GetImplicitVR(new DicomTag(0x0029, 0x0010)));
            Assert.Equal(DicomVR.UN, DicomDictionary.GetImplicitVR(new DicomTag(0x0029, 0x1010)));
            Assert.Equal(DicomVR.UL, DicomDictionary.GetImplicitVR(new DicomTag(0x0008, 0x0000)));
            Assert.Equal(DicomVR.UN, DicomDictionary.GetImplicitVR(new DicomTag(0x0008, 0xFFF0)));
        }

        [Theory]
        [InlineData("00100010")]
        [InlineData("(0010,0010)")]
        [InlineData("0010,0010")]
        [InlineData("PatientName")]
        public void TagParsesAllForms(string text)
        {
            Assert.Equal(new DicomTag(0x0010, 0x0010), DicomTag.Parse(text));
        }

        [Fact]
        public void TagRejectsNonsense()
        {
            Assert.False(DicomTag.TryParse("NotAKeyword", out _));
            Assert.Throws<FormatException>(() => DicomTag.Parse("0010001"));
            Assert.Equal("(7FE0,0010)", DicomTag.PixelData.ToString());
            Assert.Equal("7FE00010", DicomTag.PixelData.ToJsonKey());
            Assert.Equal("PixelData", DicomTag.PixelData.Keyword);
        }
    }
}
