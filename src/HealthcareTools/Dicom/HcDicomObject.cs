using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Dicom;

namespace HealthcareTools
{
    /// <summary>
    /// What studies, series and instances found by QIDO-RS have in common: where they came from (a store's
    /// IDs or a DICOMweb URL, so they pipe into the next cmdlet against the same server) and every returned
    /// attribute, by keyword as a property and by tag or keyword through the indexer.
    /// </summary>
    public abstract class HcDicomObject
    {
        private DicomDataset dataset;

        public string StudyInstanceUID { get; private set; }
        public string Project { get; private set; }
        public string Location { get; private set; }
        public string DatasetId { get; private set; }
        public string DicomStoreId { get; private set; }
        /// <summary>The DICOMweb base URL, when the object came from a server other than a Cloud Healthcare store.</summary>
        public string DicomWebUri { get; private set; }

        /// <summary>The engine's dataset (hidden: it enumerates its elements). Not named Dataset, which would bind to -Dataset downstream.</summary>
        [Hidden]
        public DicomDataset DicomDataset => dataset;

        /// <summary>The value of a returned attribute by keyword ("PatientName"), tag ("00100010") or "(0010,0010)"; null when absent.</summary>
        public object this[string keywordOrTag] => DicomValues.Lookup(dataset, null, keywordOrTag);

        /// <summary>Builds the object and wraps it with one property per returned keyword attribute.</summary>
        internal static PSObject Create<T>(DicomDataset dataset, DicomSource source)
            where T : HcDicomObject, new()
        {
            var result = new T
            {
                dataset = dataset,
                StudyInstanceUID = Text(dataset, "0020000D"),
                Project = source.Project,
                Location = source.Location,
                DatasetId = source.DatasetId,
                DicomStoreId = source.DicomStoreId,
                DicomWebUri = source.DicomWebUri,
            };
            result.Fill();
            return DicomValues.Wrap(result, dataset, null, ReservedNames<T>.Names);
        }

        /// <summary>Sets the level's own properties from the dataset.</summary>
        private protected abstract void Fill();

        private protected static string Text(DicomDataset source, string tag)
        {
            var element = source[DicomTag.Parse(tag)];
            return element != null && DicomVRInfo.IsString(element.VR) ? element.GetString() : null;
        }

        private protected static string PersonName(DicomDataset source, string tag) =>
            source[DicomTag.Parse(tag)] is DicomElement element && element.VR == DicomVR.PN ? element.GetPersonName()?.Alphabetic : null;

        private protected static DateTime? Date(DicomDataset source, string tag) =>
            source[DicomTag.Parse(tag)] is DicomElement element && element.VR == DicomVR.DA ? element.GetDateTime() : null;

        private protected static int? Integer(DicomDataset source, string tag)
        {
            var element = source[DicomTag.Parse(tag)];
            if (element == null)
            {
                return null;
            }

            try
            {
                return (int)element.GetInt64();
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException || ex is InvalidOperationException)
            {
                return null;   // a malformed IS value: the raw text stays reachable through the indexer
            }
        }

        private protected static string[] Texts(DicomDataset source, string tag)
        {
            var element = source[DicomTag.Parse(tag)];
            return element != null && DicomVRInfo.IsString(element.VR) ? element.GetStrings() : new string[0];
        }

        /// <summary>Public property names of a type: attributes with these keywords are not added again.</summary>
        private static class ReservedNames<T>
        {
            public static readonly ISet<string> Names = new HashSet<string>(
                typeof(T).GetProperties().Select(property => property.Name), StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>A study found by Get-HcDicomStudy.</summary>
    public sealed class HcDicomStudy : HcDicomObject
    {
        public string PatientName { get; private set; }
        public string PatientID { get; private set; }
        public DateTime? StudyDate { get; private set; }
        public string AccessionNumber { get; private set; }
        public string StudyDescription { get; private set; }
        public string[] ModalitiesInStudy { get; private set; }
        public int? NumberOfStudyRelatedSeries { get; private set; }
        public int? NumberOfStudyRelatedInstances { get; private set; }

        private protected override void Fill()
        {
            PatientName = PersonName(DicomDataset, "00100010");
            PatientID = Text(DicomDataset, "00100020");
            StudyDate = Date(DicomDataset, "00080020");
            AccessionNumber = Text(DicomDataset, "00080050");
            StudyDescription = Text(DicomDataset, "00081030");
            ModalitiesInStudy = Texts(DicomDataset, "00080061");
            NumberOfStudyRelatedSeries = Integer(DicomDataset, "00201206");
            NumberOfStudyRelatedInstances = Integer(DicomDataset, "00201208");
        }

        public override string ToString() => StudyInstanceUID;
    }

    /// <summary>A series found by Get-HcDicomSeries.</summary>
    public sealed class HcDicomSeries : HcDicomObject
    {
        public string SeriesInstanceUID { get; private set; }
        public string Modality { get; private set; }
        public int? SeriesNumber { get; private set; }
        public string SeriesDescription { get; private set; }
        public int? NumberOfSeriesRelatedInstances { get; private set; }

        private protected override void Fill()
        {
            SeriesInstanceUID = Text(DicomDataset, "0020000E");
            Modality = Text(DicomDataset, "00080060");
            SeriesNumber = Integer(DicomDataset, "00200011");
            SeriesDescription = Text(DicomDataset, "0008103E");
            NumberOfSeriesRelatedInstances = Integer(DicomDataset, "00201209");
        }

        public override string ToString() => SeriesInstanceUID;
    }

    /// <summary>An instance found by Get-HcDicomInstance.</summary>
    public sealed class HcDicomInstance : HcDicomObject
    {
        public string SeriesInstanceUID { get; private set; }
        public string SOPInstanceUID { get; private set; }
        public string SOPClassUID { get; private set; }
        public int? InstanceNumber { get; private set; }
        public int? Rows { get; private set; }
        public int? Columns { get; private set; }
        public int? NumberOfFrames { get; private set; }

        private protected override void Fill()
        {
            SeriesInstanceUID = Text(DicomDataset, "0020000E");
            SOPInstanceUID = Text(DicomDataset, "00080018");
            SOPClassUID = Text(DicomDataset, "00080016");
            InstanceNumber = Integer(DicomDataset, "00200013");
            Rows = Integer(DicomDataset, "00280010");
            Columns = Integer(DicomDataset, "00280011");
            NumberOfFrames = Integer(DicomDataset, "00280008");
        }

        public override string ToString() => SOPInstanceUID;
    }
}
