using HealthcareTools.Client.DicomWeb;

namespace HealthcareTools
{
    /// <summary>What happened to one file given to Import-HcDicomInstance.</summary>
    public sealed class HcDicomImportResult
    {
        public string Path { get; set; }
        /// <summary>Stored, AlreadyPresent (the server had it: a re-run is safe) or Failed.</summary>
        public string Status { get; set; }
        public string StudyInstanceUID { get; set; }
        public string SeriesInstanceUID { get; set; }
        public string SOPInstanceUID { get; set; }
        public long Bytes { get; set; }
        /// <summary>DICOM FailureReason (0008,1197) when the server gave one, e.g. 272 (0x0110).</summary>
        public int? FailureReason { get; set; }
        public string FailureDetail { get; set; }

        internal static HcDicomImportResult From(DicomWebStowResult result) => new HcDicomImportResult
        {
            Path = result.Item.Path ?? result.Item.DisplayName,
            Status = result.Status.ToString(),
            StudyInstanceUID = result.StudyInstanceUid,
            SeriesInstanceUID = result.SeriesInstanceUid,
            SOPInstanceUID = result.SopInstanceUid,
            Bytes = result.Bytes,
            FailureReason = result.FailureReason,
            FailureDetail = result.FailureDetail,
        };

        public override string ToString() => Path;
    }
}
