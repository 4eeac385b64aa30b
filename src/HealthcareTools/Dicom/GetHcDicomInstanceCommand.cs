using System.Collections.Generic;
using System.Management.Automation;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Searches for instances (QIDO-RS), in a series, a study or the whole store.</para>
    /// <para type="description">Narrows by -StudyInstanceUID and -SeriesInstanceUID (piped studies and series
    /// bind theirs), -SOPInstanceUID, and any keyword or tag with -Filter; -IncludeField all returns every
    /// attribute of each instance. Results stream page by page and pipe into Save-HcDicomInstance,
    /// Save-HcDicomRendered and Remove-HcDicomInstance.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDicomSeries -DicomStore ct -StudyInstanceUID 1.2.3 | Get-HcDicomInstance | Sort-Object InstanceNumber</code>
    /// <para>Lists the instances of every series of a study in order.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomInstance -DicomStore ct -SOPInstanceUID 1.2.3.4.5 -IncludeField all</code>
    /// <para>Finds one instance and shows all its attributes.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcDicomInstance", SupportsPaging = true)]
    [OutputType(typeof(HcDicomInstance))]
    public sealed class GetHcDicomInstanceCommand : DicomSearchCmdlet
    {
        /// <summary><para type="description">The study to search in; piped studies, series and instances bind theirs.</para></summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string StudyInstanceUID { get; set; }

        /// <summary><para type="description">The series to search in (needs -StudyInstanceUID); piped series and instances bind theirs.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string SeriesInstanceUID { get; set; }

        /// <summary><para type="description">SOP Instance UIDs; several match any of them.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] SOPInstanceUID { get; set; }

        protected override void ProcessRecord() =>
            Search<HcDicomInstance>((dicomWeb, query) => dicomWeb.SearchInstances(StudyInstanceUID, SeriesInstanceUID, query, CancellationToken));

        private protected override IEnumerable<KeyValuePair<string, string>> LevelMatchKeys() => Keys(("SOPInstanceUID", SOPInstanceUID));
    }
}
