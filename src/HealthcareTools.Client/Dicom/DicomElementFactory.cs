using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>Builds elements from .NET values (strings, numbers, tags), encoding them as DICOM little-endian bytes.</summary>
    public static class DicomElementFactory
    {
        /// <summary>A text element: values joined with '\' and encoded with <paramref name="characterSet"/> where the VR uses it.</summary>
        public static DicomElement FromStrings(DicomTag tag, DicomVR vr, IReadOnlyList<string> values, DicomCharacterSet characterSet)
        {
            if (!DicomVRInfo.IsString(vr)) throw new ArgumentException("VR " + vr + " is not a text VR.", nameof(vr));
            var text = string.Join("\\", values ?? new string[0]);
            byte[] bytes;
            if (DicomVRInfo.UsesSpecificCharacterSet(vr))
            {
                bytes = (characterSet ?? DicomCharacterSet.Default).TryEncode(text)
                    ?? throw new ArgumentException("Text for " + tag + " cannot be encoded in character set '" + string.Join("\\", (characterSet ?? DicomCharacterSet.Default).Terms) + "'.");
            }
            else
            {
                bytes = DicomCharacterSet.Latin1.GetBytes(text);
            }
            return new DicomElement(tag, vr, bytes) { CharacterSet = characterSet ?? DicomCharacterSet.Default };
        }

        /// <summary>A binary number element (US SS UL SL UV SV FL FD) from values convertible to the VR's type.</summary>
        public static DicomElement FromNumbers(DicomTag tag, DicomVR vr, IReadOnlyList<object> values)
        {
            int size = DicomVRInfo.ByteSwapSize(vr);
            if (!DicomVRInfo.IsBinaryNumber(vr)) throw new ArgumentException("VR " + vr + " is not a binary number VR.", nameof(vr));
            var bytes = new byte[values.Count * size];
            for (int i = 0; i < values.Count; i++)
            {
                var span = new Span<byte>(bytes, i * size, size);
                var value = values[i];
                switch (vr)
                {
                    case DicomVR.US: BinaryPrimitives.WriteUInt16LittleEndian(span, Convert.ToUInt16(value, CultureInfo.InvariantCulture)); break;
                    case DicomVR.SS: BinaryPrimitives.WriteInt16LittleEndian(span, Convert.ToInt16(value, CultureInfo.InvariantCulture)); break;
                    case DicomVR.UL: BinaryPrimitives.WriteUInt32LittleEndian(span, Convert.ToUInt32(value, CultureInfo.InvariantCulture)); break;
                    case DicomVR.SL: BinaryPrimitives.WriteInt32LittleEndian(span, Convert.ToInt32(value, CultureInfo.InvariantCulture)); break;
                    case DicomVR.UV: BinaryPrimitives.WriteUInt64LittleEndian(span, Convert.ToUInt64(value, CultureInfo.InvariantCulture)); break;
                    case DicomVR.SV: BinaryPrimitives.WriteInt64LittleEndian(span, Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
                    case DicomVR.FL: BinaryPrimitives.WriteInt32LittleEndian(span, SingleBits(ToDouble(value))); break;
                    case DicomVR.FD: BinaryPrimitives.WriteInt64LittleEndian(span, BitConverter.DoubleToInt64Bits(ToDouble(value))); break;
                }
            }
            return new DicomElement(tag, vr, bytes);
        }

        /// <summary>An AT element.</summary>
        public static DicomElement FromTags(DicomTag tag, IReadOnlyList<DicomTag> values)
        {
            var bytes = new byte[values.Count * 4];
            for (int i = 0; i < values.Count; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(bytes, i * 4, 2), values[i].Group);
                BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(bytes, i * 4 + 2, 2), values[i].Element);
            }
            return new DicomElement(tag, DicomVR.AT, bytes);
        }

        private static double ToDouble(object value)
        {
            if (value is string text)
            {
                switch (text)
                {
                    case "NaN": return double.NaN;
                    case "Infinity": case "INF": return double.PositiveInfinity;
                    case "-Infinity": case "-INF": return double.NegativeInfinity;
                }
            }
            return Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }

        private static int SingleBits(double value)
        {
            var bytes = BitConverter.GetBytes((float)value);
            if (!BitConverter.IsLittleEndian) Array.Reverse(bytes);
            return BinaryPrimitives.ReadInt32LittleEndian(bytes);
        }
    }
}
