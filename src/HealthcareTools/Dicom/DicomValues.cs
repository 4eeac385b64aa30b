using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using HealthcareTools.Client.Dicom;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// The PowerShell view of DICOM attributes: element values as PowerShell-friendly .NET values;
    /// objects whose attributes are properties named by keyword (decoded only when read), either as note
    /// properties (<see cref="Wrap"/>) or through <see cref="HcDicomAdapter"/>; lookups by keyword and tag.
    /// </summary>
    internal static class DicomValues
    {
        internal static readonly DicomTag SeriesInstanceUID = new DicomTag(0x0020, 0x000E);
        internal static readonly DicomTag StudyInstanceUID = new DicomTag(0x0020, 0x000D);
        internal static readonly DicomTag PatientID = new DicomTag(0x0010, 0x0020);
        internal static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        internal static readonly DicomTag StudyDate = new DicomTag(0x0008, 0x0020);
        internal static readonly DicomTag Modality = new DicomTag(0x0008, 0x0060);

        private static readonly Dictionary<string, string> TransferSyntaxNames = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["1.2.840.10008.1.2"] = "Implicit VR Little Endian",
            ["1.2.840.10008.1.2.1"] = "Explicit VR Little Endian",
            ["1.2.840.10008.1.2.1.98"] = "Encapsulated Uncompressed Explicit VR Little Endian",
            ["1.2.840.10008.1.2.1.99"] = "Deflated Explicit VR Little Endian",
            ["1.2.840.10008.1.2.2"] = "Explicit VR Big Endian",
            ["1.2.840.10008.1.2.4.50"] = "JPEG Baseline (Process 1)",
            ["1.2.840.10008.1.2.4.51"] = "JPEG Extended (Process 2 & 4)",
            ["1.2.840.10008.1.2.4.57"] = "JPEG Lossless, Non-Hierarchical (Process 14)",
            ["1.2.840.10008.1.2.4.70"] = "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])",
            ["1.2.840.10008.1.2.4.80"] = "JPEG-LS Lossless Image Compression",
            ["1.2.840.10008.1.2.4.81"] = "JPEG-LS Lossy (Near-Lossless) Image Compression",
            ["1.2.840.10008.1.2.4.90"] = "JPEG 2000 Image Compression (Lossless Only)",
            ["1.2.840.10008.1.2.4.91"] = "JPEG 2000 Image Compression",
            ["1.2.840.10008.1.2.4.92"] = "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)",
            ["1.2.840.10008.1.2.4.93"] = "JPEG 2000 Part 2 Multi-component Image Compression",
            ["1.2.840.10008.1.2.4.94"] = "JPIP Referenced",
            ["1.2.840.10008.1.2.4.95"] = "JPIP Referenced Deflate",
            ["1.2.840.10008.1.2.4.100"] = "MPEG2 Main Profile / Main Level",
            ["1.2.840.10008.1.2.4.101"] = "MPEG2 Main Profile / High Level",
            ["1.2.840.10008.1.2.4.102"] = "MPEG-4 AVC/H.264 High Profile / Level 4.1",
            ["1.2.840.10008.1.2.4.103"] = "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1",
            ["1.2.840.10008.1.2.4.104"] = "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video",
            ["1.2.840.10008.1.2.4.105"] = "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video",
            ["1.2.840.10008.1.2.4.106"] = "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2",
            ["1.2.840.10008.1.2.4.107"] = "HEVC/H.265 Main Profile / Level 5.1",
            ["1.2.840.10008.1.2.4.108"] = "HEVC/H.265 Main 10 Profile / Level 5.1",
            ["1.2.840.10008.1.2.4.201"] = "High-Throughput JPEG 2000 Image Compression (Lossless Only)",
            ["1.2.840.10008.1.2.4.202"] = "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)",
            ["1.2.840.10008.1.2.4.203"] = "High-Throughput JPEG 2000 Image Compression",
            ["1.2.840.10008.1.2.5"] = "RLE Lossless",
        };

        /// <summary>The name of a transfer syntax UID; the UID itself when unknown.</summary>
        internal static string TransferSyntaxName(string uid)
            => uid != null && TransferSyntaxNames.TryGetValue(uid, out var name) ? name : uid;

        /// <summary>The value of an attribute by keyword or tag: group 0002 from <paramref name="meta"/>, the rest from the dataset.</summary>
        internal static object Lookup(DicomDataset dataset, DicomDataset meta, string keywordOrTag)
        {
            if (!DicomTag.TryParse(keywordOrTag, out var tag)) return null;
            var element = tag.Group == 0x0002 && meta != null ? meta[tag] : dataset[tag];
            return element == null ? null : ToPowerShell(element);
        }

        /// <summary>
        /// An element's value for PowerShell: null when empty; one value, or an array when multi-valued.
        /// Text as strings (PN as its alphabetic form); DA and DT as DateTime where valid (else the text);
        /// IS as long and DS as double where valid; binary numbers as themselves; AT as "(gggg,eeee)";
        /// sequences as items (attributes by keyword and tag); bulk binary as byte[].
        /// </summary>
        internal static object ToPowerShell(DicomElement element)
        {
            if (element is DicomSequence sequence)
            {
                var items = new object[sequence.Items.Count];
                for (int i = 0; i < items.Length; i++) items[i] = Wrap(new HcDicomItem(sequence.Items[i]), sequence.Items[i], null, null);
                return items;
            }
            if (element is DicomFragmentSequence) return null;

            switch (element.VR)
            {
                case DicomVR.PN:
                    return Single(Array.ConvertAll(element.GetStrings(), name => (object)DicomPersonName.Parse(name).Alphabetic));
                case DicomVR.DA:
                case DicomVR.DT:
                    {
                        var texts = element.GetStrings();
                        var dates = new object[texts.Length];
                        for (int i = 0; i < texts.Length; i++) dates[i] = (object)element.GetDateTime(i) ?? texts[i];
                        return Single(dates);
                    }
                case DicomVR.IS:
                    return Single(Array.ConvertAll(element.GetStrings(), text =>
                        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : (object)text));
                case DicomVR.DS:
                    return Single(Array.ConvertAll(element.GetStrings(), text =>
                        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : (object)text));
                case DicomVR.AT:
                    return Single(Array.ConvertAll(element.GetValues(), tag => (object)tag.ToString()));
                default:
                    return element.Value;
            }
        }

        /// <summary>
        /// Wraps <paramref name="target"/> in a PSObject with one property per keyword attribute of the
        /// dataset (and meta header), skipping names in <paramref name="reserved"/>. Values are decoded
        /// when a property is first read, so building costs one small object per attribute.
        /// </summary>
        internal static PSObject Wrap(object target, DicomDataset dataset, DicomDataset meta, ISet<string> reserved)
        {
            var result = new PSObject(target);
            var properties = result.Properties;
            var added = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (meta != null) AddAll(properties, meta, reserved, added);
            AddAll(properties, dataset, reserved, added);
            return result;
        }

        private static void AddAll(PSMemberInfoCollection<PSPropertyInfo> properties, DicomDataset source, ISet<string> reserved, HashSet<string> added)
        {
            foreach (var element in source)
            {
                if (element.Tag.IsPrivate) continue;
                var keyword = element.Keyword;
                if (keyword == null || (reserved != null && reserved.Contains(keyword)) || !added.Add(keyword)) continue;
                properties.Add(new DicomAttributeProperty(keyword, element), true);
            }
        }

        /// <summary>
        /// The element a keyword names: group 0002 from <paramref name="meta"/>, the rest from the dataset;
        /// a repeating-group keyword (OverlayRows) gives its first group present. Null when absent.
        /// </summary>
        internal static DicomElement FindByKeyword(DicomDataset dataset, DicomDataset meta, string keyword)
        {
            var entry = DicomDictionary.LookupKeyword(keyword);
            if (entry == null) return null;
            if (!entry.IsRepeatingGroup)
            {
                var tag = new DicomTag(entry.Tag);
                return tag.Group == 0x0002 ? meta?[tag] : dataset[tag];
            }
            foreach (var element in dataset)
            {
                if ((element.Tag.Value & entry.Mask) == entry.Tag && string.Equals(element.Keyword, entry.Keyword, StringComparison.Ordinal)) return element;
            }
            return null;
        }

        /// <summary>Every attribute with a keyword (meta header first, private ones skipped), once per keyword.</summary>
        internal static IEnumerable<KeyValuePair<string, DicomElement>> KeywordElements(DicomDataset dataset, DicomDataset meta)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var source in meta == null ? new[] { dataset } : new[] { meta, dataset })
            {
                foreach (var element in source)
                {
                    if (element.Tag.IsPrivate) continue;
                    var keyword = element.Keyword;
                    if (keyword != null && seen.Add(keyword)) yield return new KeyValuePair<string, DicomElement>(keyword, element);
                }
            }
        }

        private static object Single(object[] values) => values.Length == 0 ? null : values.Length == 1 ? values[0] : values;
    }

    /// <summary>A note property whose value is an element decoded on first read.</summary>
    internal sealed class DicomAttributeProperty : PSNoteProperty
    {
        private readonly DicomElement element;
        private object value;
        private bool decoded;

        public DicomAttributeProperty(string name, DicomElement element) : base(name, null)
        {
            this.element = element;
        }

        public override object Value
        {
            get
            {
                if (!decoded)
                {
                    value = DicomValues.ToPowerShell(element);
                    decoded = true;
                }
                return value;
            }
            set
            {
                this.value = value;
                decoded = true;
            }
        }

        public override string TypeNameOfValue => Value?.GetType().FullName ?? typeof(object).FullName;

        public override PSMemberInfo Copy()
        {
            var copy = new DicomAttributeProperty(Name, element);
            if (decoded) copy.Value = value;
            return copy;
        }

        public override string ToString() => TypeNameOfValue + " " + Name + "=" + Convert.ToString(Value, CultureInfo.InvariantCulture);
    }
}
