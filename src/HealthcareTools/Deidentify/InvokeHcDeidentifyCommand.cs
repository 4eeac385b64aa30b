using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using HealthcareTools.Client.Names;
using HealthcareTools.Client.Storage;
using HealthcareTools.Common;
using HealthcareTools.Dicom;

namespace HealthcareTools.Deidentify
{
    /// <summary>
    /// <para type="synopsis">De-identifies a DICOM store (or a whole dataset) into a new one.</para>
    /// <para type="description">Starts the API's de-identify operation and waits for it with a progress bar
    /// (unless -NoWait), then reports an HcDicomBulkResult: where the data went and how many instances succeeded
    /// or failed. The configuration comes from -Profile, -KeepTag, -RemoveTag and -SkipIdRedaction, or from a
    /// piped New-HcDeidentifyConfig. The destination store must not exist yet (its dataset must). Piped studies
    /// or series limit the work to them: their paths are written to a filter file under -FilterStagingUri
    /// (gs://) for the API's filterConfig. With -DestinationDataset, every store of the dataset is
    /// de-identified into a new dataset.</para>
    /// </summary>
    /// <example>
    /// <code>Invoke-HcDeidentify -DicomStore ct -DestinationStore ct_deid -Profile Basic -KeepTag StudyDate</code>
    /// <para>De-identifies the store ct into ct_deid with the basic profile, keeping study dates.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomStudy -DicomStore ct -PatientName 'DOE*' | Invoke-HcDeidentify -DestinationStore doe_deid -FilterStagingUri gs://bkt/tmp/</code>
    /// <para>De-identifies only the matching studies.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-HcDeidentify -Dataset radiology -DestinationDataset radiology_deid -Profile Basic</code>
    /// <para>De-identifies every DICOM store of a dataset into a new dataset.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "HcDeidentify", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = StoreSet)]
    [OutputType(typeof(HcDicomBulkResult), typeof(HcOperation))]
    public sealed class InvokeHcDeidentifyCommand : DatasetScopedCmdlet
    {
        private const string StoreSet = "Store";
        private const string DatasetSet = "Dataset";

        private readonly List<string> subsetPaths = new List<string>();
        private StoreName subsetSource;
        private BulkOperationTracker operations;

        /// <summary><para type="description">The source DICOM store (ID in -Dataset, or full name); piped stores, studies and series bind theirs.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = StoreSet, ValueFromPipelineByPropertyName = true)]
        [Alias("DicomStoreId")]
        public string DicomStore { get; set; }

        /// <summary><para type="description">The new store to create and fill (ID in the source's dataset, or a full name in another dataset of the location).</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = StoreSet)]
        public string DestinationStore { get; set; }

        /// <summary><para type="description">De-identify the whole dataset given by -Dataset into this new dataset.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = DatasetSet)]
        public string DestinationDataset { get; set; }

        /// <summary><para type="description">Basic (the default), MinimalKeepList, KeepAll or None; ignored with -Config.</para></summary>
        [Parameter]
        [ValidateSet("Basic", "MinimalKeepList", "KeepAll", "None")]
        public string Profile { get; set; } = "Basic";

        /// <summary><para type="description">Tags to keep whatever the profile says (keywords or tags).</para></summary>
        [Parameter]
        [DicomTagArgument]
        public string[] KeepTag { get; set; }

        /// <summary><para type="description">Tags to remove whatever the profile says.</para></summary>
        [Parameter]
        [DicomTagArgument]
        public string[] RemoveTag { get; set; }

        /// <summary><para type="description">Keep the Study, Series and SOP Instance UIDs.</para></summary>
        [Parameter]
        public SwitchParameter SkipIdRedaction { get; set; }

        /// <summary><para type="description">A configuration from New-HcDeidentifyConfig (may be piped).</para></summary>
        [Parameter(ValueFromPipeline = true)]
        public HcDeidentifyConfig Config { get; set; }

        /// <summary><para type="description">Only this study (piped studies and series bind theirs); needs -FilterStagingUri.</para></summary>
        [Parameter(ParameterSetName = StoreSet, ValueFromPipelineByPropertyName = true)]
        public string StudyInstanceUID { get; set; }

