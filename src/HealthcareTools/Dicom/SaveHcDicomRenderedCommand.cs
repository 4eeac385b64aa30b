using System.IO;
using System.Management.Automation;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Saves an instance or one of its frames as a PNG or JPEG image (WADO-RS rendered).</para>
    /// <para type="description">The server renders the image (default windowing). -Path is a file (with an
    /// extension), or a folder where the image is named {SOPInstanceUID}[.frame{N}].png|.jpg. Writes a FileInfo
    /// per image.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDicomInstance -DicomStore ct -StudyInstanceUID 1.2.3 | Save-HcDicomRendered -Path ./previews</code>
    /// <para>Renders every instance of a study to PNG files in ./previews.</para>
    /// </example>
    /// <example>
    /// <code>Save-HcDicomRendered -DicomStore us -StudyInstanceUID 1.2.3 -SeriesInstanceUID 1.2.3.4 -SOPInstanceUID 1.2.3.4.5 -Frame 10 -Format Jpeg -Path ./frame10.jpg</code>
    /// <para>Saves frame 10 of a multi-frame instance as JPEG.</para>
    /// </example>
    [Cmdlet(VerbsData.Save, "HcDicomRendered", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveHcDicomRenderedCommand : DicomWebCmdlet
    {
        /// <summary><para type="description">The image file to write (with an extension), or a folder to write into (existing, ending with a separator, or without an extension; created when missing).</para></summary>
        [Parameter(Mandatory = true)]
        public string Path { get; set; }

        /// <summary><para type="description">The instance's study; piped instances bind theirs.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string StudyInstanceUID { get; set; }

        /// <summary><para type="description">The instance's series; piped instances bind theirs.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string SeriesInstanceUID { get; set; }

        /// <summary><para type="description">The instance; piped instances bind theirs.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string SOPInstanceUID { get; set; }

        /// <summary><para type="description">A 1-based frame number; omit for the instance (its first frame).</para></summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Frame { get; set; }

        /// <summary><para type="description">Png (lossless, the default) or Jpeg.</para></summary>
        [Parameter]
        [ValidateSet("Png", "Jpeg")]
        public string Format { get; set; } = "Png";

        protected override void ProcessRecord()
        {
            ForItem(SOPInstanceUID, () =>
            {
                var store = TargetStore();
                var file = TargetFile();
                if (!ShouldProcess(SOPInstanceUID, $"Render to {file}"))
                {
                    return;
                }

                var frame = Frame > 0 ? Frame : (int?)null;
                var mediaType = Format == "Jpeg" ? "image/jpeg" : "image/png";
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file));
                var partial = file + ".partial";
                try
                {
                    using (var output = File.Create(partial))
                    {
                        Call(token => DicomWeb(store).RetrieveRenderedAsync(StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID, frame, mediaType, output, token));
                    }
                }
                catch
                {
                    File.Delete(partial);
                    throw;
                }

                // Only a complete image takes the final name; a failed download leaves nothing behind.
                if (File.Exists(file))
                {
                    File.Delete(file);
                }

                File.Move(partial, file);
                WriteObject(new FileInfo(file));
            }, "DicomObjectNotFound");
        }

        private string TargetFile()
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            var namesFolder = Directory.Exists(path) || Path.EndsWith("/") || Path.EndsWith("\\")
                || string.IsNullOrEmpty(System.IO.Path.GetExtension(path));
            if (!namesFolder)
            {
                return path;
            }

            var name = SOPInstanceUID + (Frame > 0 ? $".frame{Frame}" : string.Empty) + (Format == "Jpeg" ? ".jpg" : ".png");
            return System.IO.Path.Combine(path, name);
        }
    }
}
