using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using HealthcareTools.Client.Dicom;
using Xunit;
using Xunit.Abstractions;

namespace HealthcareTools.Client.Tests.Dicom
{
    /// <summary>
    /// Bounded, deterministic mutation fuzzing: small samples covering every encoding path are bit-flipped,
    /// truncated, given corrupt length fields, spliced and duplicated; the reader (with each option set)
    /// may only succeed or throw <see cref="DicomFormatException"/>, each input within a time bound.
    /// Whatever parses is also pushed through the value accessors and the JSON writer.
    /// </summary>
    public class DicomReaderFuzzTests
    {
        private const int Seed = 20261125;
        private const int Inputs = 100_000;
        private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(2);

        private static readonly string[] Corpus =
        {
            "pydicom/test_files/ExplVR_BigEndNoMeta.dcm",     // raw explicit big endian
            "pydicom/test_files/ExplVR_LitEndNoMeta.dcm",     // raw explicit little endian
            "pydicom/test_files/empty_charset_LEI.dcm",       // implicit VR
            "pydicom/test_files/meta_missing_tsyntax.dcm",    // sniffing, private SQ, UN
            "pydicom/test_files/nested_priv_SQ.dcm",          // nested undefined-length private sequences
            "pydicom/test_files/priv_SQ.dcm",
            "pydicom/test_files/UN_sequence.dcm",             // UN with undefined length (implicit inside)
            "pydicom/test_files/no_meta_group_length.dcm",
            "pydicom/test_files/image_dfl.dcm",               // deflate
            "pydicom/test_files/SC_rgb_rle.dcm",              // encapsulated pixel data
            "pydicom/test_files/rtplan.dcm",                  // implicit, defined-length sequences
            "pydicom/test_files/reportsi.dcm",                // undefined-length SR nesting
            "pydicom/charset_files/chrH32.dcm",               // ISO 2022 escapes
            "pydicom/charset_files/chrSQEncoding.dcm",        // item-level character set
            "pydicom/test_files/dicomdirtests/DICOMDIR-empty.dcm",
        };

        private readonly ITestOutputHelper output;

        public DicomReaderFuzzTests(ITestOutputHelper output) { this.output = output; }

