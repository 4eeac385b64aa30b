using System.Management.Automation;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Operations
{
    /// <summary>The dataset context shared by the operation cmdlets (operations are dataset-scoped).</summary>
    public abstract class OperationCmdlet : DatasetScopedCmdlet
    {
        /// <summary>An operation from its full name, or from its ID in the given (or default) dataset.</summary>
        internal OperationName OperationNameFrom(string nameOrId) =>
            ResourceIds.IsFullName(nameOrId)
                ? OperationName.Parse(nameOrId)
                : new OperationName(ParentDataset, nameOrId);
    }
}
