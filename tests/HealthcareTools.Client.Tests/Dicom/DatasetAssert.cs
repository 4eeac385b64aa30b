using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HealthcareTools.Client.Dicom;
using Xunit;

namespace HealthcareTools.Client.Tests.Dicom
{
    /// <summary>Deep dataset comparison for round-trip tests.</summary>
    internal static class DatasetAssert
    {
        /// <summary>
        /// Part 10 round trip: same tags in the same order, same VR, same bytes. The one allowed
        /// difference: an odd-length value gains its padding byte (the writer always writes even lengths).
        /// </summary>
        public static void SameBytes(DicomDataset expected, DicomDataset actual, string path = "")
        {
            Assert.True(expected.Count == actual.Count, path + ": element count " + expected.Count + " vs " + actual.Count + " [" + Diff(expected, actual) + "]");
            foreach (var (left, right) in expected.Zip(actual, (l, r) => (l, r)))
            {
                var where = path + left.Tag;
                Assert.True(left.Tag == right.Tag, where + ": tag differs: " + right.Tag);
                Assert.True(left.VR == right.VR || (left.VR == DicomVR.UN && right.VR == DicomVR.SQ), where + ": VR " + left.VR + " vs " + right.VR);
                switch (left)
                {
                    case DicomSequence sequence:
                        var other = Assert.IsType<DicomSequence>(right);
                        Assert.True(sequence.Items.Count == other.Items.Count, where + ": item count");
                        for (int i = 0; i < sequence.Items.Count; i++) SameBytes(sequence.Items[i], other.Items[i], where + "[" + i + "]");
                        break;
                    case DicomFragmentSequence fragments:
                        var otherFragments = Assert.IsType<DicomFragmentSequence>(right);
                        Assert.Equal(fragments.BasicOffsetTable, otherFragments.BasicOffsetTable);
                        Assert.Equal(fragments.Fragments.Count, otherFragments.Fragments.Count);
                        for (int i = 0; i < fragments.Fragments.Count; i++) Assert.True(fragments.Fragments[i].SequenceEqual(otherFragments.Fragments[i]), where + ": fragment " + i);
                        break;
                    default:
                        var bytes = left.RawValue;
                        if ((bytes.Length & 1) == 1) bytes = bytes.Concat(new[] { DicomVRInfo.PaddingByte(left.VR) }).ToArray();
                        Assert.True(bytes.SequenceEqual(right.RawValue), where + ": value bytes differ");
                        break;
                }
            }
        }

        /// <summary>
        /// JSON round trip: same tags, order and VR; binary values byte for byte; IS/DS by number; text by
        /// decoded value. Allowed differences (PS3.18 cannot carry them): padding and leading/trailing spaces,
        /// trailing empty PN component groups, DS/IS spelling ("1.50" → 1.5), and (0008,0005) replaced by
        /// ISO_IR 192 when the original set has no encoder here (ISO 2022 code extensions).
        /// </summary>
        public static void SameMeaning(DicomDataset expected, DicomDataset actual, string path = "")
        {
            var left = expected.Where(e => e.Tag != DicomTag.SpecificCharacterSet).ToList();
            var right = actual.Where(e => e.Tag != DicomTag.SpecificCharacterSet).ToList();
            Assert.True(left.Count == right.Count, path + ": element count " + left.Count + " vs " + right.Count);
            var charset = actual[DicomTag.SpecificCharacterSet];
            if (expected.Contains(DicomTag.SpecificCharacterSet) && charset.GetString() != "ISO_IR 192")
                Assert.Equal(expected.GetStrings(DicomTag.SpecificCharacterSet), actual.GetStrings(DicomTag.SpecificCharacterSet));
            for (int n = 0; n < left.Count; n++)
            {
                var a = left[n];
                var b = right[n];
                var where = path + a.Tag;
                Assert.True(a.Tag == b.Tag, where + ": tag differs: " + b.Tag);
                Assert.True(a.VR == b.VR, where + ": VR " + a.VR + " vs " + b.VR);
                switch (a)
                {
                    case DicomSequence sequence:
                        var other = Assert.IsType<DicomSequence>(b);
                        Assert.True(sequence.Items.Count == other.Items.Count, where + ": item count");
                        for (int i = 0; i < sequence.Items.Count; i++) SameMeaning(sequence.Items[i], other.Items[i], where + "[" + i + "]");
                        continue;
                    case DicomFragmentSequence _:
                        SameBytes(new DicomDataset(new[] { a }), new DicomDataset(new[] { b }), path);
                        continue;
                }
                if (DicomVRInfo.IsString(a.VR))
                {
                    var x = a.GetStrings().Select(s => Normalize(a.VR, s)).ToArray();
                    var y = b.GetStrings().Select(s => Normalize(b.VR, s)).ToArray();
                    while (x.Length > 0 && x[x.Length - 1].Length == 0 && y.Length == 0) Array.Resize(ref x, x.Length - 1); // "\" only
                    Assert.True(x.SequenceEqual(y), where + ": [" + string.Join("|", x) + "] vs [" + string.Join("|", y) + "]");
                }
                else
                {
                    var bytes = a.RawValue;
                    if ((bytes.Length & 1) == 1 && b.RawValue.Length == bytes.Length + 1) bytes = bytes.Concat(new[] { DicomVRInfo.PaddingByte(a.VR) }).ToArray();
                    Assert.True(bytes.SequenceEqual(b.RawValue), where + ": value bytes differ");
                }
            }
        }

        private static string Normalize(DicomVR vr, string value)
        {
            value = value.Trim(' ', '\0');
            if (vr == DicomVR.PN) value = value.TrimEnd('=');
            if ((vr == DicomVR.DS || vr == DicomVR.IS) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return number.ToString("R", CultureInfo.InvariantCulture);
            return value;
        }

        private static string Diff(DicomDataset a, DicomDataset b)
        {
            var left = new HashSet<DicomTag>(a.Select(e => e.Tag));
            var right = new HashSet<DicomTag>(b.Select(e => e.Tag));
            return "only left: " + string.Join(",", left.Except(right)) + "; only right: " + string.Join(",", right.Except(left));
        }
    }
}
