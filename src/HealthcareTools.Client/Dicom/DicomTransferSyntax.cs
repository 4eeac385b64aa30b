namespace HealthcareTools.Client.Dicom
{
    /// <summary>Transfer syntax UIDs and how each encodes the dataset (PS3.5 10, annex A).</summary>
    public static class DicomTransferSyntax
    {
        public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";
        public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
        public const string DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
        public const string ExplicitVRBigEndian = "1.2.840.10008.1.2.2";

        /// <summary>True when pixel data is encapsulated: every UID except the four native ones (an unknown UID is assumed compressed).</summary>
        public static bool IsEncapsulated(string uid)
            => uid != ImplicitVRLittleEndian && uid != ExplicitVRLittleEndian && uid != DeflatedExplicitVRLittleEndian && uid != ExplicitVRBigEndian;
    }
}
