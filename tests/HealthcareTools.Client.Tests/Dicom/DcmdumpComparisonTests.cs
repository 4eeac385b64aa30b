using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using HealthcareTools.Client.Dicom;
using Xunit;
using Xunit.Abstractions;

namespace HealthcareTools.Client.Tests.Dicom
{
    /// <summary>
    /// Oracle test: our parse of every sample against DCMTK's dcmdump, element by element (tag, VR,
    /// value; sequences and items by position). Documented exceptions, each as narrow as possible:
    /// <list type="number">
    /// <item>Encapsulated pixel data: only the fragment count is compared, not the fragment bytes.</item>
    /// <item>(0008,0005) when dcmdump converted to UTF-8 (+U8): DCMTK rewrites it to "ISO_IR 192", and inserts it
    ///   when absent, so it is left out on both sides (the converted values of the other elements are compared).</item>
    /// <item>VR of private (odd group) and unknown elements read in implicit VR: DCMTK applies its own private
    ///   dictionary, we keep UN; the value bytes are then compared in DCMTK's VR.</item>
    /// <item>DCMTK's internal VR codes: "up" = UL (offsets), "xs" = US/SS, "ox" = OB/OW, "lt" = US/SS/OW, "??" = UN.</item>
    /// <item>ISO 2022 sets DCMTK's iconv cannot convert (IR 87, IR 159, IR 149 …): both sides compared as raw bytes.</item>
    /// <item>Odd-length values: DCMTK pads them with one NUL in memory and prints the padded value; we keep the
    ///   bytes as read, so one NUL is appended on our side before comparing.</item>
    /// <item>Implicit VR elements inside an explicit VR dataset: dcmdump is rerun with -vr (retry such elements as
    ///   implicit VR), which is our reader's default behaviour.</item>
    /// </list>
    /// </summary>
    public class DcmdumpComparisonTests
    {
        private readonly ITestOutputHelper output;

        public DcmdumpComparisonTests(ITestOutputHelper output) { this.output = output; }

        [Theory]
        [MemberData(nameof(DicomSamples.ReadableData), MemberType = typeof(DicomSamples))]
        public void ParseMatchesDcmdump(string sample)
        {
            AssertMatchesDcmdump(DicomSamples.PathOf(sample), sample);
        }

        /// <summary>The files we reject, DCMTK rejects too.</summary>
        [Theory]
        [MemberData(nameof(DicomSamples.UnreadableData), MemberType = typeof(DicomSamples))]
        public void DcmdumpAlsoRejectsTheBrokenSamples(string sample)
        {
            var executable = DcmdumpOracle.FindExecutable();
            Assert.True(executable != null, "dcmdump not found: run apt-get install -y dcmtk");
            var (lines, _, _, error) = DcmdumpOracle.Dump(executable, DicomSamples.PathOf(sample));
            Assert.True(lines == null, sample + " was accepted by dcmdump");
            Assert.Contains("than remaining bytes", error);
        }

