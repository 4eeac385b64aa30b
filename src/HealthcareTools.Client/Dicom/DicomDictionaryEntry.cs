using System.Collections.Generic;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>One row of the PS3.6 data dictionary.</summary>
    public sealed class DicomDictionaryEntry
    {
        internal DicomDictionaryEntry(uint tag, uint mask, IReadOnlyList<DicomVR> valueRepresentations, string valueMultiplicity, string keyword, string name, bool isRetired)
        {
            Tag = tag;
            Mask = mask;
            ValueRepresentations = valueRepresentations;
            ValueMultiplicity = valueMultiplicity;
            Keyword = keyword;
            Name = name;
            IsRetired = isRetired;
        }

        /// <summary>The tag; for a repeating-group entry such as 60xx3000, the pattern with the wildcard nibbles zero.</summary>
        public uint Tag { get; }

        /// <summary>Bits that must match: 0xFFFFFFFF for a single tag, wildcard nibbles cleared for repeating groups (60xx → 0xFF00FFFF).</summary>
        public uint Mask { get; }

        /// <summary>Allowed VRs: usually one; US/SS, OB/OW etc. list alternatives; empty for items and delimiters.</summary>
        public IReadOnlyList<DicomVR> ValueRepresentations { get; }

        /// <summary>The first (default) VR, or <see cref="DicomVR.None"/> for items and delimiters.</summary>
        public DicomVR DefaultVR => ValueRepresentations.Count > 0 ? ValueRepresentations[0] : DicomVR.None;

        /// <summary>As written in PS3.6: "1", "1-n", "2-2n" …</summary>
        public string ValueMultiplicity { get; }

        /// <summary>PS3.6 keyword (empty for a few retired entries without one).</summary>
        public string Keyword { get; }

        /// <summary>PS3.6 attribute name, e.g. "Patient's Name".</summary>
        public string Name { get; }

        public bool IsRetired { get; }

        public bool IsRepeatingGroup => Mask != 0xFFFFFFFF;
    }
}
