using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Names;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Gets DICOM stores.</para>
    /// <para type="description">Without -Name, lists the DICOM stores of the dataset (all pages, streamed;
    /// -Filter narrows by labels, e.g. labels.modality=ct). With -Name, gets each store by ID, full name or
    /// wildcard pattern. Piped datasets list their stores. A store that does not exist is a
    /// non-terminating ObjectNotFound error (DicomStoreNotFound) and the other names go on.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDicomStore -Dataset radiology</code>
    /// <para>Lists the DICOM stores of the dataset radiology.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset | Get-HcDicomStore -Filter 'labels.env=prod'</code>
    /// <para>Lists the production-labelled DICOM stores of every dataset.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcDicomStore", SupportsPaging = true)]
    [OutputType(typeof(HcDicomStore))]
    public sealed class GetHcDicomStoreCommand : DicomStoreCmdlet
    {
        /// <summary><para type="description">Store IDs, full store names or wildcard patterns. A full dataset name lists that dataset's stores.</para></summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Name { get; set; }

        /// <summary><para type="description">Server-side filter when listing; only labels can be filtered (labels.key=value, labels.key:*).</para></summary>
        [Parameter]
        public string Filter { get; set; }

        protected override void ProcessRecord()
        {
            if (Name == null || Name.Length == 0)
            {
                ForItem(Dataset, () => List(ParentDataset, null));
                return;
            }

            foreach (var name in Name)
            {
                ForItem(name, () =>
                {
                    if (DatasetName.TryParse(name, out var dataset))
                    {
                        List(dataset, null);
                    }
                    else if (WildcardPattern.ContainsWildcardCharacters(name) && !ResourceIds.IsFullName(name))
                    {
                        List(ParentDataset, new WildcardPattern(name, WildcardOptions.IgnoreCase));
                    }
                    else
                    {
                        var storeName = StoreNameFrom(name);
                        WriteObject(HcDicomStore.From(Call(token => Client.GetDicomStoreAsync(storeName, token))));
                    }
                }, "DicomStoreNotFound");
            }
        }

        private void List(DatasetName dataset, WildcardPattern pattern) =>
            WritePaged(AllPages((pageToken, token) => Client.ListDicomStoresAsync(dataset, Filter, null, pageToken, token))
                .Select(HcDicomStore.From)
                .Where(store => pattern == null || pattern.IsMatch(store.DicomStoreId)));
    }
}
