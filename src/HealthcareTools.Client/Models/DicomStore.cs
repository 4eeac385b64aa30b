using System.Collections.Generic;

namespace HealthcareTools.Client.Models
{
    /// <summary>A DICOM store (dicomStores.get / list / create / patch).</summary>
    public sealed class DicomStore
    {
        /// <summary>Full resource name (output only; taken from the URL on create).</summary>
        public string Name { get; set; }
        public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
        /// <summary>Pub/Sub notifications; null = none.</summary>
        public DicomNotificationConfig NotificationConfig { get; set; }
        /// <summary>BigQuery streaming destinations.</summary>
        public IList<DicomStreamConfig> StreamConfigs { get; set; } = new List<DicomStreamConfig>();
        /// <summary>Fields this engine does not model (e.g. notificationConfigs), as compact JSON text of an object, sent
        /// back unchanged on create/patch so a get-modify-set round trip keeps them. Null when none.</summary>
        public string OtherFieldsJson { get; set; }
    }

    /// <summary>notificationConfig of a DICOM store.</summary>
    public sealed class DicomNotificationConfig
    {
        /// <summary>projects/{p}/topics/{t}.</summary>
        public string PubsubTopic { get; set; }
        /// <summary>Also notify for instances imported in bulk.</summary>
        public bool SendForBulkImport { get; set; }
    }

    /// <summary>One entry of streamConfigs: stream new instances to a BigQuery table.</summary>
    public sealed class DicomStreamConfig
    {
        /// <summary>bigqueryDestination.tableUri, "bq://project.dataset.table".</summary>
        public string BigQueryTableUri { get; set; }
        /// <summary>Other fields of bigqueryDestination (force, writeDisposition, …) as compact JSON text, or null.</summary>
        public string OtherDestinationFieldsJson { get; set; }
    }
}
