namespace HealthcareTools.Client.Dicom
{
    /// <summary>How <see cref="DicomWriter"/> encodes sequences and the meta header.</summary>
    public sealed class DicomWriteOptions
    {
        /// <summary>Write sequences and items with undefined length and delimiters (default) instead of computed lengths.</summary>
        public bool UndefinedLengthSequences { get; set; } = true;

        /// <summary>Implementation Class UID (0002,0012) to write; ours by default.</summary>
        public string ImplementationClassUID { get; set; } = DicomWriter.ImplementationClassUID;

        /// <summary>Implementation Version Name (0002,0013) to write.</summary>
        public string ImplementationVersionName { get; set; } = DicomWriter.ImplementationVersionName;
    }
}