        [Fact]
        public void MutatedSamplesOnlyEverThrowDicomFormatException()
        {
            var samples = Corpus.Select(f => File.ReadAllBytes(DicomSamples.PathOf(f))).ToArray();
            var random = new Random(Seed);
            var failures = new List<string>();
            int parsed = 0, rejected = 0;
            var slowest = TimeSpan.Zero;
            var total = Stopwatch.StartNew();
            var one = new Stopwatch();

            for (int i = 0; i < Inputs; i++)
            {
                int sampleIndex = random.Next(samples.Length);
                var input = Mutate(samples[sampleIndex], samples, random, out var mutation);
                var options = (i & 3) switch
                {
                    0 => DicomReadOptions.Default,
                    1 => DicomReadOptions.HeaderOnly,
                    2 => new DicomReadOptions { ConvertKnownUN = true, DetectPrivateSequences = true },
                    _ => new DicomReadOptions { Strict = true, SkipPixelData = true },
                };
                one.Restart();
                try
                {
                    var file = DicomFile.Open(new MemoryStream(input, writable: false), options);
                    Exercise(file.Dataset);
                    parsed++;
                }
                catch (DicomFormatException ex) when (ex.InnerException == null || ex.InnerException is InvalidDataException)
                {
                    rejected++; // InvalidDataException: corrupt deflate data, reported by DeflateStream
                }
                catch (Exception ex)
                {
                    // Includes a DicomFormatException wrapping an unexpected exception: the reader's safety net
                    // must not hide bugs such as an IndexOutOfRangeException.
                    var shown = ex.InnerException ?? ex;
                    if (failures.Count < 10) failures.Add("input " + i + " (" + Corpus[sampleIndex] + ", " + mutation + "): " + shown.GetType().Name + ": " + shown.Message + "\n" + shown.StackTrace);
                }
                one.Stop();
                if (one.Elapsed > slowest) slowest = one.Elapsed;
                if (one.Elapsed > PerInputLimit && failures.Count < 10) failures.Add("input " + i + " (" + Corpus[sampleIndex] + ", " + mutation + ") took " + one.Elapsed);
            }

            output.WriteLine($"{Inputs} inputs in {total.Elapsed.TotalSeconds:F1} s: {parsed} parsed, {rejected} rejected with DicomFormatException; slowest {slowest.TotalMilliseconds:F1} ms");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        // Touch every accessor a caller might use; none may throw on whatever the reader accepted.
        private static void Exercise(DicomDataset dataset)
        {
            foreach (var element in dataset)
            {
                _ = element.ToString();
                _ = element.GetValues();
                _ = element.ValueCount;
                if (DicomVRInfo.IsString(element.VR))
                {
                    _ = element.GetStrings();
                    _ = element.GetDouble();
                    _ = element.GetDateTime();
                }
                if (element is DicomSequence sequence) foreach (var item in sequence.Items) Exercise(item);
            }
            _ = DicomJson.Serialize(dataset);
        }

        private static byte[] Mutate(byte[] original, byte[][] others, Random random, out string mutation)
        {
            var bytes = (byte[])original.Clone();
            switch (random.Next(7))
            {
                case 0:
                    {
                        int flips = 1 + random.Next(4);
                        for (int n = 0; n < flips; n++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                        mutation = flips + " bit flips";
                        return bytes;
                    }
                case 1:
                    {
                        int length = random.Next(bytes.Length);
                        mutation = "truncated to " + length;
                        return bytes.Take(length).ToArray();
                    }
                case 2:
                    {
                        // Overwrite a plausible 16- or 32-bit length field with an extreme or random value.
                        int at = random.Next(Math.Max(1, bytes.Length - 4)) & ~1;
                        uint[] candidates = { 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0, 1, (uint)random.Next(), 0xFFFF };
                        var value = candidates[random.Next(candidates.Length)];
                        int width = random.Next(2) == 0 ? 2 : 4;
                        for (int k = 0; k < width && at + k < bytes.Length; k++) bytes[at + k] = (byte)(value >> (8 * k));
                        mutation = "length field at " + at + " = 0x" + value.ToString("X") + " (" + width + " bytes)";
                        return bytes;
                    }
                case 3:
                    {
                        int at = random.Next(bytes.Length);
                        int count = 1 + random.Next(16);
                        for (int k = 0; k < count && at + k < bytes.Length; k++) bytes[at + k] = (byte)random.Next(256);
                        mutation = count + " random bytes at " + at;
                        return bytes;
                    }
                case 4:
                    {
                        // Duplicate a chunk in place: repeats headers, which nests sequences and items.
                        int start = random.Next(bytes.Length);
                        int count = 1 + random.Next(Math.Min(512, bytes.Length - start));
                        int times = 1 + random.Next(20);
                        var list = new List<byte>(bytes.Take(start + count));
                        for (int t = 0; t < times; t++) list.AddRange(bytes.Skip(start).Take(count));
                        list.AddRange(bytes.Skip(start + count));
                        mutation = "chunk " + start + "+" + count + " repeated " + times + "x";
                        return list.ToArray();
                    }
                case 5:
                    {
                        // Splice the tail of another sample after a prefix of this one.
                        var other = others[random.Next(others.Length)];
                        int cut = random.Next(bytes.Length);
                        int from = random.Next(other.Length);
                        mutation = "splice at " + cut + " from " + from;
                        return bytes.Take(cut).Concat(other.Skip(from)).ToArray();
                    }
                default:
                    {
                        int at = random.Next(bytes.Length);
                        int count = 1 + random.Next(Math.Min(64, bytes.Length - at));
                        mutation = "deleted " + count + " at " + at;
                        return bytes.Take(at).Concat(bytes.Skip(at + count)).ToArray();
                    }
            }
        }
    }
}
