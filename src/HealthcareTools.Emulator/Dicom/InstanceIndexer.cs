using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>Turns a parsed Part 10 header into an index row: match keys and the header as DICOM JSON.</summary>
    public static class InstanceIndexer
    {
        /// <summary>Binary values longer than this are left out of the indexed header JSON.</summary>
        public const int InlineBinaryLimit = 1024;

        private const string Omitted = "urn:hc-emulator:omitted";

        public static DicomInstanceRow ToRow(DicomFile file)
        {
            var dataset = file.Dataset;
            var row = new DicomInstanceRow
            {
                StudyUid = Uid(dataset, "StudyInstanceUID"),
                SeriesUid = Uid(dataset, "SeriesInstanceUID"),
                SopUid = Uid(dataset, "SOPInstanceUID"),
                SopClassUid = Uid(dataset, "SOPClassUID"),
                TransferSyntax = Clean(file.TransferSyntaxUID) ?? DicomTransferSyntax.ImplicitVRLittleEndian,
                PatientName = Text(dataset, "PatientName"),
                PatientId = Text(dataset, "PatientID"),
                AccessionNumber = Text(dataset, "AccessionNumber"),
                ReferringPhysicianName = Text(dataset, "ReferringPhysicianName"),
                StudyDate = NormalizeDate(Text(dataset, "StudyDate")),
                Modality = Text(dataset, "Modality"),
            };
            try
            {
                row.InstanceNumber = dataset["InstanceNumber"]?.GetInt64();
            }
            catch (Exception ex) when (ex is FormatException || ex is OverflowException || ex is DicomFormatException)
            {
                row.InstanceNumber = null;
            }

            var options = new DicomJsonOptions { BulkDataThreshold = InlineBinaryLimit, BulkDataUriProvider = _ => Omitted };
            var json = (JsonObject)JsonNode.Parse(DicomJson.Serialize(dataset, options));
            StripOmitted(json);
            row.HeaderJson = json.ToJsonString();
            return row;
        }

        private static void StripOmitted(JsonObject dataset)
        {
            foreach (var (key, node) in dataset.ToArray())
            {
                if (!(node is JsonObject attribute)) continue;
                if ((string)attribute["BulkDataURI"] == Omitted)
                {
                    dataset.Remove(key);
                    continue;
                }
                if (attribute["Value"] is JsonArray values)
                {
                    foreach (var item in values)
                    {
                        if (item is JsonObject nested && (string)attribute["vr"] == "SQ") StripOmitted(nested);
                    }
                }
            }
        }

        /// <summary>Old ACR-NEMA dates "YYYY.MM.DD" are indexed as "YYYYMMDD" so ranges compare as text.</summary>
        private static string NormalizeDate(string date) =>
            date != null && date.Length == 10 && date[4] == '.' && date[7] == '.' ? date.Replace(".", string.Empty) : date;

        private static bool DicomVRInfoIsBinary(DicomElement element) =>
            element.VR == DicomVR.UN || element.VR == DicomVR.OB || element.VR == DicomVR.OW;

        private static string Uid(DicomDataset dataset, string keyword) => Clean(Text(dataset, keyword));

        private static string Text(DicomDataset dataset, string keyword)
        {
            string value;
            try
            {
                var element = dataset[keyword];
                if (element == null) return null;
                // Work-around: DicomElement.GetString() on a binary VR (an explicit UN the reader did not
                // convert) returns "System.Byte[]"; such values are read as ASCII text instead.
                value = DicomVRInfoIsBinary(element) ? System.Text.Encoding.ASCII.GetString(element.RawValue ?? Array.Empty<byte>()) : element.GetString();
            }
            catch (Exception ex) when (ex is DicomFormatException || ex is FormatException || ex is ArgumentException)
            {
                return null;
            }
            value = value?.Trim('\0', ' ');
            return string.IsNullOrEmpty(value) ? null : value;
        }

        private static string Clean(string uid)
        {
            uid = uid?.Trim('\0', ' ');
            return string.IsNullOrEmpty(uid) ? null : uid;
        }

        public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
