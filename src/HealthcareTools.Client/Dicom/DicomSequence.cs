using System.Collections.Generic;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>An SQ element: zero or more item datasets.</summary>
    public sealed class DicomSequence : DicomElement
    {
        public DicomSequence(DicomTag tag, IEnumerable<DicomDataset> items = null) : base(tag, DicomVR.SQ, null)
        {
            Items = items == null ? new List<DicomDataset>() : new List<DicomDataset>(items);
        }

        public List<DicomDataset> Items { get; }

        public override int ValueCount => Items.Count;

        public override object[] GetValues() => Items.ToArray();

        public override string ToString() => Tag + " SQ (" + Items.Count + " items)";
    }
}
