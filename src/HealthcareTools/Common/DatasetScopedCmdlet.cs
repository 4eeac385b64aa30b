using System.Management.Automation;
using HealthcareTools.Client.Names;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Cmdlets whose resources live in a dataset (operations, stores, DICOMweb): the dataset by ID or full
    /// name, with project and location when it is an ID; piped objects bind their DatasetId, Project and
    /// Location. Unset values come from the defaults (Set-HcDefault, environment, gcloud).
    /// </summary>
    public abstract class DatasetScopedCmdlet : HcCmdlet
    {
        /// <summary><para type="description">Dataset ID or full name; piped objects bind their DatasetId. Default: Set-HcDefault -Dataset.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("DatasetId")]
        [ArgumentCompleter(typeof(DatasetCompleter))]
        public string Dataset { get; set; }

        /// <summary><para type="description">Project ID, when the dataset is given by ID.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Project { get; set; }

        /// <summary><para type="description">Location ID, when the dataset is given by ID.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Location { get; set; }

        /// <summary>The dataset from -Dataset (or a piped object) and the defaults.</summary>
        internal DatasetName ParentDataset => Context.DatasetName(Project, Location, Dataset);
    }
}
