using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using HealthcareTools.Client.Dicom;

namespace HealthcareTools.Client.Deid
{
    /// <summary>
    /// PS3.15 Table E.1-1 (DICOM 2024b–2024e), read lazily from the embedded copy of
    /// <c>dicom-deid-basic-profile.tsv</c> (see the README next to it for source and licence).
    /// </summary>
    public static class ConfidentialityProfileTable
    {
        private sealed class Row
        {
            public uint Value;
            public uint Mask;
            public string Keyword;
            public string Basic;
        }

        private sealed class Table
        {
            public readonly Dictionary<uint, Row> Exact = new Dictionary<uint, Row>();
            public readonly List<Row> Patterns = new List<Row>();
            public string PrivateAction;
            public int RowCount;
        }

        private const string ResourceName = "HealthcareTools.Client.Deid.dicom-deid-basic-profile.tsv";

        private static readonly Lazy<Table> table = new Lazy<Table>(Load);

        /// <summary>Number of rows read (621 for the embedded edition).</summary>
        public static int RowCount => table.Value.RowCount;

        /// <summary>
        /// The Basic Profile action code for a tag ("X", "Z", "D", "U", "Z/D", "X/Z", "X/D", "X/Z/D",
        /// "X/Z/U*"), or null when the table does not list it (the Basic Profile then keeps it). Odd
        /// groups answer the PRIVATE row ("X"); repeating groups (50xx, 60xx) match their patterns.
        /// </summary>
        public static string GetBasicAction(DicomTag tag)
        {
            var t = table.Value;
            if ((tag.Group & 1) == 1) return t.PrivateAction;
            if (t.Exact.TryGetValue(tag.Value, out var row)) return row.Basic;
            foreach (var pattern in t.Patterns)
            {
                if ((tag.Value & pattern.Mask) == pattern.Value) return pattern.Basic;
            }
            return null;
        }

        private static Table Load()
        {
            var result = new Table();
            var assembly = typeof(ConfidentialityProfileTable).Assembly;
            using (var stream = assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException("Embedded resource " + ResourceName + " is missing from " + assembly.FullName + "."))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                var header = reader.ReadLine()?.Split('\t');
                int basicColumn = header == null ? -1 : Array.IndexOf(header, "basic");
                if (basicColumn < 0) throw new InvalidOperationException(ResourceName + " has no 'basic' column.");
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    if (line.Length == 0) continue;
                    var cells = line.Split('\t');
                    var tagText = cells[0];
                    var action = cells[basicColumn];
                    result.RowCount++;
                    if (tagText == "PRIVATE")
                    {
                        result.PrivateAction = action;
                        continue;
                    }
                    uint value = 0, mask = 0;
                    for (int i = 0; i < 8; i++)
                    {
                        value <<= 4;
                        mask <<= 4;
                        char c = tagText[i];
                        if (c == 'x' || c == 'X') continue;
                        value |= uint.Parse(c.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                        mask |= 0xF;
                    }
                    var row = new Row { Value = value, Mask = mask, Keyword = cells[1], Basic = action };
                    if (mask == 0xFFFFFFFF) result.Exact[value] = row;
                    else result.Patterns.Add(row);
                }
            }
            return result;
        }
    }
}
