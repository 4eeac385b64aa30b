using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Common;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Downloads studies, series or instances as DICOM files (WADO-RS).</para>
    /// <para type="description">For each piped study, series or instance (or the UIDs given), retrieves its
    /// instances and writes each one straight to disk as it arrives, as {Study}/{Series}/{SOPInstance}.dcm under
    /// -Path, keeping the stored transfer syntax unless -TransferSyntax asks the server for another. Up to
    /// -ThrottleLimit retrievals run in parallel under one progress bar (files, MB, MB/s); memory stays flat
    /// whatever the size. Writes a FileInfo per file, so the output pipes into Get-HcDicomFile.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDicomStudy -DicomStore ct -PatientName 'X*' | Get-HcDicomSeries -Modality CT | Save-HcDicomInstance -Path ./out</code>
    /// <para>Downloads every CT series of the matching patients into ./out.</para>
    /// </example>
    /// <example>
    /// <code>Save-HcDicomInstance -DicomWebUri http://127.0.0.1:8042/dicom-web/ -StudyInstanceUID 1.2.3 -Path D:\export -NoClobber</code>
    /// <para>Downloads one study from Orthanc, keeping files already on disk.</para>
    /// </example>
    [Cmdlet(VerbsData.Save, "HcDicomInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveHcDicomInstanceCommand : DicomWebCmdlet
    {
        private ThrottledWork downloads;
        private TransferProgress progress;

        /// <summary><para type="description">The folder to write into (created when missing).</para></summary>
        [Parameter(Mandatory = true)]
        public string Path { get; set; }

        /// <summary><para type="description">The study to download; piped studies, series and instances bind theirs.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string StudyInstanceUID { get; set; }

        /// <summary><para type="description">Only this series of the study; piped series and instances bind theirs.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string SeriesInstanceUID { get; set; }

        /// <summary><para type="description">Only this instance of the series; piped instances bind theirs.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string SOPInstanceUID { get; set; }

        /// <summary><para type="description">Transfer syntax UID to ask the server for; '*' (the default) keeps what is stored, byte for byte.</para></summary>
        [Parameter]
        public string TransferSyntax { get; set; } = "*";

        /// <summary><para type="description">Keep files that already exist instead of replacing them.</para></summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary><para type="description">Retrievals in flight at once. Default: 4.</para></summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void ProcessRecord()
        {
            var target = string.Join("/", new[] { StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID }.Where(uid => !string.IsNullOrEmpty(uid)));
            ForItem(target, () =>
            {
                var dicomWeb = DicomWeb(TargetStore());
                var folder = GetUnresolvedProviderPathFromPSPath(Path);
                if (!ShouldProcess(target, $"Download to {folder}"))
                {
                    return;
                }

                downloads = downloads ?? new ThrottledWork(this, ThrottleLimit);
                progress = progress ?? new TransferProgress(WriteProgress, 3, "Downloading DICOM instances");
                var options = new DicomWebSaveOptions { TransferSyntax = TransferSyntax, Overwrite = !NoClobber };
                var key = new object();
                string study = StudyInstanceUID, series = SeriesInstanceUID, sop = SOPInstanceUID;
                downloads.Start(target, async token =>
                {
                    try
                    {
                        await dicomWeb.SaveAsync(study, series, sop, folder, options,
                            saved => PostWork(() => WriteSaved(saved)),
                            transfer => PostWork(() => progress.Update(key, transfer.Bytes)),
                            token).ConfigureAwait(false);
                    }
                    finally
                    {
                        PostWork(() => progress.Finish(key));
                    }
                }, "DicomObjectNotFound");
            });
        }

        protected override void EndProcessing()
        {
            downloads?.WaitAll();
            progress?.Complete();
            base.EndProcessing();
        }

        private void WriteSaved(DicomWebSavedInstance saved)
        {
            if (saved.Skipped)
            {
                WriteVerbose($"Kept the existing file {saved.Path}.");
                return;
            }

            WriteObject(new FileInfo(saved.Path));
            progress.CountFile();
        }
    }
}
