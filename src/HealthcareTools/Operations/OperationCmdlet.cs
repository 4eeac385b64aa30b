using System.Management.Automation;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Operations
{
    /// <summary>The dataset context shared by the operation cmdlets (operations are dataset-scoped).</summary>
    public abstract class OperationCmdlet : HcCmdlet
    {
        /// <summary><para type="description">Dataset ID or full name, when operations are given by ID. Default: Set-HcDefault -Dataset.</para></summary>
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

        /// <summary>An operation from its full name, or from its ID in the given (or default) dataset.</summary>
        internal OperationName OperationNameFrom(string nameOrId) =>
            ResourceIds.IsFullName(nameOrId)
                ? OperationName.Parse(nameOrId)
                : new OperationName(Context.DatasetName(Project, Location, Dataset), nameOrId);
    }
}
