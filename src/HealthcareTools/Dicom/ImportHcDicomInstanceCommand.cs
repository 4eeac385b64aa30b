using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Common;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Stores DICOM files in a DICOM store or DICOMweb server (STOW-RS).</para>
    /// <para type="description">Takes files, folders (with -Recurse, their subfolders too) and wildcards, or
    /// piped Get-ChildItem / Get-HcDicomFile output, and uploads them as they arrive: files are streamed from
    /// disk, several instances per request, -ThrottleLimit requests in parallel, with a progress bar showing
    /// instances, MB and MB/s. Writes one HcDicomImportResult per file: Stored, AlreadyPresent or Failed. A
    /// file that is not DICOM, or that the server refuses, is also a non-terminating error naming the file,
    /// and the others are still stored. Re-running the same import is safe and fast: instances the server
    /// already holds are found with one search per study and reported AlreadyPresent without being sent
    /// (-Force sends them anyway).</para>
    /// </summary>
    /// <example>
    /// <code>Import-HcDicomInstance -DicomStore ct -Path D:\incoming -Recurse</code>
    /// <para>Uploads every file under D:\incoming to the store ct of the default dataset.</para>
    /// </example>
    /// <example>
    /// <code>Import-HcDicomInstance -DicomStore ct -GcsUri 'gs://my-bucket/incoming/**.dcm'</code>
    /// <para>Imports every .dcm object below incoming/ server-side, waiting with a progress bar for the operation.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem D:\incoming -Filter *.dcm -Recurse | Import-HcDicomInstance -DicomWebUri http://127.0.0.1:8042/dicom-web/ | Where-Object Status -eq Failed</code>
    /// <para>Uploads to an Orthanc server and shows only the failures.</para>
    /// </example>
    [Cmdlet(VerbsData.Import, "HcDicomInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(HcDicomImportResult), typeof(HcDicomBulkResult), typeof(HcOperation))]
    public sealed class ImportHcDicomInstanceCommand : DicomWebCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string GcsSet = "Gcs";
        /// <summary>Files waiting for upload: bounded so memory stays flat however many are piped in.</summary>
        private const int QueueCapacity = 512;

        private readonly BlockingCollection<DicomWebStowItem> queue = new BlockingCollection<DicomWebStowItem>(QueueCapacity);
        private BulkOperationTracker imports;
        private FileExpansion files;
        private Task upload;
        private ProgressRecord progress;

        /// <summary><para type="description">Files or folders, wildcards allowed. Piped Get-HcDicomFile objects bind by Path.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; }

        /// <summary><para type="description">Files or folders taken literally (no wildcards). Piped Get-ChildItem output binds by PSPath.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; }

        /// <summary><para type="description">Import server-side from Cloud Storage instead of uploading local files: gs://bucket/path with * (within a folder), ** (any depth, at the end, e.g. gs://bkt/in/**.dcm) and ? wildcards. The store's own long-running operation; piped Get-HcStorageObject objects bind their Uri.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = GcsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Uri")]
        public string GcsUri { get; set; }

        /// <summary><para type="description">With -GcsUri: return the operation at once instead of waiting for it.</para></summary>
        [Parameter(ParameterSetName = GcsSet)]
        public SwitchParameter NoWait { get; set; }

        /// <summary><para type="description">Also take the files of subfolders.</para></summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary><para type="description">Requests in flight at once. Default: 4.</para></summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary><para type="description">Instances per request. Default: 16.</para></summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int BatchSize { get; set; } = 16;

        /// <summary><para type="description">Send every file even when the server already holds the instance.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == GcsSet)
            {
                ForItem(GcsUri, () =>
                {
                    var store = TargetStoreForBulk();
                    if (!ShouldProcess(store.ToString(), $"Import from {GcsUri}"))
                    {
                        return;
                    }

                    var operation = Call(token => Client.ImportDicomDataAsync(store, GcsUri, token));
                    imports = imports ?? new BulkOperationTracker(this, "Importing DICOM from Cloud Storage");
                    imports.Started(operation, new HcDicomBulkResult { Kind = "Import", DicomStore = store.ToString(), Source = GcsUri, Destination = store.ToString() }, NoWait);
                });
                return;
            }

            files = files ?? new FileExpansion(this, Recurse);
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var path in (literal ? LiteralPath : Path) ?? new string[0])
            {
                foreach (var file in files.Expand(path, literal))
                {
                    if (!ShouldProcess(file, "Store DICOM instance"))
                    {
                        continue;
                    }

                    ForItem(file, () => StartUpload());
                    if (upload == null)
                    {
                        return;
                    }

                    Enqueue(new DicomWebStowItem(file));
                }
            }

            DrainPosted();
        }

        protected override void EndProcessing()
        {
            imports?.WaitAll();
            queue.CompleteAdding();
            if (upload != null)
            {
                PumpTask(upload);
                if (upload.IsFaulted)
                {
                    WriteError(ErrorRecords.From(Unwrap(upload.Exception), DicomWebUri ?? DicomStore));
                }
            }

            if (progress != null)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            base.EndProcessing();
        }

        private void StartUpload()
        {
            if (upload != null)
            {
                return;
            }

            // The target is fixed by the first file: all files of one invocation go to one server.
            var store = TargetStore();
            var dicomWeb = DicomWeb(store);
            var options = new DicomWebStowOptions { MaxParallelRequests = ThrottleLimit, MaxInstancesPerRequest = BatchSize, SkipExisting = !Force };
            WriteVerbose($"Storing to {dicomWeb.BaseUri} ({ThrottleLimit} requests in parallel, {BatchSize} instances per request).");
            upload = StartTracked(token => dicomWeb.StoreAsync(queue.GetConsumingEnumerable(token), options,
                result => PostWork(() => WriteResult(result)),
                totals => PostWork(() => WriteUploadProgress(totals)),
                token));
        }

        /// <summary>Adds a file to the queue, writing results and progress while the queue is full.</summary>
        private void Enqueue(DicomWebStowItem item)
        {
            while (!queue.TryAdd(item, 100, CancellationToken))
            {
                DrainPosted();
                if (upload.IsCompleted)
                {
                    return;   // the upload stopped (failure or Ctrl+C); EndProcessing reports why
                }
            }
        }

        private void WriteResult(DicomWebStowResult result)
        {
            var output = HcDicomImportResult.From(result);
            WriteObject(output);
            if (result.Status == DicomWebStowStatus.Failed)
            {
                var local = result.HttpStatus == null;
                var message = $"'{output.Path}' was not stored: {result.FailureDetail ?? "the server refused it"}"
                    + (result.FailureReason.HasValue ? $" (failure reason 0x{result.FailureReason.Value:X4})" : string.Empty);
                WriteError(new ErrorRecord(new InvalidDataException(message), local ? "InvalidDicomFile" : "ImportFailed",
                    local ? ErrorCategory.InvalidData : ErrorRecords.CategoryOf(result.HttpStatus ?? 400), output.Path));
            }
        }

        private void WriteUploadProgress(DicomWebStowProgress totals)
        {
            var seconds = Math.Max(totals.Elapsed.TotalSeconds, 0.001);
            var megabytes = totals.BytesDone / 1048576.0;
            progress = progress ?? new ProgressRecord(2, "Importing DICOM instances", "Starting");
            progress.StatusDescription = $"{totals.InstancesDone} of {totals.ItemsSeen} instances, {megabytes:N1} MB, {megabytes / seconds:N1} MB/s"
                + $" ({totals.Stored} stored, {totals.AlreadyPresent} already present, {totals.Failed} failed)";
            progress.PercentComplete = totals.ItemsSeen == 0 ? 0 : Math.Min(100, totals.InstancesDone * 100 / totals.ItemsSeen);
            WriteProgress(progress);
        }
    }
}
