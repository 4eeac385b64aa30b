using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Operations
{
    internal static class OperationNames
    {
        /// <summary>An operation from its full name, or from its ID in the given (or default) dataset.</summary>
        public static OperationName From(HcCmdlet cmdlet, string nameOrId, string dataset, string project, string location) =>
            ResourceIds.IsFullName(nameOrId)
                ? OperationName.Parse(nameOrId)
                : new OperationName(cmdlet.Context.DatasetName(project, location, dataset), nameOrId);
    }
}
