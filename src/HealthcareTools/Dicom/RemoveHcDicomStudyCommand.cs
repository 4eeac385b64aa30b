using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.DicomWeb;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Deletes whole studies from a DICOM store or DICOMweb server.</para>
    /// <para type="description">Deletes every series and instance of each study. Asks for confirmation unless
    /// -Force; -WhatIf shows what would go. On Cloud Healthcare a study delete is a long-running operation:
    /// the cmdlet waits for it (with progress) unless -NoWait, which returns the HcOperation.</para>
    /// </summary>
    /// <example>
    /// <code>Remove-HcDicomStudy -DicomStore scratch -StudyInstanceUID 1.2.3 -Force</code>
    /// <para>Deletes one study without asking.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomStudy -DicomStore scratch -StudyDate -20200101 | Remove-HcDicomStudy -WhatIf</code>
    /// <para>Shows which studies from before 2020 would be deleted.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "HcDicomStudy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(HcOperation))]
    public sealed class RemoveHcDicomStudyCommand : RemoveDicomCmdlet
    {
        private protected override string Describe() => $"study {StudyInstanceUID}";

        private protected override Task<DicomWebDeleteResult> Delete(DicomWebClient dicomWeb, CancellationToken token) =>
            dicomWeb.DeleteStudyAsync(StudyInstanceUID, token);
    }
}
