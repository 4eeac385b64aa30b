using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;

namespace HealthcareTools
{
    /// <summary>A Cloud Healthcare dataset, as returned by Get-HcDataset and New-HcDataset.</summary>
    public sealed class HcDataset
    {
        /// <summary>Full resource name: projects/{p}/locations/{l}/datasets/{d}.</summary>
        public string Name { get; set; }
        public string Project { get; set; }
        public string Location { get; set; }
        public string DatasetId { get; set; }
        /// <summary>IANA time zone used for HL7v2 times without a zone; empty = UTC.</summary>
        public string TimeZone { get; set; }
        /// <summary>Customer-managed encryption key, when the dataset has one.</summary>
        public string KmsKeyName { get; set; }

        internal static HcDataset From(Dataset dataset)
        {
            var name = DatasetName.Parse(dataset.Name);
            return new HcDataset
            {
                Name = dataset.Name,
                Project = name.Project,
                Location = name.Location,
                DatasetId = name.DatasetId,
                TimeZone = dataset.TimeZone ?? string.Empty,
                KmsKeyName = dataset.KmsKeyName,
            };
        }

        public override string ToString() => Name;
    }
}
