using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item followed by fragment items.
    /// Fragments are kept as read; frames are not reassembled here.
    /// </summary>
    public sealed class DicomFragmentSequence : DicomElement
    {
        public DicomFragmentSequence(DicomTag tag, DicomVR vr, byte[] basicOffsetTable, IEnumerable<byte[]> fragments) : base(tag, vr, null)
        {
            BasicOffsetTable = basicOffsetTable ?? new byte[0];
            Fragments = fragments == null ? new List<byte[]>() : new List<byte[]>(fragments);
        }

        /// <summary>The first item's bytes: empty, or uint32 LE offsets (a hint only; may be wrong).</summary>
        public byte[] BasicOffsetTable { get; }

        public List<byte[]> Fragments { get; }

        public override int ValueCount => Fragments.Count;

        public override object[] GetValues() => Fragments.ToArray();

        /// <summary>The value as encoded in a file: offset-table item, fragment items, sequence delimiter (little endian).</summary>
        public byte[] ToEncapsulatedBytes()
        {
            using (var output = new MemoryStream())
            {
                WriteItem(output, 0xE000, BasicOffsetTable);
                foreach (var fragment in Fragments) WriteItem(output, 0xE000, fragment);
                WriteItem(output, 0xE0DD, new byte[0]);
                return output.ToArray();
            }
        }

        /// <summary>Parses bytes produced by <see cref="ToEncapsulatedBytes"/> (or read from a file); null when they are not a well-formed item stream.</summary>
        public static DicomFragmentSequence TryParse(DicomTag tag, DicomVR vr, byte[] bytes)
        {
            byte[] offsetTable = null;
            var fragments = new List<byte[]>();
            int position = 0;
            while (position + 8 <= bytes.Length)
            {
                var group = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(bytes, position, 2));
                var element = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(bytes, position + 2, 2));
                var length = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(bytes, position + 4, 4));
                position += 8;
                if (group != 0xFFFE) return null;
                if (element == 0xE0DD) return position == bytes.Length && offsetTable != null ? new DicomFragmentSequence(tag, vr, offsetTable, fragments) : null;
                if (element != 0xE000 || length > (uint)(bytes.Length - position)) return null;
                var item = new byte[length];
                Array.Copy(bytes, position, item, 0, (int)length);
                position += (int)length;
                if (offsetTable == null) offsetTable = item;
                else fragments.Add(item);
            }
            return null;
        }

        private static void WriteItem(Stream output, ushort element, byte[] value)
        {
            var header = new byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(header, 0, 2), 0xFFFE);
            BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(header, 2, 2), element);
            BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(header, 4, 4), (uint)value.Length);
            output.Write(header, 0, 8);
            output.Write(value, 0, value.Length);
        }

        public override string ToString() => Tag + " " + VR + " (encapsulated, " + Fragments.Count + " fragments)";
    }
}
