using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Operations
{
    /// <summary>
    /// <para type="synopsis">Gets long-running operations of a dataset.</para>
    /// <para type="description">Without -Name, lists the operations of the dataset (all pages). With -Name,
    /// gets each operation by ID or full name. Piped datasets list their operations; piped operations are
    /// refreshed. An unknown operation is a non-terminating ObjectNotFound error (OperationNotFound).</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcOperation -Dataset radiology | Where-Object State -eq Running</code>
    /// <para>Shows the operations still running in the dataset radiology.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset radiology | Get-HcOperation -First 5</code>
    /// <para>Shows five operations of a piped dataset.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcOperation", SupportsPaging = true)]
    [OutputType(typeof(HcOperation))]
    public sealed class GetHcOperationCommand : OperationCmdlet
    {
        /// <summary><para type="description">Operation IDs or full operation names. A full dataset name lists that dataset's operations.</para></summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] Name { get; set; }

        /// <summary><para type="description">Server-side filter when listing (passed to operations.list).</para></summary>
        [Parameter]
        public string Filter { get; set; }

        protected override void ProcessRecord()
        {
            if (Name == null || Name.Length == 0)
            {
                ForItem(Dataset, () => List(ParentDataset));
                return;
            }

            foreach (var name in Name)
            {
                ForItem(name, () =>
                {
                    if (DatasetName.TryParse(name, out var dataset))
                    {
                        List(dataset);
                        return;
                    }

                    var operationName = OperationNameFrom(name);
                    WriteObject(HcOperation.From(Call(token => Client.GetOperationAsync(operationName, token))));
                }, "OperationNotFound");
            }
        }

        private void List(DatasetName dataset) =>
            WritePaged(AllPages((pageToken, token) => Client.ListOperationsAsync(dataset, Filter, null, pageToken, token))
                .Select(HcOperation.From));
    }
}
