using System.Collections.Generic;
using System.Management.Automation;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Searches a DICOM store or DICOMweb server for studies (QIDO-RS).</para>
    /// <para type="description">Returns one HcDicomStudy per matching study, streamed as the server's pages
    /// arrive (limit/offset paging until a short page). Match keys: -PatientName (wildcards * and ?),
    /// -PatientID, -StudyDate (YYYYMMDD, a DateTime, or a range YYYYMMDD-YYYYMMDD with open ends),
    /// -AccessionNumber, -StudyInstanceUID (one or several), -Modality, and any other keyword or tag with
    /// -Filter. Every returned attribute is a property of the result (by keyword) and reachable by tag through
    /// the indexer. Results pipe into Get-HcDicomSeries, Get-HcDicomInstance, Save-HcDicomInstance and
    /// Remove-HcDicomStudy against the same server.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDicomStudy -DicomStore ct -PatientName 'DOE*' -StudyDate 20240101-20240131</code>
    /// <para>Finds January 2024 studies of patients whose name starts with DOE in the store ct of the default dataset.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomStudy -DicomWebUri http://127.0.0.1:8042/dicom-web/ -PatientName 'X*' | Get-HcDicomSeries -Modality CT | Save-HcDicomInstance -Path ./out</code>
    /// <para>Downloads every CT series of matching patients from an Orthanc server.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomStore -Dataset radiology -Name ct | Get-HcDicomStudy -IncludeField all -First 10</code>
    /// <para>Shows the first ten studies of a piped store with all their attributes.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcDicomStudy", SupportsPaging = true)]
    [OutputType(typeof(HcDicomStudy))]
    public sealed class GetHcDicomStudyCommand : DicomSearchCmdlet
    {
        /// <summary><para type="description">Patient name, with * and ? wildcards (e.g. 'DOE*'); with -FuzzyMatching, word prefixes.</para></summary>
        [Parameter(Position = 0)]
        public string PatientName { get; set; }

        /// <summary><para type="description">Patient ID (exact).</para></summary>
        [Parameter]
        public string PatientID { get; set; }

        /// <summary><para type="description">Study date: YYYYMMDD, a DateTime, or a range YYYYMMDD-YYYYMMDD (either end may be left open).</para></summary>
        [Parameter]
        public object StudyDate { get; set; }

        /// <summary><para type="description">Accession number (exact).</para></summary>
        [Parameter]
        public string AccessionNumber { get; set; }

        /// <summary><para type="description">Modality in the study, e.g. CT (servers that support ModalitiesInStudy matching).</para></summary>
        [Parameter]
        public string Modality { get; set; }

        /// <summary><para type="description">Study Instance UIDs; several match any of them. Piped studies bind theirs.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] StudyInstanceUID { get; set; }

        protected override void ProcessRecord() =>
            Search<HcDicomStudy>((dicomWeb, query) => dicomWeb.SearchStudies(query, CancellationToken));

        private protected override IEnumerable<KeyValuePair<string, string>> LevelMatchKeys() => Keys(
            ("PatientName", PatientName), ("PatientID", PatientID), ("StudyDate", StudyDate), ("AccessionNumber", AccessionNumber),
            ("ModalitiesInStudy", Modality), ("StudyInstanceUID", StudyInstanceUID));
    }
}
