using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Bulk
{
    /// <summary>
    /// The row an instance becomes in a BigQuery export or stream: one STRING column per top-level
    /// attribute with a dictionary keyword and a text value (binary VRs, sequences and private
    /// attributes left out), multiple values joined with '\', person names as their alphabetic group.
    /// The identifying columns come first and are always present in the schema.
    /// </summary>
    public static class BigQueryRows
    {
        public const string SourceStoreColumn = "SourceDicomStore";

        public static readonly string[] CoreColumns =
        {
            "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID", "PatientID", "PatientName", "StudyDate", "Modality",
        };

        private static readonly HashSet<string> BinaryVRs = new HashSet<string>(StringComparer.Ordinal) { "OB", "OW", "OF", "OD", "OL", "OV", "UN", "SQ" };

        public static List<KeyValuePair<string, string>> For(DicomInstanceRow instance, bool includeSourceStore)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            var header = JsonNode.Parse(instance.HeaderJson) as JsonObject ?? new JsonObject();
            foreach (var (tagText, node) in header)
            {
                if (!(node is JsonObject attribute) || tagText.Length != 8) continue;
                if (!uint.TryParse(tagText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint tagValue)) continue;
                var tag = new DicomTag(tagValue);
                if ((tag.Group & 1) == 1 || tag.Group == 0x0002) continue;
                string vr = (string)attribute["vr"];
                if (vr == null || BinaryVRs.Contains(vr)) continue;
                string keyword = tag.Keyword;
                if (string.IsNullOrEmpty(keyword)) continue;
                string text = Text(attribute["Value"] as JsonArray, vr);
                if (text == null) continue;
                if (values.TryAdd(keyword, text)) order.Add(keyword);
            }
            // The identifying values as indexed (trimmed UIDs) win over the raw header text.
            values["StudyInstanceUID"] = instance.StudyUid;
            values["SeriesInstanceUID"] = instance.SeriesUid;
            values["SOPInstanceUID"] = instance.SopUid;
            values["SOPClassUID"] = instance.SopClassUid;

            var row = new List<KeyValuePair<string, string>>();
            foreach (string column in CoreColumns)
            {
                values.TryGetValue(column, out string value);
                row.Add(new KeyValuePair<string, string>(column, value));
            }
            foreach (string column in order)
            {
                if (Array.IndexOf(CoreColumns, column) >= 0) continue;
                row.Add(new KeyValuePair<string, string>(column, values[column]));
            }
            if (includeSourceStore) row.Add(new KeyValuePair<string, string>(SourceStoreColumn, instance.Store));
            return row;
        }

        private static string Text(JsonArray values, string vr)
        {
            if (values == null || values.Count == 0) return null;
            var parts = new List<string>();
            foreach (var value in values)
            {
                if (value == null)
                {
                    parts.Add(string.Empty);
                    continue;
                }
                if (value is JsonObject pn)
                {
                    parts.Add((string)pn["Alphabetic"] ?? (string)pn["Ideographic"] ?? (string)pn["Phonetic"] ?? string.Empty);
                    continue;
                }
                parts.Add(value is JsonValue v && v.TryGetValue(out string s) ? s : value.ToJsonString(ProtoJson.WriteOptions));
            }
            string text = string.Join("\\", parts);
            return text.Length == 0 ? null : text;
        }

        /// <summary>The local table id (project.dataset.table) of a bq:// URI.</summary>
        public static (string Project, string Dataset, string Table) ParseTableUri(string tableUri)
        {
            var parts = tableUri.Substring("bq://".Length).Split('.');
            return (parts[0], parts[1], parts[2]);
        }

        public static string TableId(string project, string dataset, string table) => $"{project}.{dataset}.{table}";
    }
}
