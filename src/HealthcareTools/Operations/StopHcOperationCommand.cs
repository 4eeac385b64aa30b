using System.Management.Automation;
using HealthcareTools.Common;

namespace HealthcareTools.Operations
{
    /// <summary>
    /// <para type="synopsis">Cancels long-running operations.</para>
    /// <para type="description">Asks the server to cancel each operation. Cancellation is best effort: an
    /// operation that already finished is unchanged; a cancelled one ends with State Cancelled. Use
    /// -PassThru to get each operation after the request.</para>
    /// </summary>
    /// <example>
    /// <code>Stop-HcOperation -Dataset radiology -Name 1234567890123456789</code>
    /// <para>Cancels one operation (asks for confirmation at the default preference only with -Confirm).</para>
    /// </example>
    /// <example>
    /// <code>Get-HcOperation -Dataset radiology | Where-Object State -eq Running | Stop-HcOperation -PassThru</code>
    /// <para>Cancels every running operation of the dataset and shows their state.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Stop, "HcOperation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(HcOperation))]
    public sealed class StopHcOperationCommand : OperationCmdlet
    {
        /// <summary><para type="description">Operation IDs or full operation names.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] Name { get; set; }

        /// <summary><para type="description">Return each operation after the cancel request.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                ForItem(name, () =>
                {
                    var operationName = OperationNameFrom(name);
                    if (!ShouldProcess(operationName.ToString(), "Cancel operation"))
                    {
                        return;
                    }

                    Call(token => Client.CancelOperationAsync(operationName, token));
                    if (PassThru)
                    {
                        WriteObject(HcOperation.From(Call(token => Client.GetOperationAsync(operationName, token))));
                    }
                }, "OperationNotFound");
            }
        }
    }
}
