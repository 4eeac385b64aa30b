using System.Collections.Generic;

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

        public override string ToString() => Tag + " " + VR + " (encapsulated, " + Fragments.Count + " fragments)";
    }
}
