using System.Management.Automation;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Datasets
{
    /// <summary>Parameters of the cmdlets that act on one existing dataset per pipeline item.</summary>
    public abstract class DatasetCmdlet : HcCmdlet
    {
        /// <summary><para type="description">Dataset ID or full resource name; piped datasets bind by their Name.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DatasetCompleter))]
        public string Name { get; set; }

        /// <summary><para type="description">Project ID, when -Name is an ID.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Project { get; set; }

        /// <summary><para type="description">Location ID, when -Name is an ID.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Location { get; set; }

        /// <summary>The dataset this item is about; a bad name is an ArgumentException before any request.</summary>
        internal DatasetName TargetDataset => DatasetNameFrom(Name, Project, Location);
    }
}
