using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    /// <summary>
    /// A file cut anywhere either is a dataset that ends on an element boundary or gives a
    /// DicomFormatException with offset and reason: never a silent partial element. Header-only reading
    /// obeys the same rule up to and including the Pixel Data element's header (and, for native pixel
    /// data on a seekable stream, its declared length).
    /// </summary>
    public class DicomTruncationTests
    {
        private const string CtSmall = "pydicom/test_files/CT_small.dcm";

        public static IEnumerable<object[]> Samples() => new[]
        {
            CtSmall,                                          // explicit VR LE, native pixel data, trailing padding
            "pydicom/test_files/MR_small_bigendian.dcm",      // explicit VR big endian
            "pydicom/test_files/rtplan.dcm",                  // implicit VR, defined-length sequences, no pixel data
            "pydicom/test_files/rtdose_rle_1frame.dcm",       // encapsulated pixel data, explicit UN
            "pydicom/test_files/ExplVR_BigEndNoMeta.dcm",     // raw dataset without preamble or meta
            "pydicom/test_files/nested_priv_SQ.dcm",          // undefined-length nested sequences
        }.Select(s => new object[] { s });

        private sealed class Outcome
        {
            public DicomFile File;
            public DicomFormatException Error;
            public (int, int) Key => (File.FileMetaInformation.Count, File.Dataset.Count);
        }

        private static Outcome Read(byte[] bytes, int length, DicomReadOptions options)
        {
            try
            {
                return new Outcome { File = DicomFile.Open(new MemoryStream(bytes, 0, length, writable: false), options) };
            }
            catch (DicomFormatException ex)
            {
                Assert.True(ex.Offset >= 0 && ex.Offset <= length, "offset " + ex.Offset + " for a " + length + "-byte input");
                Assert.False(string.IsNullOrEmpty(ex.Reason));
                return new Outcome { Error = ex };
            }
        }

        [Theory]
        [MemberData(nameof(Samples))]
        public void EveryPrefixIsADatasetEndingOnAnElementBoundaryOrIsRejected(string sample)
        {
            var bytes = File.ReadAllBytes(DicomSamples.PathOf(sample));
            var whole = DicomFile.Open(new MemoryStream(bytes));
            var full = new Outcome[bytes.Length + 1];
            var boundaryOf = new Dictionary<(int, int), int>();
            for (int n = 0; n <= bytes.Length; n++)
            {
                var outcome = full[n] = Read(bytes, n, DicomReadOptions.Default);
                if (outcome.File == null) continue;
                // Distinct boundaries hold distinct element counts: two lengths giving the same count means
                // one of them ended inside an element that was silently dropped.
                Assert.False(boundaryOf.TryGetValue(outcome.Key, out var earlier), sample + ": prefixes of " + earlier + " and " + n + " bytes both parse as " + outcome.Key + " elements");
                boundaryOf[outcome.Key] = n;
                // What was read is exactly the start of the whole file: no element was cut short.
                SameElements(new DicomDataset(whole.FileMetaInformation.Take(outcome.File.FileMetaInformation.Count)), outcome.File.FileMetaInformation, sample + "@" + n + " meta ");
                SameElements(new DicomDataset(whole.Dataset.Take(outcome.File.Dataset.Count)), outcome.File.Dataset, sample + "@" + n + " ");
            }
            Assert.NotNull(full[bytes.Length].File);

            // Header only: identical up to the start of Pixel Data; a cut inside its header (or, native, its
            // declared value) is truncation too; past that, the bytes are never read.
            var headerOnlyWhole = DicomFile.Open(new MemoryStream(bytes), DicomReadOptions.HeaderOnly);
            var pixelData = whole.Dataset[DicomTag.PixelData];
            int pixelDataStart = pixelData == null ? bytes.Length : boundaryOf[(whole.FileMetaInformation.Count, headerOnlyWhole.Dataset.Count)];
            int mustThrowBelow = pixelDataStart;
            if (pixelData != null)
            {
                int header = whole.IsExplicitVR ? 12 : 8;
                mustThrowBelow = pixelData is DicomFragmentSequence ? pixelDataStart + header : pixelDataStart + header + pixelData.RawValue.Length;
            }
            for (int n = 0; n <= bytes.Length; n++)
            {
                var headerOnly = Read(bytes, n, DicomReadOptions.HeaderOnly);
                if (n <= pixelDataStart)
                {
                    Assert.True((headerOnly.File == null) == (full[n].File == null), sample + "@" + n + ": header-only " + (headerOnly.Error?.Reason ?? "parsed") + ", full read " + (full[n].Error?.Reason ?? "parsed"));
                    if (headerOnly.File != null) SameElements(full[n].File.Dataset, headerOnly.File.Dataset, sample + "@" + n + " ");
                }
                else if (n < mustThrowBelow)
                {
                    Assert.True(headerOnly.Error != null, sample + "@" + n + ": header-only read of a file cut inside Pixel Data parsed");
                    Assert.Equal(pixelDataStart, headerOnly.Error.Offset);
                    Assert.True(IsTruncation(headerOnly.Error), headerOnly.Error.Reason);
                }
                else
                {
                    Assert.True(headerOnly.File != null, sample + "@" + n + ": " + headerOnly.Error?.Message);
                    Assert.Equal(headerOnlyWhole.Dataset.Count, headerOnly.File.Dataset.Count);
                }
            }
        }

        [Fact]
        public void HeaderOnlyReadOfAFileCutInsideAnElementHeaderNamesFileOffsetAndReason()
        {
            var bytes = File.ReadAllBytes(DicomSamples.PathOf(CtSmall));
            // The first 400 bytes end exactly after (0008,0012): a legitimate (short) header-only dataset.
            var clean = DicomFile.Open(new MemoryStream(bytes, 0, 400), DicomReadOptions.HeaderOnly);
            Assert.Equal(3, clean.Dataset.Count);
            Assert.Equal("20040119", clean.Dataset.GetString("InstanceCreationDate"));

            var path = Path.Combine(Path.GetTempPath(), "hc-dicom-" + Guid.NewGuid().ToString("N") + ".dcm");
            try
            {
                // 403 bytes: inside the tag of (0008,0013), which starts at 400.
                File.WriteAllBytes(path, bytes.Take(403).ToArray());
                var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path, DicomReadOptions.HeaderOnly));
                Assert.Equal(path, error.FilePath);
                Assert.Equal(400, error.Offset);
                Assert.Contains("truncated", error.Reason);

                // Inside the Pixel Data header, and inside its value: truncated as in a full read.
                int pixelData = IndexOfPixelDataTag(bytes);
                foreach (var cut in new[] { pixelData + 4, pixelData + 8, pixelData + 11, pixelData + 12, pixelData + 1000 })
                {
                    File.WriteAllBytes(path, bytes.Take(cut).ToArray());
                    var inFull = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
                    var inHeaderOnly = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path, DicomReadOptions.HeaderOnly));
                    Assert.Equal(pixelData, inHeaderOnly.Offset);
                    Assert.Equal(inFull.Offset, inHeaderOnly.Offset);
                    Assert.Equal(inFull.Reason, inHeaderOnly.Reason);
                    Assert.True(IsTruncation(inHeaderOnly), inHeaderOnly.Reason);
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void HeaderOnlyOnANonSeekableStreamStillChecksThePixelDataHeader()
        {
            var bytes = File.ReadAllBytes(DicomSamples.PathOf(CtSmall));
            int pixelData = IndexOfPixelDataTag(bytes);
            var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(new DicomHostileInputTests.NonSeekableStream(bytes.Take(pixelData + 10).ToArray()), DicomReadOptions.HeaderOnly));
            Assert.Equal(pixelData, error.Offset);
            // The value's length cannot be checked without reading it: this is a header-only dataset.
            var file = DicomFile.Open(new DicomHostileInputTests.NonSeekableStream(bytes.Take(pixelData + 100).ToArray()), DicomReadOptions.HeaderOnly);
            Assert.False(file.Dataset.Contains(DicomTag.PixelData));
        }

        [Fact]
        public void HeaderOnlyDoesNotApplyTheValueLimitToPixelDataItNeverReads()
        {
            var path = DicomSamples.PathOf(CtSmall);
            var options = new DicomReadOptions { StopBeforePixelData = true, MaxValueLength = 8192 };
            Assert.Equal("CT", DicomFile.Open(path, options).Dataset.GetString("Modality"));
            Assert.Contains("(7FE0,0010) value length 32768 exceeds the limit", Assert.Throws<DicomFormatException>(() => DicomFile.Open(path, new DicomReadOptions { MaxValueLength = 8192 })).Reason);
        }

        [Fact]
        public void AFileCutInsideItsFileMetaInformationIsTruncated()
        {
            var bytes = File.ReadAllBytes(DicomSamples.PathOf(CtSmall));
            // CT_small's meta: (0002,0000) at 132 declares 192 bytes after it, so the group ends at 336.
            // 0x114 is the boundary after (0002,0010); 0x116 is inside the (0002,0012) header.
            foreach (var cut in new[] { 0x114, 0x116, 335 })
            {
                foreach (var options in new[] { DicomReadOptions.Default, DicomReadOptions.HeaderOnly })
                {
                    var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(new MemoryStream(bytes, 0, cut), options));
                    Assert.Contains("truncated", error.Reason);
                    if (cut != 335) Assert.Contains("File Meta Information", error.Reason); // 335: inside the last meta value
                }
            }
            // Ending exactly after the meta information is an (empty) dataset, as before.
            Assert.Empty(DicomFile.Open(new MemoryStream(bytes, 0, 336), DicomReadOptions.HeaderOnly).Dataset);
        }

        [Fact]
        public void ADeflatedFileCutInsideItsMetaOrFirstBlockIsTruncated()
        {
            var bytes = File.ReadAllBytes(DicomSamples.PathOf("pydicom/test_files/image_dfl.dcm"));
            int metaEnd = 132 + 12 + BitConverter.ToInt32(bytes, 140);
            // Before: the partial meta element header went to the inflater and the result was an empty dataset.
            foreach (var cut in new[] { metaEnd - 60, metaEnd - 3, metaEnd + 1, metaEnd + 50 })
            {
                var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(new MemoryStream(bytes, 0, cut), DicomReadOptions.HeaderOnly));
                Assert.Contains("truncated", error.Reason);
            }
        }

        // Exact comparison (DatasetAssert.SameBytes allows the writer's odd-length padding; a read must not differ at all).
        private static void SameElements(DicomDataset expected, DicomDataset actual, string where)
        {
            Assert.True(expected.Count == actual.Count, where + ": " + expected.Count + " vs " + actual.Count + " elements");
            foreach (var (left, right) in expected.Zip(actual, (l, r) => (l, r)))
            {
                var at = where + left.Tag;
                Assert.True(left.Tag == right.Tag && left.VR == right.VR && left.GetType() == right.GetType(), at + ": " + right);
                Assert.True(left.RawValue.SequenceEqual(right.RawValue), at + ": value bytes differ");
                if (left is DicomSequence sequence)
                {
                    var other = (DicomSequence)right;
                    Assert.True(sequence.Items.Count == other.Items.Count, at + ": item count");
                    for (int i = 0; i < sequence.Items.Count; i++) SameElements(sequence.Items[i], other.Items[i], at + "[" + i + "]");
                }
                if (left is DicomFragmentSequence fragments)
                {
                    var other = (DicomFragmentSequence)right;
                    Assert.True(fragments.BasicOffsetTable.SequenceEqual(other.BasicOffsetTable) && fragments.Fragments.Count == other.Fragments.Count, at + ": fragments");
                    for (int i = 0; i < fragments.Fragments.Count; i++) Assert.True(fragments.Fragments[i].SequenceEqual(other.Fragments[i]), at + ": fragment " + i);
                }
            }
        }

        private static bool IsTruncation(DicomFormatException error) => error.Reason.Contains("truncated") || error.Reason.Contains("runs past the end of the input");

        private static int IndexOfPixelDataTag(byte[] bytes)
        {
            // Explicit VR little endian: the tag followed by "OW" or "OB" (never found inside the header's values here).
            for (int i = 132; i + 6 <= bytes.Length; i++)
                if (bytes[i] == 0xE0 && bytes[i + 1] == 0x7F && bytes[i + 2] == 0x10 && bytes[i + 3] == 0x00 && bytes[i + 4] == 'O' && (bytes[i + 5] == 'W' || bytes[i + 5] == 'B')) return i;
            throw new InvalidOperationException("no (7FE0,0010)");
        }
    }
}
