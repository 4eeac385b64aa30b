using System.Collections.Generic;
using System.IO;
using System.Text;

namespace HealthcareTools.Client.Tests.Dicom
{
    /// <summary>Builds small Part 10 files byte by byte (explicit VR little endian), including broken ones.</summary>
    internal sealed class DicomFileBuilder
    {
        private readonly MemoryStream body = new MemoryStream();

        public DicomFileBuilder Element(ushort group, ushort element, string vr, byte[] value, uint? lengthOverride = null)
        {
            Tag(group, element);
            body.Write(Encoding.ASCII.GetBytes(vr), 0, 2);
            bool longLength = vr == "OB" || vr == "OW" || vr == "SQ" || vr == "UN" || vr == "UT" || vr == "UC" || vr == "UR" || vr == "OF" || vr == "OD" || vr == "OL";
            uint length = lengthOverride ?? (uint)value.Length;
            if (longLength)
            {
                body.Write(new byte[2], 0, 2);
                UInt32(length);
            }
            else
            {
                body.WriteByte((byte)length);
                body.WriteByte((byte)(length >> 8));
            }
            body.Write(value, 0, value.Length);
            return this;
        }

        public DicomFileBuilder Raw(params byte[] bytes)
        {
            body.Write(bytes, 0, bytes.Length);
            return this;
        }

        public DicomFileBuilder Item(uint length = 0xFFFFFFFF) => TagAndLength(0xFFFE, 0xE000, length);

        public DicomFileBuilder ItemEnd() => TagAndLength(0xFFFE, 0xE00D, 0);

        public DicomFileBuilder SequenceEnd() => TagAndLength(0xFFFE, 0xE0DD, 0);

        public DicomFileBuilder SequenceStart(ushort group, ushort element, uint length = 0xFFFFFFFF) => Element(group, element, "SQ", new byte[0], length);

        public byte[] Build(bool withMeta = true)
        {
            var output = new MemoryStream();
            if (withMeta)
            {
                output.Write(new byte[128], 0, 128);
                output.Write(Encoding.ASCII.GetBytes("DICM"), 0, 4);
                var ts = Encoding.ASCII.GetBytes("1.2.840.10008.1.2.1\0");
                var meta = new List<byte>();
                meta.AddRange(new byte[] { 0x02, 0x00, 0x10, 0x00, (byte)'U', (byte)'I', (byte)ts.Length, 0 });
                meta.AddRange(ts);
                output.Write(new byte[] { 0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 4, 0, (byte)meta.Count, 0, 0, 0 }, 0, 12);
                output.Write(meta.ToArray(), 0, meta.Count);
            }
            body.Position = 0;
            body.CopyTo(output);
            return output.ToArray();
        }

        private DicomFileBuilder TagAndLength(ushort group, ushort element, uint length)
        {
            Tag(group, element);
            UInt32(length);
            return this;
        }

        private void Tag(ushort group, ushort element)
        {
            body.WriteByte((byte)group);
            body.WriteByte((byte)(group >> 8));
            body.WriteByte((byte)element);
            body.WriteByte((byte)(element >> 8));
        }

        private void UInt32(uint value)
        {
            body.WriteByte((byte)value);
            body.WriteByte((byte)(value >> 8));
            body.WriteByte((byte)(value >> 16));
            body.WriteByte((byte)(value >> 24));
        }
    }
}
