using System.Collections;
using System.Linq;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;

namespace HealthcareTools
{
    /// <summary>A DICOM store, as returned by Get-HcDicomStore and New-HcDicomStore.</summary>
    public sealed class HcDicomStore
    {
        /// <summary>Full resource name: projects/{p}/locations/{l}/datasets/{d}/dicomStores/{s}.</summary>
        public string Name { get; set; }
        public string Project { get; set; }
        public string Location { get; set; }
        public string DatasetId { get; set; }
        public string DicomStoreId { get; set; }
        public Hashtable Labels { get; set; }
        /// <summary>Pub/Sub topic notified of each new instance (projects/{p}/topics/{t}), or null.</summary>
        public string PubsubTopic { get; set; }
        /// <summary>Whether instances imported in bulk are notified too.</summary>
        public bool SendForBulkImport { get; set; }
        /// <summary>BigQuery tables (bq://project.dataset.table) that new instances stream to.</summary>
        public string[] StreamConfigs { get; set; }

        internal static HcDicomStore From(DicomStore store)
        {
            var name = StoreName.Parse(store.Name);
            return new HcDicomStore
            {
                Name = store.Name,
                Project = name.Dataset.Project,
                Location = name.Dataset.Location,
                DatasetId = name.Dataset.DatasetId,
                DicomStoreId = name.StoreId,
                Labels = Common.Labels.ToHashtable(store.Labels),
                PubsubTopic = store.NotificationConfig?.PubsubTopic,
                SendForBulkImport = store.NotificationConfig?.SendForBulkImport ?? false,
                StreamConfigs = store.StreamConfigs.Select(config => config.BigQueryTableUri).ToArray(),
            };
        }

        public override string ToString() => Name;
    }
}
