using System.Collections.Generic;
using System.Management.Automation;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Searches for series (QIDO-RS), in a study or across the store.</para>
    /// <para type="description">With -StudyInstanceUID (or piped studies), searches the series of each study;
    /// without, all series of the store or server. Match keys: -Modality, -SeriesInstanceUID, and any keyword
    /// or tag with -Filter (study keys such as PatientName work too). Results stream page by page and pipe
    /// into Get-HcDicomInstance, Save-HcDicomInstance and Remove-HcDicomSeries.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDicomStudy -DicomStore ct -PatientID 12345 | Get-HcDicomSeries -Modality CT</code>
    /// <para>Lists the CT series of one patient's studies.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomSeries -DicomStore ct -Filter @{ PatientName = 'DOE*' } -IncludeField SeriesDescription</code>
    /// <para>Searches all series of the store by patient name.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcDicomSeries", SupportsPaging = true)]
    [OutputType(typeof(HcDicomSeries))]
    public sealed class GetHcDicomSeriesCommand : DicomSearchCmdlet
    {
        /// <summary><para type="description">The study whose series are searched; piped studies bind theirs. Omit to search all series.</para></summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string StudyInstanceUID { get; set; }

        /// <summary><para type="description">Modality, e.g. CT or MR.</para></summary>
        [Parameter]
        public string Modality { get; set; }

        /// <summary><para type="description">Series Instance UIDs; several match any of them. Piped series and instances bind theirs.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] SeriesInstanceUID { get; set; }

        protected override void ProcessRecord() =>
            Search<HcDicomSeries>((dicomWeb, query) => dicomWeb.SearchSeries(StudyInstanceUID, query, CancellationToken));

        private protected override IEnumerable<KeyValuePair<string, string>> LevelMatchKeys() => Keys(
            ("Modality", Modality), ("SeriesInstanceUID", SeriesInstanceUID));
    }
}
