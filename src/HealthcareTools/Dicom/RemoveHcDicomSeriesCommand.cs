using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.DicomWeb;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Deletes series from a DICOM store or DICOMweb server.</para>
    /// <para type="description">Deletes every instance of each series. Asks for confirmation unless -Force;
    /// -WhatIf shows what would go. On Cloud Healthcare a series delete is a long-running operation: the
    /// cmdlet waits for it unless -NoWait, which returns the HcOperation.</para>
    /// </summary>
    /// <example>
    /// <code>Remove-HcDicomSeries -DicomStore ct -StudyInstanceUID 1.2.3 -SeriesInstanceUID 1.2.3.4 -Force</code>
    /// <para>Deletes one series without asking.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomSeries -DicomStore ct -StudyInstanceUID 1.2.3 -Modality SR | Remove-HcDicomSeries -Force</code>
    /// <para>Deletes the structured reports of a study.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "HcDicomSeries", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(HcOperation))]
    public sealed class RemoveHcDicomSeriesCommand : RemoveDicomCmdlet
    {
        /// <summary><para type="description">The series; piped series and instances bind theirs.</para></summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public string SeriesInstanceUID { get; set; }

        private protected override string Describe() => $"series {StudyInstanceUID}/{SeriesInstanceUID}";

        private protected override Task<DicomWebDeleteResult> Delete(DicomWebClient dicomWeb, CancellationToken token) =>
            dicomWeb.DeleteSeriesAsync(StudyInstanceUID, SeriesInstanceUID, token);
    }
}
