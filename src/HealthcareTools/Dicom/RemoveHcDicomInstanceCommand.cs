using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.DicomWeb;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Deletes single instances from a DICOM store or DICOMweb server.</para>
    /// <para type="description">Asks for confirmation unless -Force; -WhatIf shows what would go. An instance
    /// that does not exist is a non-terminating ObjectNotFound error and the others go on.</para>
    /// </summary>
    /// <example>
    /// <code>Remove-HcDicomInstance -DicomStore ct -StudyInstanceUID 1.2.3 -SeriesInstanceUID 1.2.3.4 -SOPInstanceUID 1.2.3.4.5 -Force</code>
    /// <para>Deletes one instance without asking.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomInstance -DicomStore ct -StudyInstanceUID 1.2.3 | Where-Object Rows -lt 64 | Remove-HcDicomInstance -Force</code>
    /// <para>Deletes the thumbnails of a study.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "HcDicomInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(HcOperation))]
    public sealed class RemoveHcDicomInstanceCommand : RemoveDicomCmdlet
    {
        /// <summary><para type="description">The instance's series; piped instances bind theirs.</para></summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public string SeriesInstanceUID { get; set; }

        /// <summary><para type="description">The instance; piped instances bind theirs.</para></summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        public string SOPInstanceUID { get; set; }

        private protected override string Describe() => $"instance {StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}";

        private protected override Task<DicomWebDeleteResult> Delete(DicomWebClient dicomWeb, CancellationToken token) =>
            dicomWeb.DeleteInstanceAsync(StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID, token);
    }
}
