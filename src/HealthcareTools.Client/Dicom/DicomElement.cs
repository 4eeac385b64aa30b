using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// A data element: tag, VR and the value bytes, always held in little-endian order (big-endian
    /// input is swapped on read). Text is decoded on demand with the character set in effect where
    /// the element was read.
    /// </summary>
    public class DicomElement
    {
        private static readonly byte[] Empty = new byte[0];

        public DicomElement(DicomTag tag, DicomVR vr, byte[] value)
        {
            Tag = tag;
            VR = vr;
            RawValue = value ?? Empty;
        }

        public DicomTag Tag { get; }

        public DicomVR VR { get; }

        /// <summary>Value bytes as read (little-endian), padding included. Empty for sequences and encapsulated pixel data.</summary>
        public byte[] RawValue { get; }

        /// <summary>Dictionary keyword, or null for private and unknown tags.</summary>
        public string Keyword => Tag.Keyword;

        /// <summary>Dictionary name ("Patient's Name"), or null for private and unknown tags.</summary>
        public string Name => DicomDictionary.Lookup(Tag)?.Name;

        private string privateCreator;

        /// <summary>For a private data element, the creator string that reserved its block (when present in the dataset).</summary>
        public string PrivateCreator
        {
            get => privateCreator ?? PrivateCreatorElement?.GetString();
            set => privateCreator = value;
        }

        /// <summary>Set by the reader: the creator element, decoded only if someone asks (no string per private element at read time).</summary>
        internal DicomElement PrivateCreatorElement { get; set; }

        /// <summary>Where the value can be fetched when it was not inlined (DICOM JSON BulkDataURI); null otherwise.</summary>
        public string BulkDataUri { get; set; }

        /// <summary>The character set that decodes SH, LO, UC, ST, LT, UT and PN values.</summary>
        public DicomCharacterSet CharacterSet { get; internal set; } = DicomCharacterSet.Default;

        /// <summary>Number of values: string values, binary numbers, AT tags; 1 for bulk binary with bytes; items for sequences.</summary>
        public virtual int ValueCount
        {
            get
            {
                if (RawValue.Length == 0) return 0;
                if (DicomVRInfo.IsString(VR)) return DicomVRInfo.IsSingleValuedText(VR) ? 1 : GetStrings().Length;
                if (VR == DicomVR.AT) return RawValue.Length / 4;
                if (DicomVRInfo.IsBinaryNumber(VR)) return RawValue.Length / DicomVRInfo.ByteSwapSize(VR);
                return 1;
            }
        }

        /// <summary>
        /// The VR the value is read as text with: <see cref="VR"/> for a text VR; for UN, the text VR the
        /// dictionary gives the tag (LO for a private creator), since an explicit UN holds the value
        /// encoded as for that VR (PS3.5 6.2.2); <see cref="DicomVR.None"/> when the value has no text form.
        /// </summary>
        public DicomVR TextVR
        {
            get
            {
                if (DicomVRInfo.IsString(VR)) return VR;
                if (VR != DicomVR.UN) return DicomVR.None;
                if (Tag.IsPrivateCreator) return DicomVR.LO;
                if (Tag.IsPrivate || Tag.IsGroupLength) return DicomVR.None;
                var dictionaryVR = DicomDictionary.Lookup(Tag)?.DefaultVR ?? DicomVR.None;
                return DicomVRInfo.IsString(dictionaryVR) ? dictionaryVR : DicomVR.None;
            }
        }

        /// <summary>
        /// The whole value as text with trailing padding removed (values joined by ''); null when the
        /// value has no text form (see <see cref="TextVR"/>).
        /// </summary>
        public string GetRawString()
        {
            var textVR = TextVR;
            if (textVR == DicomVR.None) return null;
            var text = DicomVRInfo.UsesSpecificCharacterSet(textVR)
                ? CharacterSet.Decode(RawValue, 0, RawValue.Length, textVR)
                : DicomCharacterSet.DecodeDefaultRepertoire(RawValue, 0, RawValue.Length);
            return text.TrimEnd(' ', '\0');
        }

        /// <summary>
        /// The values as strings: text split at '\' (except LT, ST, UT, UR) and trimmed of padding;
        /// numbers and tags formatted invariantly. A UN whose tag the dictionary knows with a text VR is
        /// decoded as that VR. Empty array for an empty value and for values with no text form (OB, OW,
        /// OF, OD, OL, OV, other UN, sequences, encapsulated pixel data): use <see cref="RawValue"/> or
        /// <see cref="GetValues"/> for those. Never the name of a .NET type.
        /// </summary>
        public string[] GetStrings()
        {
            var textVR = TextVR;
            if (textVR != DicomVR.None)
            {
                var text = GetRawString();
                if (text.Length == 0) return new string[0];
                if (DicomVRInfo.IsSingleValuedText(textVR)) return new[] { textVR == DicomVR.UR ? text.Trim(' ') : text };
                var parts = text.Split('\\');
                for (int i = 0; i < parts.Length; i++) parts[i] = TrimValue(parts[i]);
                return parts;
            }
            if (!DicomVRInfo.IsBinaryNumber(VR) && VR != DicomVR.AT) return new string[0];
            var values = GetValues();
            var result = new string[values.Length];
            for (int i = 0; i < values.Length; i++) result[i] = Convert.ToString(values[i], CultureInfo.InvariantCulture);
            return result;
        }

        /// <summary>The first value as a string (see <see cref="GetStrings"/>), or null when empty or when the value has no text form.</summary>
        public string GetString()
        {
            var values = GetStrings();
            return values.Length == 0 ? null : values[0];
        }

        /// <summary>
        /// Typed values: string for text (PN as <see cref="DicomPersonName"/>), ushort/short/uint/int/
        /// ulong/long/float/double for binary numbers, <see cref="DicomTag"/> for AT, one byte[] for bulk binary.
        /// </summary>
        public virtual object[] GetValues()
        {
            var bytes = RawValue;
            switch (VR)
            {
                case DicomVR.US: return Numbers(2, i => (object)BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(bytes, i, 2)));
                case DicomVR.SS: return Numbers(2, i => (object)BinaryPrimitives.ReadInt16LittleEndian(new ReadOnlySpan<byte>(bytes, i, 2)));
                case DicomVR.UL: return Numbers(4, i => (object)BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(bytes, i, 4)));
                case DicomVR.SL: return Numbers(4, i => (object)BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(bytes, i, 4)));
                case DicomVR.UV: return Numbers(8, i => (object)BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(bytes, i, 8)));
                case DicomVR.SV: return Numbers(8, i => (object)BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(bytes, i, 8)));
                case DicomVR.FL: return Numbers(4, i => (object)BitConverterLE.ToSingle(bytes, i));
                case DicomVR.FD: return Numbers(8, i => (object)BitConverterLE.ToDouble(bytes, i));
                case DicomVR.AT: return Numbers(4, i => (object)new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(bytes, i, 2)), BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(bytes, i + 2, 2))));
                case DicomVR.PN:
                    {
                        var names = GetStrings();
                        var result = new object[names.Length];
                        for (int i = 0; i < names.Length; i++) result[i] = DicomPersonName.Parse(names[i]);
                        return result;
                    }
                default:
                    if (DicomVRInfo.IsString(VR)) return Array.ConvertAll(GetStrings(), s => (object)s);
                    return bytes.Length == 0 ? new object[0] : new object[] { bytes };
            }
        }

        /// <summary>For PowerShell: null when empty, the value when single, an array when multiple.</summary>
        public object Value
        {
            get
            {
                var values = GetValues();
                return values.Length == 0 ? null : values.Length == 1 ? values[0] : values;
            }
        }

        /// <summary>The value at <paramref name="index"/> as a double: binary numbers, DS and IS. Null when absent or not a number.</summary>
        public double? GetDouble(int index = 0)
        {
            if (TextVR != DicomVR.None)
            {
                var values = GetStrings();
                if (index >= values.Length) return null;
                return double.TryParse(values[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : (double?)null;
            }
            if (!DicomVRInfo.IsBinaryNumber(VR)) return null;
            var typed = GetValues();
            return index < typed.Length ? Convert.ToDouble(typed[index], CultureInfo.InvariantCulture) : (double?)null;
        }

        /// <summary>The value at <paramref name="index"/> as an integer (IS, US, SS, UL, SL …); null when absent or not an integer.</summary>
        public long? GetInt64(int index = 0)
        {
            if (TextVR != DicomVR.None)
            {
                var values = GetStrings();
                if (index >= values.Length) return null;
                return long.TryParse(values[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : (long?)null;
            }
            if (!DicomVRInfo.IsBinaryNumber(VR) || VR == DicomVR.FL || VR == DicomVR.FD) return null;
            var typed = GetValues();
            return index < typed.Length ? Convert.ToInt64(typed[index], CultureInfo.InvariantCulture) : (long?)null;
        }

        /// <summary>DA, DT or TM as a DateTime (TM on 0001-01-01); null when empty or unparsable.</summary>
        public DateTime? GetDateTime(int index = 0)
        {
            var values = GetStrings();
            if (index >= values.Length) return null;
            return DicomDateTime.Parse(TextVR, values[index]);
        }

        /// <summary>The first PN value, parsed into component groups and components.</summary>
        public DicomPersonName GetPersonName()
        {
            var value = GetString();
            return value == null ? null : DicomPersonName.Parse(value);
        }

        public override string ToString()
        {
            string shown;
            if (DicomVRInfo.IsString(VR)) shown = GetRawString();
            else if (DicomVRInfo.IsBinaryNumber(VR) || VR == DicomVR.AT) shown = string.Join("\\", GetStrings());
            else shown = RawValue.Length + " bytes";
            return Tag + " " + VR + " " + shown;
        }

        private static string TrimValue(string value) => value.Trim(' ', '\0');

        private object[] Numbers(int size, Func<int, object> read)
        {
            var count = RawValue.Length / size;
            var result = new object[count];
            for (int i = 0; i < count; i++) result[i] = read(i * size);
            return result;
        }
    }

    /// <summary>Little-endian float reads that do not depend on the machine's byte order (netstandard2.0 has no BinaryPrimitives for floats).</summary>
    internal static class BitConverterLE
    {
        public static float ToSingle(byte[] bytes, int offset)
        {
            if (BitConverter.IsLittleEndian) return BitConverter.ToSingle(bytes, offset);
            var copy = new[] { bytes[offset + 3], bytes[offset + 2], bytes[offset + 1], bytes[offset] };
            return BitConverter.ToSingle(copy, 0);
        }

        public static double ToDouble(byte[] bytes, int offset)
        {
            var bits = BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(bytes, offset, 8));
            return BitConverter.Int64BitsToDouble(bits);
        }
    }
}
