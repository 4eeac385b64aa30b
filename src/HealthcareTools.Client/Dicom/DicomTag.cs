using System;
using System.Globalization;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>A DICOM attribute tag: (group,element) packed as group &lt;&lt; 16 | element.</summary>
    public readonly struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
    {
        public static readonly DicomTag FileMetaInformationGroupLength = new DicomTag(0x0002, 0x0000);
        public static readonly DicomTag FileMetaInformationVersion = new DicomTag(0x0002, 0x0001);
        public static readonly DicomTag MediaStorageSOPClassUID = new DicomTag(0x0002, 0x0002);
        public static readonly DicomTag MediaStorageSOPInstanceUID = new DicomTag(0x0002, 0x0003);
        public static readonly DicomTag TransferSyntaxUID = new DicomTag(0x0002, 0x0010);
        public static readonly DicomTag ImplementationClassUID = new DicomTag(0x0002, 0x0012);
        public static readonly DicomTag ImplementationVersionName = new DicomTag(0x0002, 0x0013);
        public static readonly DicomTag SpecificCharacterSet = new DicomTag(0x0008, 0x0005);
        public static readonly DicomTag SOPClassUID = new DicomTag(0x0008, 0x0016);
        public static readonly DicomTag SOPInstanceUID = new DicomTag(0x0008, 0x0018);
        public static readonly DicomTag PixelRepresentation = new DicomTag(0x0028, 0x0103);
        public static readonly DicomTag PixelData = new DicomTag(0x7FE0, 0x0010);
        public static readonly DicomTag Item = new DicomTag(0xFFFE, 0xE000);
        public static readonly DicomTag ItemDelimitationItem = new DicomTag(0xFFFE, 0xE00D);
        public static readonly DicomTag SequenceDelimitationItem = new DicomTag(0xFFFE, 0xE0DD);

        public DicomTag(ushort group, ushort element) { Value = ((uint)group << 16) | element; }

        public DicomTag(uint value) { Value = value; }

        /// <summary>The tag as one number, e.g. 0x00100010.</summary>
        public uint Value { get; }

        public ushort Group => (ushort)(Value >> 16);

        public ushort Element => (ushort)Value;

        /// <summary>Odd group numbers (other than the reserved 0001-0007 and FFFF) are private.</summary>
        public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008 && Group != 0xFFFF;

        /// <summary>(gggg,0010-00FF) in a private group reserves a block of 256 elements for its creator.</summary>
        public bool IsPrivateCreator => IsPrivate && Element >= 0x0010 && Element <= 0x00FF;

        /// <summary>Group length elements (gggg,0000).</summary>
        public bool IsGroupLength => Element == 0;

        /// <summary>For a private data element (gggg,xxyy), the creator tag (gggg,00xx) that reserved it.</summary>
        public DicomTag PrivateCreatorTag => new DicomTag(Group, (ushort)(Element >> 8));

        /// <summary>The dictionary keyword, or null for private and unknown tags.</summary>
        public string Keyword => DicomDictionary.Lookup(this)?.Keyword;

        /// <summary>Parses "00100010", "(0010,0010)", "0010,0010" or a dictionary keyword such as "PatientName".</summary>
        public static DicomTag Parse(string text)
        {
            if (TryParse(text, out var tag)) return tag;
            throw new FormatException($"'{text}' is neither a DICOM tag (GGGGEEEE or (GGGG,EEEE)) nor a known keyword.");
        }

        public static bool TryParse(string text, out DicomTag tag)
        {
            tag = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var s = text.Trim();
            if (s.Length >= 2 && s[0] == '(' && s[s.Length - 1] == ')') s = s.Substring(1, s.Length - 2);
            if (s.Length == 9 && s[4] == ',') s = s.Substring(0, 4) + s.Substring(5);
            if (s.Length == 10 && (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))) s = s.Substring(2);
            if (s.Length == 8 && uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                tag = new DicomTag(value);
                return true;
            }
            var entry = DicomDictionary.LookupKeyword(text.Trim());
            if (entry == null) return false;
            tag = new DicomTag(entry.Tag);
            return true;
        }

        public bool Equals(DicomTag other) => Value == other.Value;

        public override bool Equals(object obj) => obj is DicomTag other && Equals(other);

        public override int GetHashCode() => (int)Value;

        public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

        public static bool operator ==(DicomTag left, DicomTag right) => left.Value == right.Value;

        public static bool operator !=(DicomTag left, DicomTag right) => left.Value != right.Value;

        /// <summary>"(0010,0010)" — the form DCMTK and the standard print.</summary>
        public override string ToString() => "(" + Group.ToString("X4", CultureInfo.InvariantCulture) + "," + Element.ToString("X4", CultureInfo.InvariantCulture) + ")";

        /// <summary>"00100010" — the key form of the DICOM JSON model.</summary>
        public string ToJsonKey() => Value.ToString("X8", CultureInfo.InvariantCulture);
    }
}
