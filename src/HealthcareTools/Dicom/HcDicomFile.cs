using System;
using System.Management.Automation;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Dicom;

namespace HealthcareTools
{
    /// <summary>
    /// The header of one DICOM Part 10 file, as returned by Get-HcDicomFile: the identifying attributes
    /// as properties, every other attribute of the header as a PowerShell property named by its keyword
    /// (served by <see cref="HcDicomAdapter"/>, decoded when read) and by tag or keyword through the indexer (<c>$file['00100010']</c>, <c>$file['(0010,0010)']</c>,
    /// <c>$file['PatientName']</c>).
    /// </summary>
    public sealed class HcDicomFile
    {
        private readonly DicomDataset dataset;
        private readonly DicomDataset meta;

        internal HcDicomFile(string path, long length, DicomFile file)
        {
            Path = path;
            Length = length;
            dataset = file.Dataset;
            meta = file.FileMetaInformation;
            SOPInstanceUID = Text(dataset, DicomTag.SOPInstanceUID) ?? Text(meta, DicomTag.MediaStorageSOPInstanceUID);
            SOPClassUID = Text(dataset, DicomTag.SOPClassUID) ?? Text(meta, DicomTag.MediaStorageSOPClassUID);
            SeriesInstanceUID = Text(dataset, DicomValues.SeriesInstanceUID);
            StudyInstanceUID = Text(dataset, DicomValues.StudyInstanceUID);
            PatientID = Text(dataset, DicomValues.PatientID);
            PatientName = dataset[DicomValues.PatientName] is DicomElement name && name.VR == DicomVR.PN ? name.GetPersonName()?.Alphabetic : null;
            StudyDate = dataset[DicomValues.StudyDate] is DicomElement date && date.VR == DicomVR.DA ? date.GetDateTime() : null;
            Modality = Text(dataset, DicomValues.Modality);
            TransferSyntax = file.TransferSyntaxUID
                ?? (file.IsBigEndian ? DicomTransferSyntax.ExplicitVRBigEndian
                    : file.IsExplicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian);
            TransferSyntaxName = DicomValues.TransferSyntaxName(TransferSyntax);
        }

        /// <summary>Full path of the file.</summary>
        public string Path { get; }

        /// <summary>(0008,0018), or the meta header's Media Storage SOP Instance UID when the dataset has none.</summary>
        public string SOPInstanceUID { get; }

        public string SeriesInstanceUID { get; }

        public string StudyInstanceUID { get; }

        /// <summary>(0008,0016), or the meta header's Media Storage SOP Class UID when the dataset has none.</summary>
        public string SOPClassUID { get; }

        public string PatientID { get; }

        /// <summary>The alphabetic component group of (0010,0010), e.g. "Doe^John".</summary>
        public string PatientName { get; }

        /// <summary>(0008,0020) as a date; null when absent or not a valid DA value.</summary>
        public DateTime? StudyDate { get; }

        public string Modality { get; }

        /// <summary>The transfer syntax UID: (0002,0010), or the one the reader detected when the file has none.</summary>
        public string TransferSyntax { get; }

        /// <summary>The transfer syntax's name, e.g. "Explicit VR Little Endian"; the UID when unknown.</summary>
        public string TransferSyntaxName { get; }

        /// <summary>Size of the file in bytes.</summary>
        public long Length { get; }

        /// <summary>
        /// The engine's dataset (HealthcareTools.Client.Dicom.DicomDataset) for advanced use; pixel data is
        /// not in it (the header is read only). PowerShell sees it as the hidden property DicomDataset (not Dataset, which would bind to the -Dataset parameter of the DICOMweb cmdlets), served by
        /// <see cref="HcDicomAdapter"/>: not listed (Get-Member, Format-List *, Select-Object *, ConvertTo-Json),
        /// and best assigned to a variable (<c>$ds = $file.DicomDataset</c>) since it enumerates its elements.
        /// </summary>
        internal DicomDataset Dataset => dataset;

        /// <summary>File Meta Information (group 0002).</summary>
        internal DicomDataset Meta => meta;

        /// <summary>
        /// The value of an attribute by keyword ("PatientName"), tag ("00100010") or "(0010,0010)",
        /// File Meta Information (group 0002) included; null when the file does not have it.
        /// </summary>
        public object this[string keywordOrTag] => DicomValues.Lookup(dataset, meta, keywordOrTag);

        public override string ToString() => Path;

        /// <summary>A text attribute's first value; null when absent or not text (e.g. an unconverted UN).</summary>
        private static string Text(DicomDataset source, DicomTag tag)
        {
            var element = source[tag];
            return element != null && DicomVRInfo.IsString(element.VR) ? element.GetString() : null;
        }
    }

    /// <summary>
    /// One item of a sequence attribute of an <see cref="HcDicomFile"/>: attributes by keyword (properties)
    /// and by tag or keyword through the indexer.
    /// </summary>
    public sealed class HcDicomItem
    {
        private readonly DicomDataset dataset;

        internal HcDicomItem(DicomDataset dataset)
        {
            this.dataset = dataset;
        }

        /// <summary>The engine's dataset of this item (hidden: it enumerates its elements).</summary>
        [Hidden]
        public DicomDataset DicomDataset => dataset;

        /// <summary>The value of an attribute of this item by keyword or tag; null when absent.</summary>
        public object this[string keywordOrTag] => DicomValues.Lookup(dataset, null, keywordOrTag);

        public override string ToString() => "DICOM item (" + dataset.Count + " attributes)";
    }
}