        /// <summary>Our writer's output, checked by DCMTK: what it reads must be what we read back.</summary>
        [Theory]
        [MemberData(nameof(DicomSamples.ReadableData), MemberType = typeof(DicomSamples))]
        public void WrittenFileMatchesDcmdump(string sample)
        {
            var path = Path.Combine(Path.GetTempPath(), "hc-dicom-written-" + Guid.NewGuid().ToString("N") + ".dcm");
            try
            {
                DicomFile.Open(DicomSamples.PathOf(sample)).Save(path, new DicomWriteOptions { UndefinedLengthSequences = sample.Length % 2 == 0 });
                AssertMatchesDcmdump(path, sample + " as written by DicomWriter");
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>Our optional UN conversion against DCMTK's (+uc: convert defined-length UN to the dictionary VR).</summary>
        [Theory]
        [InlineData("pydicom/test_files/rtdose_rle_1frame.dcm")]
        [InlineData("pydicom/test_files/rtdose_rle.dcm")]
        public void ConvertKnownUNMatchesDcmdumpConvertUN(string sample)
        {
            AssertMatchesDcmdump(DicomSamples.PathOf(sample), sample, new DicomReadOptions { ConvertKnownUN = true }, "+uc");
        }

        private void AssertMatchesDcmdump(string path, string sample, DicomReadOptions readOptions = null, string extraDcmdumpOptions = null)
        {
            var executable = DcmdumpOracle.FindExecutable();
            Assert.True(executable != null, "dcmdump not found: run apt-get install -y dcmtk");
            var (expected, utf8, vrFallback, error) = DcmdumpOracle.Dump(executable, path, extraDcmdumpOptions);
            Assert.True(expected != null, "dcmdump rejected " + sample + ": " + error);

            var file = DicomFile.Open(path, readOptions);
            var actual = new List<Node>();
            Flatten(file.FileMetaInformation, 0, actual, implicitPrivate: false);
            Flatten(file.Dataset, 0, actual, implicitPrivate: !file.IsExplicitVR);

            var expectedLines = expected.Where(l => l.Tag != "fffe,e00d" && l.Tag != "fffe,e0dd" && l.VR != "pi").ToList();
            if (utf8)
            {
                expectedLines.RemoveAll(l => l.Tag == "0008,0005");
                actual.RemoveAll(n => n.Tag == "0008,0005");
            }
            var problems = new List<string>();
            int count = Math.Max(expectedLines.Count, actual.Count);
            for (int i = 0; i < count && problems.Count < 15; i++)
            {
                if (i >= expectedLines.Count) { problems.Add("extra element in our parse: " + actual[i]); continue; }
                if (i >= actual.Count) { problems.Add("missing in our parse: " + expectedLines[i].Raw); continue; }
                var problem = Compare(expectedLines[i], actual[i], utf8);
                if (problem != null)
                {
                    problems.Add(problem + "\n    dcmdump: " + Shorten(expectedLines[i].Raw) + "\n    ours:    " + Shorten(actual[i].ToString()));
                    if (expectedLines[i].Tag != actual[i].Tag) break; // structure diverged: the rest is noise
                }
            }
            Assert.True(problems.Count == 0, sample + ": " + problems.Count + " differences\n" + string.Join("\n", problems));
            output.WriteLine("dcmdump-compared " + expectedLines.Count + " elements/items" + (utf8 ? "" : ", raw bytes (no UTF-8 conversion)") + (vrFallback ? ", with -vr" : "") + ": " + sample);
        }

        private sealed class Node
        {
            public int Depth;
            public string Tag;
            public DicomElement Element; // null for items
            public int ItemCount;
            public bool ImplicitPrivate;

            public override string ToString() => new string(' ', Depth * 2) + "(" + Tag + ") " + (Element == null ? "item" : Element.VR + " " + (Element is DicomSequence || Element is DicomFragmentSequence ? "#=" + ItemCount : Describe(Element)));
        }

        private static void Flatten(DicomDataset dataset, int depth, List<Node> nodes, bool implicitPrivate)
        {
            foreach (var element in dataset)
            {
                var tag = element.Tag.Group.ToString("x4") + "," + element.Tag.Element.ToString("x4");
                var node = new Node { Depth = depth, Tag = tag, Element = element, ImplicitPrivate = implicitPrivate };
                nodes.Add(node);
                if (element is DicomSequence sequence)
                {
                    node.ItemCount = sequence.Items.Count;
                    foreach (var item in sequence.Items)
                    {
                        nodes.Add(new Node { Depth = depth + 1, Tag = "fffe,e000", ItemCount = item.Count });
                        Flatten(item, depth + 2, nodes, implicitPrivate);
                    }
                }
                else if (element is DicomFragmentSequence fragments)
                {
                    node.ItemCount = fragments.Fragments.Count + 1;
                }
            }
        }

        private static string Compare(DumpLine expected, Node actual, bool utf8)
        {
            if (expected.Depth != actual.Depth || expected.Tag != actual.Tag) return "structure differs";
            if (actual.Element == null) return expected.VR == "na" ? null : "expected an element, we have an item";
            var element = actual.Element;

            if (element is DicomSequence sequence)
                return expected.VR == "SQ" && ItemCountOf(expected) == sequence.Items.Count ? null : "sequence differs";
            if (element is DicomFragmentSequence fragments)
                return (expected.VR == "OB" || expected.VR == "OW") && ItemCountOf(expected) == fragments.Fragments.Count + 1 ? null : "encapsulated pixel data differs";

            var vr = element.VR.ToString();
            string compareAs;
            switch (expected.VR)
            {
                case "up": compareAs = vr == "UL" ? "UL" : null; break;
                case "xs": compareAs = vr == "US" || vr == "SS" ? vr : null; break;
                case "ox": compareAs = vr == "OB" || vr == "OW" ? vr : null; break;
                case "lt": compareAs = vr == "US" || vr == "SS" || vr == "OW" ? vr : null; break;
                case "??": compareAs = vr == "UN" ? "UN" : null; break;
                default: compareAs = expected.VR == vr ? vr : null; break;
            }
            if (compareAs == null && vr == "UN" && (element.Tag.IsPrivate || element.Tag.Keyword == null) && actual.ImplicitPrivate)
                compareAs = expected.VR; // exception 3: DCMTK's private dictionary chose the VR
            if (compareAs == null) return "VR differs";

            return ValuesEqual(expected, element, compareAs, utf8) ? null : "value differs";
        }

        private static int ItemCountOf(DumpLine line)
        {
            var at = line.Raw.IndexOf("#=", StringComparison.Ordinal);
            if (at < 0) return -1;
            var digits = new string(line.Raw.Substring(at + 2).TakeWhile(char.IsDigit).ToArray());
            return int.Parse(digits, CultureInfo.InvariantCulture);
        }

        private static bool ValuesEqual(DumpLine expected, DicomElement element, string vr, bool utf8)
        {
            var bytes = element.RawValue;
            if ((bytes.Length & 1) == 1 && expected.Length == (bytes.Length + 1).ToString(CultureInfo.InvariantCulture))
                bytes = bytes.Concat(new byte[] { 0 }).ToArray(); // exception 6: DCMTK pads odd-length values with a NUL in memory
            switch (vr)
            {
                case "US": return SameNumbers(expected.Value, Read(bytes, 2, i => BitConverter.ToUInt16(bytes, i)), 0);
                case "SS": return SameNumbers(expected.Value, Read(bytes, 2, i => BitConverter.ToInt16(bytes, i)), 0);
                case "UL": return SameNumbers(expected.Value, Read(bytes, 4, i => BitConverter.ToUInt32(bytes, i)), 0);
                case "SL": return SameNumbers(expected.Value, Read(bytes, 4, i => BitConverter.ToInt32(bytes, i)), 0);
                case "UV": return SameNumbers(expected.Value, Read(bytes, 8, i => (double)BitConverter.ToUInt64(bytes, i)), 0);
                case "SV": return SameNumbers(expected.Value, Read(bytes, 8, i => (double)BitConverter.ToInt64(bytes, i)), 0);
                case "FL": case "OF": return SameNumbers(expected.Value, Read(bytes, 4, i => BitConverter.ToSingle(bytes, i)), 1e-6);
                case "FD": case "OD": return SameNumbers(expected.Value, Read(bytes, 8, i => BitConverter.ToDouble(bytes, i)), 1e-14);
                case "AT":
                    {
                        var tags = new List<string>();
                        for (int i = 0; i + 4 <= bytes.Length; i += 4)
                            tags.Add("(" + BitConverter.ToUInt16(bytes, i).ToString("x4") + "," + BitConverter.ToUInt16(bytes, i + 2).ToString("x4") + ")");
                        return string.Join("\\", tags) == expected.Value;
                    }
                case "OB": case "UN": case "??":
                    return string.Join("\\", bytes.Select(b => b.ToString("x2"))) == expected.Value;
                case "OW":
                    {
                        var words = new List<string>();
                        for (int i = 0; i + 2 <= bytes.Length; i += 2) words.Add(BitConverter.ToUInt16(bytes, i).ToString("x4"));
                        return string.Join("\\", words) == expected.Value;
                    }
                case "OL":
                    {
                        var longs = new List<string>();
                        for (int i = 0; i + 4 <= bytes.Length; i += 4) longs.Add(BitConverter.ToUInt32(bytes, i).ToString("x8"));
                        return string.Join("\\", longs) == expected.Value;
                    }
            }
            if (!DicomVRInfo.IsString(element.VR) && element.VR != DicomVR.UN) return false;
            string ours;
            if (element.VR == DicomVR.UN)
                ours = DcmdumpOracle.BytesToText(bytes).TrimEnd(' ', '\0'); // exception 3 with a text VR
            else if (!utf8 && DicomVRInfo.UsesSpecificCharacterSet(element.VR))
                ours = DcmdumpOracle.BytesToText(bytes).TrimEnd(' ', '\0'); // exception 5: raw bytes both sides
            else
                ours = element.GetRawString();
            return Normalize(ours) == Normalize(expected.Value);
        }

        private static string Normalize(string text) => text.TrimEnd(' ', '\0');

        private static List<double> Read(byte[] bytes, int size, Func<int, double> read)
        {
            var values = new List<double>();
            for (int i = 0; i + size <= bytes.Length; i += size) values.Add(read(i));
            return values;
        }

        private static bool SameNumbers(string printed, List<double> ours, double relativeTolerance)
        {
            var theirs = printed.Length == 0 ? new string[0] : printed.Split('\\');
            if (theirs.Length != ours.Count) return false;
            for (int i = 0; i < theirs.Length; i++)
            {
                if (!double.TryParse(theirs[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    if (double.IsNaN(ours[i]) && theirs[i].Contains("nan", StringComparison.OrdinalIgnoreCase)) continue;
                    if (double.IsInfinity(ours[i]) && theirs[i].Contains("inf", StringComparison.OrdinalIgnoreCase)) continue;
                    return false;
                }
                var difference = Math.Abs(value - ours[i]);
                if (difference > relativeTolerance * Math.Max(Math.Abs(value), Math.Abs(ours[i])) && difference > 1e-300) return false;
            }
            return true;
        }

        private static string Describe(DicomElement element)
        {
            if (DicomVRInfo.IsString(element.VR)) return "[" + element.GetRawString() + "]";
            var text = string.Join("\\", element.RawValue.Take(16).Select(b => b.ToString("x2")));
            return text + (element.RawValue.Length > 16 ? "…" : "") + " (" + element.RawValue.Length + " bytes)";
        }

        private static string Shorten(string text) => text.Length > 200 ? text.Substring(0, 200) + "…" : text;
    }
}
