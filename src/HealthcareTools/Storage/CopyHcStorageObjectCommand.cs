using System;
using System.IO;
using System.Management.Automation;
using HealthcareTools.Client.Storage;
using HealthcareTools.Common;

namespace HealthcareTools.Storage
{
    /// <summary>
    /// <para type="synopsis">Copies files to Cloud Storage, or objects from Cloud Storage to disk.</para>
    /// <para type="description">Upload: -Path takes files, folders (with -Recurse, their subfolders) and wildcards,
    /// or piped Get-ChildItem / Get-HcDicomFile output; each file goes to -Destination (a gs:// prefix) under its
    /// path relative to what was named, as resumable, chunked uploads. Download: -Uri takes gs:// objects or
    /// prefixes (with -Recurse, everything below), or piped Get-HcStorageObject output, into the folder
    /// -Destination. Transfers stream (no whole file in memory) and run -ThrottleLimit at a time under one
    /// progress bar (files, MB, MB/s). One failed item is a non-terminating error; the rest go on.</para>
    /// </summary>
    /// <example>
    /// <code>Copy-HcStorageObject -Path D:\exports\ct -Destination gs://my-bucket/archive/ -Recurse</code>
    /// <para>Uploads a folder tree to gs://my-bucket/archive/ct/...</para>
    /// </example>
    /// <example>
    /// <code>Get-HcStorageObject gs://my-bucket/archive/ct/ -Recurse | Copy-HcStorageObject -Destination D:\restore</code>
    /// <para>Downloads every object below a prefix into D:\restore.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Copy, "HcStorageObject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = UploadSet)]
    [OutputType(typeof(HcStorageObject), typeof(FileInfo))]
    public sealed class CopyHcStorageObjectCommand : HcCmdlet
    {
        private const string UploadSet = "Upload";
        private const string DownloadSet = "Download";

        private FileExpansion files;
        private ThrottledWork transfers;
        private TransferProgress progress;

        /// <summary><para type="description">Local files or folders to upload; wildcards allowed. Piped Get-ChildItem and Get-HcDicomFile objects bind by path.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        public string[] Path { get; set; }

        /// <summary><para type="description">gs:// objects or prefixes to download; piped Get-HcStorageObject objects bind their Uri.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = DownloadSet, ValueFromPipelineByPropertyName = true)]
        public string[] Uri { get; set; }

        /// <summary><para type="description">Upload: a gs://bucket/prefix/ to copy under (or, for one file, the object name). Download: a local folder.</para></summary>
        [Parameter(Mandatory = true, Position = 1)]
        public string Destination { get; set; }

        /// <summary><para type="description">Upload: include subfolders. Download: everything below a prefix, not only its direct children.</para></summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary><para type="description">Content type of uploaded objects. Default: application/dicom for .dcm files, else application/octet-stream.</para></summary>
        [Parameter(ParameterSetName = UploadSet)]
        public string ContentType { get; set; }

        /// <summary><para type="description">Transfers in flight at once. Default: 4.</para></summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void ProcessRecord()
        {
            transfers = transfers ?? new ThrottledWork(this, ThrottleLimit);
            if (ParameterSetName == UploadSet)
            {
                progress = progress ?? new TransferProgress(WriteProgress, 4, "Uploading to Cloud Storage");
                files = files ?? new FileExpansion(this, Recurse);
                foreach (var path in Path)
                {
                    ForItem(path, () => UploadAll(path));
                }
            }
            else
            {
                progress = progress ?? new TransferProgress(WriteProgress, 4, "Downloading from Cloud Storage");
                foreach (var uri in Uri)
                {
                    ForItem(uri, () => DownloadAll(uri), "StorageObjectNotFound");
                }
            }
        }

        protected override void EndProcessing()
        {
            transfers?.WaitAll();
            progress?.Complete();
            base.EndProcessing();
        }

        private void UploadAll(string path)
        {
            var destination = GcsUri.Parse(Destination);
            var storage = HcSession.GetStorage(this);
            foreach (var file in files.ExpandWithRoots(path, literal: false))
            {
                if (Stopping)
                {
                    return;
                }

                var target = destination.IsPrefix ? destination.Child(file.RelativeName.Replace('\\', '/')) : destination;
                if (!ShouldProcess(file.FullName, $"Upload to {target}"))
                {
                    continue;
                }

                var contentType = ContentType ?? (file.FullName.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase) ? "application/dicom" : "application/octet-stream");
                var key = new object();
                transfers.Start(file.FullName, async token =>
                {
                    try
                    {
                        using (var source = File.OpenRead(file.FullName))
                        {
                            var stored = await storage.UploadAsync(source, target, contentType, sent => PostWork(() => progress.Update(key, sent)), token).ConfigureAwait(false);
                            PostWork(() =>
                            {
                                WriteObject(HcStorageObject.From(stored));
                                progress.Update(key, stored.Size);
                                progress.CountFile();
                            });
                        }
                    }
                    finally
                    {
                        PostWork(() => progress.Finish(key));
                    }
                });
            }
        }

        private void DownloadAll(string text)
        {
            var source = GcsUri.Parse(text);
            var storage = HcSession.GetStorage(this);
            var folder = GetUnresolvedProviderPathFromPSPath(Destination);
            if (!source.IsPrefix)
            {
                Download(storage, source, System.IO.Path.Combine(folder, LeafOf(source.ObjectName)));
                return;
            }

            foreach (var item in Tracked(storage.ListObjects(source, Recurse, CancellationToken)))
            {
                if (Stopping)
                {
                    return;
                }

                var relative = item.Name.Substring(source.ObjectName.Length);
                if (relative.Length > 0 && !relative.EndsWith("/", StringComparison.Ordinal))
                {
                    Download(storage, item.Uri, System.IO.Path.Combine(folder, relative.Replace('/', System.IO.Path.DirectorySeparatorChar)));
                }
            }
        }

        private void Download(CloudStorage storage, GcsUri source, string file)
        {
            var full = System.IO.Path.GetFullPath(file);
            var root = System.IO.Path.GetFullPath(GetUnresolvedProviderPathFromPSPath(Destination)).TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
            if (!full.StartsWith(root, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The object name of {source} leads outside the destination folder.");
            }

            if (!ShouldProcess(source.ToString(), $"Download to {full}"))
            {
                return;
            }

            var key = new object();
            transfers.Start(source.ToString(), async token =>
            {
                // Written under a temporary name first: an interrupted download leaves no truncated file behind.
                var partial = full + ".partial";
                try
                {
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full));
                    using (var output = File.Create(partial))
                    {
                        await storage.DownloadAsync(source, output, received => PostWork(() => progress.Update(key, received)), token).ConfigureAwait(false);
                    }

                    if (File.Exists(full))
                    {
                        File.Delete(full);
                    }

                    File.Move(partial, full);
                    PostWork(() =>
                    {
                        WriteObject(new FileInfo(full));
                        progress.CountFile();
                    });
                }
                finally
                {
                    if (File.Exists(partial))
                    {
                        File.Delete(partial);
                    }

                    PostWork(() => progress.Finish(key));
                }
            }, "StorageObjectNotFound");
        }

        private static string LeafOf(string objectName)
        {
            var slash = objectName.LastIndexOf('/');
            return slash < 0 ? objectName : objectName.Substring(slash + 1);
        }
    }
}