        /// <summary><para type="description">Only this series of the study.</para></summary>
        [Parameter(ParameterSetName = StoreSet, ValueFromPipelineByPropertyName = true)]
        public string SeriesInstanceUID { get; set; }

        /// <summary><para type="description">A gs:// folder where the module writes the filter file listing the piped studies and series.</para></summary>
        [Parameter(ParameterSetName = StoreSet)]
        public string FilterStagingUri { get; set; }

        /// <summary><para type="description">Return the operation at once instead of waiting for it.</para></summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(DicomStore ?? Dataset, () =>
            {
                if (ParameterSetName == DatasetSet)
                {
                    StartDataset();
                }
                else if (!string.IsNullOrEmpty(StudyInstanceUID))
                {
                    subsetSource = subsetSource ?? SourceStore();
                    subsetPaths.Add("/studies/" + StudyInstanceUID + (string.IsNullOrEmpty(SeriesInstanceUID) ? string.Empty : "/series/" + SeriesInstanceUID));
                }
                else
                {
                    StartStore(SourceStore(), null);
                }
            });
        }

        protected override void EndProcessing()
        {
            if (subsetPaths.Count > 0)
            {
                ForItem(subsetSource.ToString(), () => StartStore(subsetSource, WriteFilterFile()));
            }

            operations?.WaitAll();
            base.EndProcessing();
        }

        private StoreName SourceStore() =>
            ResourceIds.IsFullName(DicomStore) ? StoreName.Parse(DicomStore) : new StoreName(ParentDataset, StoreKind.Dicom, DicomStore);

        private string ConfigJson() =>
            (Config ?? DeidentifyParameters.Build(Profile, KeepTag, RemoveTag, SkipIdRedaction)).Json;

        private void StartStore(StoreName source, string filterUri)
        {
            var destination = ResourceIds.IsFullName(DestinationStore)
                ? StoreName.Parse(DestinationStore)
                : new StoreName(source.Dataset, StoreKind.Dicom, DestinationStore);
            var configJson = ConfigJson();
            var scope = filterUri == null ? "all instances" : $"{subsetPaths.Count} studies/series";
            if (!ShouldProcess(source.ToString(), $"De-identify {scope} into {destination}"))
            {
                return;
            }

            var operation = Call(token => Client.DeidentifyDicomStoreAsync(source, destination, configJson, filterUri, token));
            Track(operation, source.ToString(), destination.ToString());
        }

        private void StartDataset()
        {
            var source = ParentDataset;
            var destination = ResourceIds.IsFullName(DestinationDataset)
                ? DatasetName.Parse(DestinationDataset)
                : new DatasetName(source.Project, source.Location, DestinationDataset);
            var configJson = ConfigJson();
            if (!ShouldProcess(source.ToString(), $"De-identify into the new dataset {destination}"))
            {
                return;
            }

            var operation = Call(token => Client.DeidentifyDatasetAsync(source, destination, configJson, token));
            Track(operation, source.ToString(), destination.ToString());
        }

        private void Track(Client.Models.Operation operation, string source, string destination)
        {
            operations = operations ?? new BulkOperationTracker(this, "De-identifying");
            operations.Started(operation, new HcDicomBulkResult { Kind = "Deidentify", DicomStore = source, Source = source, Destination = destination }, NoWait);
        }

        /// <summary>Writes the filter file (one /studies/… line per piped item) and returns its gs:// URI.</summary>
        private string WriteFilterFile()
        {
            if (string.IsNullOrEmpty(FilterStagingUri))
            {
                throw new ArgumentException("Piped studies or series are passed to the API as a filter file in Cloud Storage: give -FilterStagingUri gs://bucket/folder/.");
            }

            var target = GcsUri.Parse(FilterStagingUri).Child($"hc-deidentify-filter-{Guid.NewGuid():N}.txt");
            var lines = Encoding.UTF8.GetBytes(string.Join("\n", subsetPaths.Distinct()) + "\n");
            var storage = HcSession.GetStorage(this);
            using (var content = new MemoryStream(lines))
            {
                Call(token => storage.UploadAsync(content, target, "text/plain", null, token));
            }

            WriteVerbose($"Filter file {target}: {subsetPaths.Count} line(s).");
            return target.ToString();
        }
    }
}
