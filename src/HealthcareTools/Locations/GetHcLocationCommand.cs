using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Locations
{
    /// <summary>
    /// <para type="synopsis">Gets the locations where the Cloud Healthcare API is available.</para>
    /// <para type="description">Without -Location, lists every location of the project. With -Location, gets
    /// each named location (ID or full name); an unknown one is a non-terminating ObjectNotFound error.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcLocation -Project my-project</code>
    /// <para>Lists the locations.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcLocation europe-west4 | Get-HcDataset</code>
    /// <para>Lists the datasets in europe-west4.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcLocation", SupportsPaging = true)]
    [OutputType(typeof(HcLocation))]
    public sealed class GetHcLocationCommand : HcCmdlet
    {
        /// <summary><para type="description">Location IDs (us-central1) or full names (projects/p/locations/l).</para></summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[] Location { get; set; }

        /// <summary><para type="description">Project ID. Default: Set-HcDefault, then GOOGLE_CLOUD_PROJECT, then gcloud's configuration.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Project { get; set; }

        /// <summary><para type="description">Server-side filter when listing, e.g. displayName=tokyo.</para></summary>
        [Parameter]
        public string Filter { get; set; }

        protected override void ProcessRecord()
        {
            if (Location == null || Location.Length == 0)
            {
                ForItem(null, () =>
                {
                    var project = Context.Project(Project);
                    WritePaged(AllPages((pageToken, token) => Client.ListLocationsAsync(project, Filter, null, pageToken, token))
                        .Select(HcLocation.From));
                });
                return;
            }

            foreach (var location in Location)
            {
                ForItem(location, () =>
                {
                    var name = ResourceIds.IsFullName(location) ? LocationName.Parse(location) : new LocationName(Context.Project(Project), location);
                    WriteObject(HcLocation.From(Call(token => Client.GetLocationAsync(name, token))));
                }, "LocationNotFound");
            }
        }
    }
}
