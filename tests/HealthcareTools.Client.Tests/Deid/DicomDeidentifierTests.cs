using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HealthcareTools.Client.Deid;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Deid
{
    /// <summary>Each action of Table E.1-1 on constructed datasets.</summary>
    public class DicomDeidentifierTests
    {
        private const string StudyUid = "1.2.826.0.1.3680043.2.1125.1";
        private const string SeriesUid = "1.2.826.0.1.3680043.2.1125.2";
        private const string SopUid = "1.2.826.0.1.3680043.2.1125.3";
        private const string RefSopUid = "1.2.826.0.1.3680043.2.1125.4";
        private const string FrameUid = "1.2.826.0.1.3680043.2.1125.5";
        private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

        internal static DicomElement Text(string keywordOrTag, DicomVR vr, params string[] values)
            => DicomElementFactory.FromStrings(DicomTag.Parse(keywordOrTag), vr, values, DicomCharacterSet.Default);

        internal static DicomDataset Item(params DicomElement[] elements) => new DicomDataset(elements);

        private static DicomDataset Sample()
        {
            var ds = new DicomDataset();
            ds.AddOrUpdate(new DicomElement(new DicomTag(0x0008, 0x0000), DicomVR.UL, new byte[4])); // group length
            ds.AddOrUpdate(Text("SpecificCharacterSet", DicomVR.CS, "ISO_IR 100"));
            ds.AddOrUpdate(Text("SOPClassUID", DicomVR.UI, CtImageStorage));
            ds.AddOrUpdate(Text("SOPInstanceUID", DicomVR.UI, SopUid));
            ds.AddOrUpdate(Text("StudyDate", DicomVR.DA, "20240102"));              // Z
            ds.AddOrUpdate(Text("SeriesDate", DicomVR.DA, "20240102"));             // X/D
            ds.AddOrUpdate(Text("AcquisitionDate", DicomVR.DA, "20240102"));        // X/Z
            ds.AddOrUpdate(Text("ContentDate", DicomVR.DA, "20240102"));            // Z/D
            ds.AddOrUpdate(Text("AccessionNumber", DicomVR.SH, "ACC123"));          // Z
            ds.AddOrUpdate(Text("Modality", DicomVR.CS, "CT"));                     // not listed: K
            ds.AddOrUpdate(Text("InstitutionName", DicomVR.LO, "St Elsewhere"));   // X/Z/D
            ds.AddOrUpdate(Text("ReferringPhysicianName", DicomVR.PN, "Doe^John"));  // Z
            ds.AddOrUpdate(Text("StudyDescription", DicomVR.LO, "Head CT"));        // X
            ds.AddOrUpdate(new DicomSequence(DicomTag.Parse("ReferencedImageSequence"), new[]   // X/Z/U*
            {
                Item(Text("ReferencedSOPClassUID", DicomVR.UI, CtImageStorage), Text("ReferencedSOPInstanceUID", DicomVR.UI, RefSopUid)),
            }));
            ds.AddOrUpdate(new DicomSequence(DicomTag.Parse("RequestAttributesSequence"), new[] { Item(Text("RequestedProcedureID", DicomVR.SH, "RP1")) })); // X
            ds.AddOrUpdate(Text("PatientName", DicomVR.PN, "Smith^Jane"));          // Z
            ds.AddOrUpdate(Text("PatientID", DicomVR.LO, "PID-42"));                // Z/D
            ds.AddOrUpdate(Text("PatientBirthDate", DicomVR.DA, "19700101"));       // Z
            ds.AddOrUpdate(Text("OtherPatientIDs", DicomVR.LO, "X1\\X2"));          // X
            ds.AddOrUpdate(new DicomElement(new DicomTag(0x0010, 0x1030), DicomVR.DS, System.Text.Encoding.ASCII.GetBytes("70"))); // PatientWeight X
            ds.AddOrUpdate(Text("00190010", DicomVR.LO, "ACME 1.0"));               // private creator
            ds.AddOrUpdate(Text("00191001", DicomVR.LO, "secret"));                 // private element
            ds.AddOrUpdate(Text("StudyInstanceUID", DicomVR.UI, StudyUid));         // U
            ds.AddOrUpdate(Text("SeriesInstanceUID", DicomVR.UI, SeriesUid));       // U
            ds.AddOrUpdate(Text("FrameOfReferenceUID", DicomVR.UI, FrameUid));      // U
            ds.AddOrUpdate(new DicomSequence(DicomTag.Parse("ContentSequence"), new[]  // D
            {
                Item(Text("RelationshipType", DicomVR.CS, "CONTAINS"), Text("ValueType", DicomVR.CS, "TEXT"),
                     Text("TextValue", DicomVR.UT, "Patient Jane Smith, MRN 42"),
                     Text("ReferencedSOPInstanceUID", DicomVR.UI, RefSopUid)),
            }));
            ds.AddOrUpdate(new DicomElement(new DicomTag(0x5000, 0x3000), DicomVR.OW, new byte[8]));  // curve: X
            ds.AddOrUpdate(new DicomElement(new DicomTag(0x6000, 0x0010), DicomVR.US, new byte[] { 4, 0 })); // overlay rows: K
            ds.AddOrUpdate(new DicomElement(new DicomTag(0x6000, 0x3000), DicomVR.OW, new byte[8]));  // overlay data: X
            ds.AddOrUpdate(new DicomElement(DicomTag.PixelData, DicomVR.OW, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
            return ds;
        }

        private static DicomDeidentifier Basic(Action<DicomConfig> tweak = null, DeidentifyOptions options = null, DicomUidMapper mapper = null)
        {
            var dicom = new DicomConfig { Profile = TagFilterProfile.AttributeConfidentialityBasic };
            tweak?.Invoke(dicom);
            return new DicomDeidentifier(new DeidentifyConfig { Dicom = dicom }, mapper, options);
        }

        [Fact]
        public void BasicProfileAppliesEachActionType()
        {
            var mapper = new DicomUidMapper();
            var source = Sample();
            var output = Basic(mapper: mapper).Deidentify(source);

            // Z: present, empty
            foreach (var keyword in new[] { "StudyDate", "AccessionNumber", "ReferringPhysicianName", "PatientName", "PatientBirthDate" })
            {
                Assert.True(output.Contains(DicomTag.Parse(keyword)), keyword);
                Assert.Empty(output[keyword].RawValue);
            }
            // X: gone
            foreach (var keyword in new[] { "StudyDescription", "OtherPatientIDs", "PatientWeight", "RequestAttributesSequence" })
                Assert.False(output.Contains(DicomTag.Parse(keyword)), keyword);
            // combined codes under PreserveConformance: X/Z -> Z, X/D, Z/D, X/Z/D -> D
            Assert.Empty(output["AcquisitionDate"].RawValue);
            Assert.Equal("19000101", output.GetString("SeriesDate"));
            Assert.Equal("19000101", output.GetString("ContentDate"));
            var institution = output.GetString("InstitutionName");
            Assert.StartsWith("ANON", institution);
            var patientId = output.GetString("PatientID");
            Assert.StartsWith("ANON", patientId);
            Assert.NotEqual("PID-42", patientId);
            Assert.Equal(DicomVR.LO, output["PatientID"].VR);
            // U: remapped consistently, also inside sequences
            Assert.Equal(mapper.Map(StudyUid), output.GetString("StudyInstanceUID"));
            Assert.Equal(mapper.Map(SeriesUid), output.GetString("SeriesInstanceUID"));
            Assert.Equal(mapper.Map(SopUid), output.GetString("SOPInstanceUID"));
            Assert.Equal(mapper.Map(FrameUid), output.GetString("FrameOfReferenceUID"));
            Assert.NotEqual(StudyUid, output.GetString("StudyInstanceUID"));
            Assert.Equal(CtImageStorage, output.GetString("SOPClassUID"));
            // X/Z/U*: sequence kept, instance UIDs inside remapped, class UIDs kept
            var reference = Assert.Single(output.GetSequence(DicomTag.Parse("ReferencedImageSequence")));
            Assert.Equal(mapper.Map(RefSopUid), reference.GetString("ReferencedSOPInstanceUID"));
            Assert.Equal(CtImageStorage, reference.GetString("ReferencedSOPClassUID"));
            // D on a sequence: shape kept, coded strings kept, text replaced, UIDs remapped
            var content = Assert.Single(output.GetSequence(DicomTag.Parse("ContentSequence")));
            Assert.Equal("CONTAINS", content.GetString("RelationshipType"));
            Assert.Equal("TEXT", content.GetString("ValueType"));
            Assert.DoesNotContain("Smith", content.GetString("TextValue"));
            Assert.StartsWith("ANON", content.GetString("TextValue"));
            Assert.Equal(mapper.Map(RefSopUid), content.GetString("ReferencedSOPInstanceUID"));
            // K: unlisted attributes stay; private, curves, overlay data and group lengths go
            Assert.Equal("CT", output.GetString("Modality"));
            Assert.Equal("ISO_IR 100", output.GetString("SpecificCharacterSet"));
            Assert.DoesNotContain(output, e => (e.Tag.Group & 1) == 1);
            Assert.False(output.Contains(new DicomTag(0x5000, 0x3000)));
            Assert.False(output.Contains(new DicomTag(0x6000, 0x3000)));
            Assert.True(output.Contains(new DicomTag(0x6000, 0x0010)));
            Assert.False(output.Contains(new DicomTag(0x0008, 0x0000)));
            // pixel data untouched (same bytes)
            Assert.Equal(source[DicomTag.PixelData].RawValue, output[DicomTag.PixelData].RawValue);
            // markers
            Assert.Equal("YES", output.GetString("PatientIdentityRemoved"));
            Assert.Equal("Basic Application Confidentiality Profile", output.GetString("DeidentificationMethod"));
            var code = Assert.Single(output.GetSequence(DicomTag.Parse("DeidentificationMethodCodeSequence")));
            Assert.Equal("113100", code.GetString("CodeValue"));
            Assert.Equal("DCM", code.GetString("CodingSchemeDesignator"));
            Assert.Equal("REMOVED", output.GetString("LongitudinalTemporalInformationModified"));
            // ascending tag order, and the input is untouched
            var tags = output.Select(e => e.Tag.Value).ToList();
            Assert.Equal(tags.OrderBy(t => t), tags);
            Assert.Equal("Smith^Jane", source.GetString("PatientName"));
            Assert.Equal(StudyUid, source.GetString("StudyInstanceUID"));
        }

        [Fact]
        public void MaximumRemovalPolicyTakesTheLeftmostLetter()
        {
            var output = Basic(options: new DeidentifyOptions { CombinedActionPolicy = CombinedActionPolicy.MaximumRemoval }).Deidentify(Sample());
            foreach (var keyword in new[] { "SeriesDate", "AcquisitionDate", "InstitutionName", "ReferencedImageSequence" })
                Assert.False(output.Contains(DicomTag.Parse(keyword)), keyword);
            Assert.Empty(output["PatientID"].RawValue);
            Assert.Empty(output["ContentDate"].RawValue);
        }

        [Fact]
        public void KeepListWinsOverProfileAndRemoveListRemoves()
        {
            var deid = Basic(d =>
            {
                d.KeepTags = new List<string> { "PatientName", "00080020", "00191001", "StudyInstanceUID" };
                d.RemoveTags = new List<string> { "Modality", "(6000,0010)" };
            });
            var output = deid.Deidentify(Sample());
            Assert.Equal("Smith^Jane", output.GetString("PatientName"));
            Assert.Equal("20240102", output.GetString("StudyDate"));
            Assert.Equal("secret", output.GetString("00191001"));
            Assert.Equal("ACME 1.0", output.GetString("00190010")); // creator kept with its element
            Assert.False(output.Contains(DicomTag.Parse("Modality")));
            Assert.False(output.Contains(new DicomTag(0x6000, 0x0010)));
            // the primary UIDs follow skipIdRedaction only
            Assert.NotEqual(StudyUid, output.GetString("StudyInstanceUID"));
            // the rest of the profile still applies
            Assert.Empty(output["PatientBirthDate"].RawValue);
            Assert.Equal("UNMODIFIED", output.GetString("LongitudinalTemporalInformationModified"));
            Assert.Contains("Keep list overrides profile", output.GetStrings(DicomTag.Parse("DeidentificationMethod")));
        }

        [Fact]
        public void SkipIdRedactionKeepsThePrimaryUidsOnly()
        {
            var output = Basic(d => d.SkipIdRedaction = true).Deidentify(Sample());
            Assert.Equal(StudyUid, output.GetString("StudyInstanceUID"));
            Assert.Equal(SeriesUid, output.GetString("SeriesInstanceUID"));
            Assert.Equal(SopUid, output.GetString("SOPInstanceUID"));
            Assert.Equal(RefSopUid, output.GetSequence(DicomTag.Parse("ReferencedImageSequence"))[0].GetString("ReferencedSOPInstanceUID"));
            Assert.NotEqual(FrameUid, output.GetString("FrameOfReferenceUID"));
            Assert.Contains(output.GetSequence(DicomTag.Parse("DeidentificationMethodCodeSequence")), i => i.GetString("CodeValue") == "113110");
        }

        [Fact]
        public void KeepAllKeepsEverythingButRegeneratesPrimaryUids()
        {
            var mapper = new DicomUidMapper();
            var source = Sample();
            var output = new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { Profile = TagFilterProfile.KeepAll } }, mapper).Deidentify(source);
            Assert.Equal("Smith^Jane", output.GetString("PatientName"));
            Assert.Equal("secret", output.GetString("00191001"));
            Assert.Equal(mapper.Map(SopUid), output.GetString("SOPInstanceUID"));
            Assert.Equal(mapper.Map(RefSopUid), output.GetSequence(DicomTag.Parse("ReferencedImageSequence"))[0].GetString("ReferencedSOPInstanceUID"));
            Assert.Equal(FrameUid, output.GetString("FrameOfReferenceUID"));
            Assert.False(output.Contains(DicomTag.Parse("PatientIdentityRemoved")));

            var unspecifiedSkip = new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { SkipIdRedaction = true } }).Deidentify(source);
            Assert.Equal(source.Where(e => !e.Tag.IsGroupLength).Select(e => e.Tag).OrderBy(t => t.Value), unspecifiedSkip.Select(e => e.Tag));
            Assert.Equal(SopUid, unspecifiedSkip.GetString("SOPInstanceUID"));
        }

        [Fact]
        public void RemoveListAloneRemovesOnlyThose()
        {
            var output = new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { RemoveTags = { "PatientName", "00100020" }, SkipIdRedaction = true } }).Deidentify(Sample());
            Assert.False(output.Contains(DicomTag.Parse("PatientName")));
            Assert.False(output.Contains(DicomTag.Parse("PatientID")));
            Assert.Equal("19700101", output.GetString("PatientBirthDate"));
        }

        [Fact]
        public void MinimalKeepListKeepsStructureOnly()
        {
            var mapper = new DicomUidMapper();
            var output = new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { Profile = TagFilterProfile.MinimalKeepList } }, mapper).Deidentify(Sample());
            Assert.Equal("CT", output.GetString("Modality"));
            Assert.Equal(mapper.Map(FrameUid), output.GetString("FrameOfReferenceUID"));
            Assert.Empty(output["PatientName"].RawValue);
            Assert.Empty(output["PatientID"].RawValue);
            Assert.False(output.Contains(DicomTag.Parse("InstitutionName")));
            Assert.False(output.Contains(DicomTag.Parse("ContentSequence")));
            Assert.False(output.Contains(new DicomTag(0x6000, 0x0010)));
            Assert.True(output.Contains(DicomTag.PixelData));
            Assert.Equal("YES", output.GetString("PatientIdentityRemoved"));
        }

        [Fact]
        public void KeepListWithoutProfileKeepsMinimalPlusListed()
        {
            var output = new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { KeepTags = { "PatientName", "InstitutionName" } } }).Deidentify(Sample());
            Assert.Equal("Smith^Jane", output.GetString("PatientName"));
            Assert.Equal("St Elsewhere", output.GetString("InstitutionName"));
            Assert.Equal("CT", output.GetString("Modality"));
            Assert.False(output.Contains(DicomTag.Parse("StudyDescription")));
            Assert.False(output.Contains(DicomTag.Parse("PatientIdentityRemoved")));
        }

        [Fact]
        public void DummiesAreValidForTheirVR()
        {
            var ds = new DicomDataset();
            ds.AddOrUpdate(Text("OperatorsName", DicomVR.PN, "Op^Erator"));              // X/Z/D, PN
            ds.AddOrUpdate(Text("StationName", DicomVR.SH, "CT-ROOM-7-WEST"));          // X/Z/D, SH
            ds.AddOrUpdate(Text("AcquisitionDateTime", DicomVR.DT, "20240102101010"));  // X/Z/D, DT
            ds.AddOrUpdate(Text("InstanceCreationTime", DicomVR.TM, "101010"));         // X/Z/D, TM
            ds.AddOrUpdate(new DicomElement(DicomTag.Parse("CertificateOfSigner"), DicomVR.OB, new byte[] { 9, 9, 9, 9 })); // D, OB
            ds.AddOrUpdate(new DicomElement(DicomTag.Parse("ContrastBolusAgent"), DicomVR.UN, System.Text.Encoding.ASCII.GetBytes("IODINE"))); // Z/D, LO read as UN
            var output = Basic().Deidentify(ds);
            Assert.Equal(16, output.GetString("StationName").Length);
            Assert.StartsWith("ANON", output.GetString("OperatorsName"));
            Assert.Equal("19000101000000", output.GetString("AcquisitionDateTime"));
            Assert.Equal("000000", output.GetString("InstanceCreationTime"));
            Assert.Equal(new byte[4], output["CertificateOfSigner"].RawValue);
            Assert.Equal(DicomVR.LO, output["ContrastBolusAgent"].VR);
            Assert.StartsWith("ANON", output.GetString("ContrastBolusAgent"));
        }

        [Fact]
        public void SameValueGetsTheSameDummyAcrossFilesOfARun()
        {
            var deid = Basic();
            var a = deid.Deidentify(Sample());
            var b = deid.Deidentify(Sample());
            Assert.Equal(a.GetString("PatientID"), b.GetString("PatientID"));
            Assert.Equal(a.GetString("StudyInstanceUID"), b.GetString("StudyInstanceUID"));
            Assert.NotEqual(a.GetString("PatientID"), Basic().Deidentify(Sample()).GetString("PatientID"));
        }

        [Fact]
        public void FileHelperRebuildsMetaAndKeepsPixelBytes()
        {
            var source = Sample();
            var meta = new DicomDataset();
            meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, CtImageStorage);
            meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, SopUid);
            meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, DicomTransferSyntax.ExplicitVRLittleEndian);
            meta.AddOrUpdate(new DicomTag(0x0002, 0x0016), DicomVR.AE, "HOSPITAL_PACS"); // SourceApplicationEntityTitle
            var input = new MemoryStream();
            new DicomFile(source, meta).Save(input);
            input.Position = 0;

            var output = new MemoryStream();
            var mapper = new DicomUidMapper();
            new DicomDeidentifier(new DeidentifyConfig { Dicom = new DicomConfig { Profile = TagFilterProfile.AttributeConfidentialityBasic } }, mapper).Deidentify(input, output);
            output.Position = 0;
            var result = DicomFile.Open(output);
            Assert.Equal(mapper.Map(SopUid), result.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
            Assert.Equal(result.Dataset.GetString(DicomTag.SOPInstanceUID), result.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
            Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, result.TransferSyntaxUID);
            Assert.False(result.FileMetaInformation.Contains(new DicomTag(0x0002, 0x0016)));
            Assert.Equal(source[DicomTag.PixelData].RawValue, result.Dataset[DicomTag.PixelData].RawValue);
            Assert.Empty(result.Dataset["PatientName"].RawValue);
        }
    
        [Fact]
        public void UnlistedDatesAreKeptUnlessAskedToCleanThemByVR()
        {
            var ds = new DicomDataset();
            ds.AddOrUpdate(Text("DateOfGainCalibration", DicomVR.DA, "20240102")); // not in Table E.1-1
            ds.AddOrUpdate(Text("TimeOfGainCalibration", DicomVR.TM, "101010"));
            Assert.Equal("20240102", Basic().Deidentify(ds).GetString("DateOfGainCalibration"));
            var cleaned = Basic(options: new DeidentifyOptions { CleanUnlistedDatesAndTimes = true }).Deidentify(ds);
            Assert.Equal("19000101", cleaned.GetString("DateOfGainCalibration"));
            Assert.Equal("000000", cleaned.GetString("TimeOfGainCalibration"));
            var removed = Basic(options: new DeidentifyOptions { CleanUnlistedDatesAndTimes = true, CombinedActionPolicy = CombinedActionPolicy.MaximumRemoval }).Deidentify(ds);
            Assert.False(removed.Contains(DicomTag.Parse("DateOfGainCalibration")));
        }
    }
}
