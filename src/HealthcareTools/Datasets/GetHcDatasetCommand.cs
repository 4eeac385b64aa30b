using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Datasets
{
    /// <summary>
    /// <para type="synopsis">Gets Cloud Healthcare datasets.</para>
    /// <para type="description">Without -Name, lists every dataset in the location (all pages, streamed).
    /// With -Name, gets each named dataset; a name may be an ID, a full resource name, or a wildcard
    /// pattern over the IDs. A dataset that does not exist is a non-terminating ObjectNotFound error
    /// (error id DatasetNotFound) and the other names are still processed. Locations piped from
    /// Get-HcLocation list the datasets in each location.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDataset -Project my-project -Location us-central1</code>
    /// <para>Lists all datasets in us-central1.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcLocation -Project my-project | Get-HcDataset | Format-Table DatasetId, Location, TimeZone</code>
    /// <para>Lists the datasets of every location of the project.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDataset -Name 'radiology-*','nope'</code>
    /// <para>Gets the datasets whose IDs start with radiology- and reports 'nope' as not found.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcDataset", SupportsPaging = true)]
    [OutputType(typeof(HcDataset))]
    public sealed class GetHcDatasetCommand : HcCmdlet
    {
        /// <summary>
        /// <para type="description">Dataset IDs, full dataset names, or wildcard patterns. A piped location
        /// (its full name) lists that location's datasets.</para>
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DatasetCompleter))]
        public string[] Name { get; set; }

        /// <summary><para type="description">Project ID. Default: Set-HcDefault, then GOOGLE_CLOUD_PROJECT, then gcloud's configuration.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Project { get; set; }

        /// <summary><para type="description">Location ID, such as us-central1. Default: Set-HcDefault, then gcloud's healthcare/location, then us-central1.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Location { get; set; }

        protected override void ProcessRecord()
        {
            if (Name == null || Name.Length == 0)
            {
                ForItem(null, () => List(Context.LocationName(Project, Location), null));
                return;
            }

            foreach (var name in Name)
            {
                ForItem(name, () => GetOne(name), "DatasetNotFound");
            }
        }

        private void GetOne(string name)
        {
            if (LocationName.TryParse(name, out var location))
            {
                List(location, null);
            }
            else if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var full = ResourceIds.IsFullName(name);
                var parent = full ? LocationName.Parse(name.Substring(0, name.IndexOf("/datasets/", System.StringComparison.Ordinal)))
                    : Context.LocationName(Project, Location);
                var idPattern = full ? name.Substring(name.LastIndexOf('/') + 1) : name;
                List(parent, new WildcardPattern(idPattern, WildcardOptions.IgnoreCase));
            }
            else
            {
                var datasetName = DatasetNameFrom(name, Project, Location);
                var dataset = Call(token => Client.GetDatasetAsync(datasetName, token));
                WriteObject(HcDataset.From(dataset));
            }
        }

        private void List(LocationName parent, WildcardPattern pattern)
        {
            WritePaged(AllPages((pageToken, token) => Client.ListDatasetsAsync(parent, null, pageToken, token))
                .Select(HcDataset.From)
                .Where(dataset => pattern == null || pattern.IsMatch(dataset.DatasetId)));
        }
    }
}
