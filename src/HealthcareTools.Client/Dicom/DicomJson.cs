using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// DICOM JSON model (PS3.18 annex F.2): dataset ↔ JSON. Newtonsoft.Json is used internally only;
    /// the API takes and returns strings and streams.
    /// </summary>
    public static class DicomJson
    {
        private static readonly DicomCharacterSet Utf8 = DicomCharacterSet.FromTerms(new[] { "ISO_IR 192" });

        /// <summary>One dataset as a JSON object.</summary>
        public static string Serialize(DicomDataset dataset, DicomJsonOptions options = null)
        {
            using (var text = new StringWriter(CultureInfo.InvariantCulture))
            {
                Serialize(dataset, text, options);
                return text.ToString();
            }
        }

        /// <summary>Several datasets as a JSON array (the QIDO-RS / WADO-RS metadata shape).</summary>
        public static string SerializeArray(IEnumerable<DicomDataset> datasets, DicomJsonOptions options = null)
        {
            using (var text = new StringWriter(CultureInfo.InvariantCulture))
            using (var writer = CreateWriter(text, options))
            {
                writer.WriteStartArray();
                foreach (var dataset in datasets) WriteDataset(writer, dataset, options ?? new DicomJsonOptions());
                writer.WriteEndArray();
                writer.Flush();
                return text.ToString();
            }
        }

        /// <summary>Writes one dataset as UTF-8 JSON to a stream (left open).</summary>
        public static void Serialize(DicomDataset dataset, Stream stream, DicomJsonOptions options = null)
        {
            using (var text = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
            {
                Serialize(dataset, text, options);
            }
        }

        private static void Serialize(DicomDataset dataset, TextWriter text, DicomJsonOptions options)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            using (var writer = CreateWriter(text, options))
            {
                WriteDataset(writer, dataset, options ?? new DicomJsonOptions());
                writer.Flush();
            }
        }

        /// <summary>Reads one JSON object (or the first of an array) into a dataset.</summary>
        public static DicomDataset Deserialize(string json, DicomJsonOptions options = null)
        {
            var all = DeserializeArray(json, options);
            if (all.Count == 0) throw new DicomFormatException("DICOM JSON: the array holds no dataset.");
            return all[0];
        }

        /// <summary>Reads a JSON object or an array of objects.</summary>
        public static IReadOnlyList<DicomDataset> DeserializeArray(string json, DicomJsonOptions options = null)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            using (var text = new StringReader(json))
            {
                return Read(text, options);
            }
        }

        /// <summary>Reads UTF-8 JSON from a stream: an object or an array of objects.</summary>
        public static IReadOnlyList<DicomDataset> DeserializeArray(Stream stream, DicomJsonOptions options = null)
        {
            using (var text = new StreamReader(stream, Encoding.UTF8, true, 64 * 1024, leaveOpen: true))
            {
                return Read(text, options);
            }
        }

        private static JsonTextWriter CreateWriter(TextWriter text, DicomJsonOptions options)
            => new JsonTextWriter(text) { Formatting = options?.WriteIndented == true ? Formatting.Indented : Formatting.None, CloseOutput = false };

        private static void WriteDataset(JsonWriter writer, DicomDataset dataset, DicomJsonOptions options)
        {
            writer.WriteStartObject();
            foreach (var element in dataset)
            {
                writer.WritePropertyName(element.Tag.ToJsonKey());
                WriteElement(writer, element, options);
            }
            writer.WriteEndObject();
        }

        private static void WriteElement(JsonWriter writer, DicomElement element, DicomJsonOptions options)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("vr");
            writer.WriteValue(element.VR.ToString());
            switch (element)
            {
                case DicomSequence sequence:
                    if (sequence.Items.Count > 0)
                    {
                        writer.WritePropertyName("Value");
                        writer.WriteStartArray();
                        foreach (var item in sequence.Items) WriteDataset(writer, item, options);
                        writer.WriteEndArray();
                    }
                    break;
                case DicomFragmentSequence fragments:
                    WriteBinary(writer, element, fragments.ToEncapsulatedBytes(), options);
                    break;
                default:
                    if (element.BulkDataUri != null && element.RawValue.Length == 0)
                    {
                        writer.WritePropertyName("BulkDataURI");
                        writer.WriteValue(element.BulkDataUri);
                    }
                    else if (DicomVRInfo.IsBulkBinary(element.VR))
                    {
                        WriteBinary(writer, element, element.RawValue, options);
                    }
                    else if (element.RawValue.Length > 0)
                    {
                        writer.WritePropertyName("Value");
                        writer.WriteStartArray();
                        WriteValues(writer, element);
                        writer.WriteEndArray();
                    }
                    break;
            }
            writer.WriteEndObject();
        }

        private static void WriteBinary(JsonWriter writer, DicomElement element, byte[] bytes, DicomJsonOptions options)
        {
            if (bytes.Length == 0) return;
            var uri = bytes.Length > options.BulkDataThreshold ? options.BulkDataUriProvider?.Invoke(element) : null;
            if (uri != null)
            {
                writer.WritePropertyName("BulkDataURI");
                writer.WriteValue(uri);
                return;
            }
            writer.WritePropertyName("InlineBinary");
            writer.WriteValue(Convert.ToBase64String(bytes));
        }

        private static void WriteValues(JsonWriter writer, DicomElement element)
        {
            switch (element.VR)
            {
                case DicomVR.PN:
                    foreach (var name in element.GetStrings())
                    {
                        if (name.Length == 0)
                        {
                            writer.WriteNull();
                            continue;
                        }
                        writer.WriteStartObject();
                        WriteNameGroup(writer, "Alphabetic", name, 0);
                        WriteNameGroup(writer, "Ideographic", name, 1);
                        WriteNameGroup(writer, "Phonetic", name, 2);
                        writer.WriteEndObject();
                    }
                    return;
                case DicomVR.IS:
                case DicomVR.DS:
                    foreach (var value in element.GetStrings()) WriteNumberString(writer, value);
                    return;
                case DicomVR.FL:
                case DicomVR.FD:
                    foreach (var value in element.GetValues())
                    {
                        double number = value is float single ? single : (double)value;
                        if (double.IsNaN(number) || double.IsInfinity(number)) writer.WriteValue(number.ToString(CultureInfo.InvariantCulture) == "NaN" ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
                        else if (number == 0 && BitConverter.DoubleToInt64Bits(number) < 0) writer.WriteRawValue("-0.0"); // "-0" would read back as integer 0
                        else writer.WriteRawValue(value is float f ? f.ToString("R", CultureInfo.InvariantCulture) : number.ToString("R", CultureInfo.InvariantCulture));
                    }
                    return;
                case DicomVR.AT:
                    foreach (DicomTag tag in element.GetValues()) writer.WriteValue(tag.ToJsonKey());
                    return;
                case DicomVR.US: case DicomVR.SS: case DicomVR.UL: case DicomVR.SL: case DicomVR.UV: case DicomVR.SV:
                    foreach (var value in element.GetValues()) writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
                default:
                    foreach (var value in element.GetStrings())
                    {
                        if (value.Length == 0) writer.WriteNull();
                        else writer.WriteValue(value);
                    }
                    return;
            }
        }

        // Component groups are written as encoded (keeping trailing '^' and empty groups' positions).
        private static void WriteNameGroup(JsonWriter writer, string property, string name, int index)
        {
            var groups = name.Split('=');
            if (index >= groups.Length || groups[index].Length == 0) return;
            writer.WritePropertyName(property);
            writer.WriteValue(groups[index]);
        }

        // IS/DS are JSON numbers; text that is not a JSON number (e.g. "+1", "1A") stays a string so nothing is lost.
        private static void WriteNumberString(JsonWriter writer, string value)
        {
            if (value.Length == 0) writer.WriteNull();
            else if (IsJsonNumber(value)) writer.WriteRawValue(IsNegativeZeroInteger(value) ? "0" : value); // JSON readers turn "-0" into integer 0 anyway
            else writer.WriteValue(value);
        }

        /// <summary>
        /// Whether the text is a number in JSON's grammar (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), so it can be
        /// written as is. By hand rather than a compiled Regex: building one costs milliseconds on the first use of
        /// this class in every process, which a cmdlet's first search would pay.
        /// </summary>
        internal static bool IsJsonNumber(string value)
        {
            var i = 0;
            var n = value.Length;
            if (i < n && value[i] == '-') i++;
            if (i >= n) return false;
            if (value[i] == '0') i++;
            else if (value[i] >= '1' && value[i] <= '9') { while (i < n && IsDigit(value[i])) i++; }
            else return false;
            if (i < n && value[i] == '.')
            {
                i++;
                if (i >= n || !IsDigit(value[i])) return false;
                while (i < n && IsDigit(value[i])) i++;
            }
            if (i < n && (value[i] == 'e' || value[i] == 'E'))
            {
                i++;
                if (i < n && (value[i] == '+' || value[i] == '-')) i++;
                if (i >= n || !IsDigit(value[i])) return false;
                while (i < n && IsDigit(value[i])) i++;
            }
            return i == n;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsNegativeZeroInteger(string value) => value.Length > 1 && value[0] == '-' && value.Skip(1).All(c => c == '0');

        /// <summary>
        /// An array is read one element at a time (each element's token tree is converted and dropped before the next
        /// is read), so a QIDO page of 1,000 results never holds 1,000 token trees beside 1,000 datasets.
        /// </summary>
        private static IReadOnlyList<DicomDataset> Read(TextReader text, DicomJsonOptions options)
        {
            options = options ?? new DicomJsonOptions();
            using (var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double, MaxDepth = 256 })
            {
                var datasets = new List<DicomDataset>();
                if (!Advance(reader))
                {
                    throw new DicomFormatException("DICOM JSON: the text holds no JSON value.");
                }
                if (reader.TokenType != JsonToken.StartArray)
                {
                    datasets.Add(ToDataset(Load(reader), options));
                    return datasets;
                }
                while (Advance(reader) && reader.TokenType != JsonToken.EndArray)
                {
                    datasets.Add(ToDataset(Load(reader), options));
                }
                if (reader.TokenType != JsonToken.EndArray)
                {
                    throw new DicomFormatException($"DICOM JSON: the array is not closed (line {reader.LineNumber}, position {reader.LinePosition}).");
                }
                return datasets;
            }
        }

        private static bool Advance(JsonTextReader reader)
        {
            try
            {
                while (reader.Read())
                {
                    if (reader.TokenType != JsonToken.Comment) return true;
                }
                return false;
            }
            catch (JsonException ex)
            {
                throw new DicomFormatException("DICOM JSON: " + ex.Message, ex);
            }
        }

        private static JToken Load(JsonTextReader reader)
        {
            try
            {
                return JToken.ReadFrom(reader);
            }
            catch (JsonException ex)
            {
                throw new DicomFormatException("DICOM JSON: " + ex.Message, ex);
            }
        }

        private static DicomDataset ToDataset(JToken token, DicomJsonOptions options)
        {
            try
            {
                return ReadDataset(AsObject(token), DicomCharacterSet.Default, options);
            }
            catch (Exception ex) when (!(ex is DicomFormatException))
            {
                throw new DicomFormatException("DICOM JSON: " + ex.Message, ex);
            }
        }

        private static JObject AsObject(JToken token)
        {
            if (token is JObject obj) return obj;
            if (token == null || token.Type == JTokenType.Null) return new JObject();
            throw Error(token, "expected a dataset object");
        }

        private static DicomDataset ReadDataset(JObject json, DicomCharacterSet inherited, DicomJsonOptions options)
        {
            var declared = inherited;
            var charsetProperty = json.Properties().FirstOrDefault(p => string.Equals(p.Name, "00080005", StringComparison.OrdinalIgnoreCase));
            if (charsetProperty != null) declared = DicomCharacterSet.FromTerms(StringValues(charsetProperty.Value as JObject).Select(v => v ?? "").ToList());

            // Text that the declared set cannot encode (ISO 2022 sets: we have no encoder) is stored as UTF-8
            // and (0008,0005) becomes ISO_IR 192, so the Part 10 bytes always match their declared set.
            var characterSet = CanEncodeAll(json, declared) ? declared : Utf8;
            var dataset = new DicomDataset { CharacterSet = characterSet };
            bool charsetWritten = false;
            foreach (var property in json.Properties())
            {
                var tag = ParseTag(property);
                if (!ReferenceEquals(characterSet, declared) && !charsetWritten && tag.Value >= DicomTag.SpecificCharacterSet.Value)
                {
                    dataset.AddOrUpdate(DicomElementFactory.FromStrings(DicomTag.SpecificCharacterSet, DicomVR.CS, new[] { "ISO_IR 192" }, Utf8));
                    charsetWritten = true;
                    if (tag == DicomTag.SpecificCharacterSet) continue;
                }
                var element = ReadElement(tag, property.Value as JObject ?? throw Error(property, "attribute " + property.Name + " is not an object"), characterSet, options);
                dataset.AddOrUpdate(element);
            }
            if (!ReferenceEquals(characterSet, declared) && !charsetWritten)
                dataset.AddOrUpdate(DicomElementFactory.FromStrings(DicomTag.SpecificCharacterSet, DicomVR.CS, new[] { "ISO_IR 192" }, Utf8));
            return dataset;
        }

        private static bool CanEncodeAll(JObject json, DicomCharacterSet characterSet)
        {
            foreach (var property in json.Properties())
            {
                if (!(property.Value is JObject attribute)) continue;
                var vr = DicomVRInfo.Parse((string)attribute["vr"]);
                if (vr == null || !DicomVRInfo.UsesSpecificCharacterSet(vr.Value)) continue;
                var text = JoinText(vr.Value, attribute);
                if (characterSet.TryEncode(text) == null) return false;
            }
            return true;
        }

        private static DicomTag ParseTag(JProperty property)
        {
            if (property.Name.Length == 8 && uint.TryParse(property.Name, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return new DicomTag(value);
            throw Error(property, "'" + property.Name + "' is not a tag of 8 hex digits");
        }

        private static DicomElement ReadElement(DicomTag tag, JObject attribute, DicomCharacterSet characterSet, DicomJsonOptions options)
        {
            var vrText = (string)attribute["vr"];
            DicomVR vr;
            if (vrText == null) vr = DicomDictionary.GetImplicitVR(tag);
            else vr = DicomVRInfo.Parse(vrText) ?? throw Error(attribute, "unknown VR '" + vrText + "' for " + tag);

            var value = attribute["Value"];
            var inline = attribute["InlineBinary"];
            var bulk = attribute["BulkDataURI"];

            if (vr == DicomVR.SQ)
            {
                var items = new List<DicomDataset>();
                if (value is JArray array) foreach (var item in array) items.Add(ReadDataset(AsObject(item), characterSet, options));
                return new DicomSequence(tag, items);
            }

            if (inline != null && inline.Type != JTokenType.Null)
            {
                byte[] bytes;
                try { bytes = Convert.FromBase64String((string)inline); }
                catch (FormatException) { throw Error(inline, "InlineBinary of " + tag + " is not base64"); }
                return BinaryElement(tag, vr, bytes, characterSet);
            }
            if (bulk != null && bulk.Type != JTokenType.Null)
            {
                var uri = (string)bulk;
                var bytes = options.BulkDataResolver?.Invoke(uri);
                var element = BinaryElement(tag, vr, bytes ?? new byte[0], characterSet);
                if (bytes == null) element.BulkDataUri = uri;
                return element;
            }

            var values = value as JArray ?? new JArray();
            switch (vr)
            {
                case DicomVR.US: case DicomVR.SS: case DicomVR.UL: case DicomVR.SL: case DicomVR.UV: case DicomVR.SV: case DicomVR.FL: case DicomVR.FD:
                    // A null inside a binary number array has no encoding: it is dropped.
                    return DicomElementFactory.FromNumbers(tag, vr, values.Where(v => v.Type != JTokenType.Null).Select(v => NumberOf(v, tag)).ToList());
                case DicomVR.AT:
                    return DicomElementFactory.FromTags(tag, values.Select(v => DicomTag.Parse((string)v)).ToList());
                default:
                    if (DicomVRInfo.IsBulkBinary(vr)) return new DicomElement(tag, vr, new byte[0]);
                    return DicomElementFactory.FromStrings(tag, vr, new[] { JoinText(vr, attribute) }, characterSet);
            }
        }

        private static DicomElement BinaryElement(DicomTag tag, DicomVR vr, byte[] bytes, DicomCharacterSet characterSet)
        {
            if (tag == DicomTag.PixelData && (vr == DicomVR.OB || vr == DicomVR.OW))
            {
                var fragments = DicomFragmentSequence.TryParse(tag, vr, bytes);
                if (fragments != null) return fragments;
            }
            return new DicomElement(tag, vr, bytes) { CharacterSet = characterSet };
        }

        private static object NumberOf(JToken token, DicomTag tag)
        {
            switch (token.Type)
            {
                case JTokenType.Integer: return ((JValue)token).Value;
                case JTokenType.Float: return (double)token;
                case JTokenType.String: return (string)token; // "NaN", or a big number as text
                default: throw Error(token, "expected a number in " + tag);
            }
        }

        // The text of a string-VR attribute, values joined with '\'; PN objects composed from their groups.
        private static string JoinText(DicomVR vr, JObject attribute)
        {
            if (!(attribute["Value"] is JArray values)) return "";
            var parts = new List<string>(values.Count);
            foreach (var token in values)
            {
                switch (token.Type)
                {
                    case JTokenType.Null: parts.Add(""); break;
                    case JTokenType.Object when vr == DicomVR.PN:
                        parts.Add(DicomPersonName.Compose((string)token["Alphabetic"], (string)token["Ideographic"], (string)token["Phonetic"]));
                        break;
                    case JTokenType.Integer: parts.Add(Convert.ToString(((JValue)token).Value, CultureInfo.InvariantCulture)); break;
                    case JTokenType.Float: parts.Add(((double)token).ToString("R", CultureInfo.InvariantCulture)); break;
                    case JTokenType.String: parts.Add((string)token); break;
                    default: throw Error(token, "unexpected " + token.Type + " in a " + vr + " value");
                }
            }
            return string.Join("\\", parts);
        }

        private static IEnumerable<string> StringValues(JObject attribute)
            => attribute?["Value"] is JArray values ? values.Select(v => v.Type == JTokenType.Null ? "" : (string)v) : Enumerable.Empty<string>();

        private static DicomFormatException Error(JToken token, string reason)
        {
            var info = (IJsonLineInfo)token;
            var where = info != null && info.HasLineInfo() ? " (line " + info.LineNumber + ", position " + info.LinePosition + ")" : "";
            return new DicomFormatException("DICOM JSON" + where + ": " + reason);
        }
    }
}
