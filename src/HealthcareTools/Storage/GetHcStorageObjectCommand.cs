using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client;
using HealthcareTools.Client.Storage;
using HealthcareTools.Common;

namespace HealthcareTools.Storage
{
    /// <summary>
    /// <para type="synopsis">Lists or gets Cloud Storage objects.</para>
    /// <para type="description">For a prefix (gs://bucket/ or gs://bucket/folder/), lists the objects directly
    /// under it, or with -Recurse every object below it, streamed page by page. For an object name, gets that
    /// object; a name that is not an object but a folder-like prefix lists it. Works against Google and the local
    /// emulator (STORAGE_EMULATOR_HOST, Set-HcDefault -StorageEndpoint, or the Healthcare emulator endpoint).
    /// A missing object is a non-terminating ObjectNotFound error (StorageObjectNotFound).</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcStorageObject gs://my-bucket/exports/ -Recurse | Measure-Object Size -Sum</code>
    /// <para>Counts the objects under exports/ and their total size.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcStorageObject gs://my-bucket/incoming/ | Where-Object Name -like '*.dcm' | Copy-HcStorageObject -Destination D:\staging</code>
    /// <para>Downloads the DICOM files of a folder.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcStorageObject", SupportsPaging = true)]
    [OutputType(typeof(HcStorageObject))]
    public sealed class GetHcStorageObjectCommand : HcCmdlet
    {
        /// <summary><para type="description">gs://bucket/prefix/ or gs://bucket/object; piped objects bind their Uri.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] Uri { get; set; }

        /// <summary><para type="description">List every object below the prefix, not only its direct children.</para></summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var text in Uri)
            {
                ForItem(text, () =>
                {
                    var uri = GcsUri.Parse(text);
                    var storage = HcSession.GetStorage(this);
                    if (uri.IsPrefix)
                    {
                        WritePaged(Tracked(storage.ListObjects(uri, Recurse, CancellationToken)).Select(HcStorageObject.From));
                        return;
                    }

                    try
                    {
                        WriteObject(HcStorageObject.From(Call(token => storage.GetObjectAsync(uri, token))));
                    }
                    catch (HealthcareApiException missing) when (missing.HttpStatus == 404)
                    {
                        // gs://bucket/folder names a prefix as gsutil understands it: list it, or report the object missing.
                        var listed = Tracked(storage.ListObjects(uri.Child(string.Empty), Recurse, CancellationToken)).Select(HcStorageObject.From).ToList();
                        if (listed.Count == 0)
                        {
                            throw;
                        }

                        WritePaged(listed);
                    }
                }, "StorageObjectNotFound");
            }
        }
    }
}
