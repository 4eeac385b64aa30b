using System;
using System.Collections.Generic;
using System.Linq;

namespace HealthcareTools.Emulator.Resources
{
    /// <summary>The fixed set of locations every project sees.</summary>
    public static class LocationCatalog
    {
        public static readonly IReadOnlyList<(string Id, string DisplayName)> All = new[]
        {
            ("asia-northeast1", "Tokyo"),
            ("asia-south1", "Mumbai"),
            ("australia-southeast1", "Sydney"),
            ("eu", "European Union"),
            ("europe-west2", "London"),
            ("europe-west4", "Netherlands"),
            ("europe-west6", "Zurich"),
            ("northamerica-northeast1", "Montreal"),
            ("us", "United States"),
            ("us-central1", "Iowa"),
            ("us-east1", "South Carolina"),
            ("us-east4", "Northern Virginia"),
            ("us-west2", "Los Angeles"),
        };

        private static readonly HashSet<string> Ids = new HashSet<string>(All.Select(l => l.Id), StringComparer.Ordinal);

        public static bool Contains(string locationId) => Ids.Contains(locationId);

        public static string DisplayName(string locationId) => All.First(l => l.Id == locationId).DisplayName;
    }
}
