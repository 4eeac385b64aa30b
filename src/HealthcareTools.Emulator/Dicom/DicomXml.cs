using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using HealthcareTools.Client.Dicom;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>PS3.19 Native DICOM Model XML for the small datasets the emulator builds itself (STOW responses).</summary>
    public static class DicomXml
    {
        public const string Namespace = "http://dicom.nema.org/PS3.19/models/NativeDICOM";

        public static byte[] Serialize(JsonObject dataset)
        {
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
            using var buffer = new System.IO.MemoryStream();
            using (var writer = XmlWriter.Create(buffer, settings))
            {
                writer.WriteStartDocument();
                writer.WriteStartElement("NativeDicomModel", Namespace);
                WriteAttributes(writer, dataset);
                writer.WriteEndElement();
                writer.WriteEndDocument();
            }
            return buffer.ToArray();
        }

        private static void WriteAttributes(XmlWriter writer, JsonObject dataset)
        {
            foreach (var (tag, node) in dataset.OrderBy(p => p.Key, System.StringComparer.Ordinal))
            {
                var attribute = (JsonObject)node;
                string vr = (string)attribute["vr"];
                writer.WriteStartElement("DicomAttribute", Namespace);
                writer.WriteAttributeString("tag", tag);
                writer.WriteAttributeString("vr", vr);
                if (DicomTag.TryParse(tag, out var parsed) && parsed.Keyword != null) writer.WriteAttributeString("keyword", parsed.Keyword);
                if (tag.StartsWith("0009", System.StringComparison.Ordinal) && tag != "00090010") writer.WriteAttributeString("privateCreator", "GOOGLE");
                if (attribute["Value"] is JsonArray values)
                {
                    for (int i = 0; i < values.Count; i++)
                    {
                        if (vr == "SQ")
                        {
                            writer.WriteStartElement("Item", Namespace);
                            writer.WriteAttributeString("number", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                            WriteAttributes(writer, (JsonObject)values[i]);
                            writer.WriteEndElement();
                        }
                        else
                        {
                            writer.WriteStartElement("Value", Namespace);
                            writer.WriteAttributeString("number", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                            writer.WriteString(values[i]?.ToString() ?? string.Empty);
                            writer.WriteEndElement();
                        }
                    }
                }
                writer.WriteEndElement();
            }
        }
    }
}
