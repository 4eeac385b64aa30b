using System.Collections;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;

namespace HealthcareTools
{
    /// <summary>A location where the Cloud Healthcare API keeps datasets.</summary>
    public sealed class HcLocation
    {
        /// <summary>Full resource name: projects/{p}/locations/{l}.</summary>
        public string Name { get; set; }
        public string Project { get; set; }
        /// <summary>The location ID, such as us-central1.</summary>
        public string Location { get; set; }
        public string DisplayName { get; set; }
        public Hashtable Labels { get; set; }

        internal static HcLocation From(Location location)
        {
            var name = LocationName.Parse(location.Name);
            return new HcLocation
            {
                Name = location.Name,
                Project = name.Project,
                Location = location.LocationId ?? name.Location,
                DisplayName = location.DisplayName,
                Labels = Common.Labels.ToHashtable(location.Labels),
            };
        }

        public override string ToString() => Name;
    }
}
