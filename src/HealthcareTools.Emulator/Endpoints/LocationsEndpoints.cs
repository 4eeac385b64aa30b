using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Resources;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>locations.list and locations.get over the fixed catalogue.</summary>
    public sealed class LocationsEndpoints : IEndpointGroup
    {
        public IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path)
        {
            if (path.Verb != null) return null;
            if (path.Matches("projects", "*", "locations")) return Methods.Of(("GET", List));
            if (path.Matches("projects", "*", "locations", "*")) return Methods.Of(("GET", Get));
            return null;
        }

        private static Task<ApiResult> Get(ApiContext context)
        {
            string project = context.Path[1];
            string location = context.Path[3];
            NameValidation.Project(project);
            if (!LocationCatalog.Contains(location))
                throw ApiException.NotFound($"Location {ResourceNames.Location(project, location)} not found.");
            return Task.FromResult(ApiResult.Ok(Render(project, location)));
        }

        private static Task<ApiResult> List(ApiContext context)
        {
            string project = context.Path[1];
            NameValidation.Project(project);
            string displayName = DisplayNameFilter(context.Query("filter"));
            var page = PageRequest.From(context);

            var matching = LocationCatalog.All
                .Where(l => displayName == null || string.Equals(l.DisplayName, displayName, StringComparison.OrdinalIgnoreCase))
                .Select(l => ResourceNames.Location(project, l.Id))
                .Where(name => string.CompareOrdinal(name, page.AfterKey) > 0)
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();

            var locations = new JsonArray();
            foreach (string name in matching.Take(page.PageSize))
                locations.Add(Render(project, name.Substring(name.LastIndexOf('/') + 1)));

            var body = new JsonObject();
            if (locations.Count > 0) body["locations"] = locations;
            if (matching.Count > page.PageSize) body["nextPageToken"] = PageRequest.EncodeToken(matching[page.PageSize - 1]);
            return Task.FromResult(ApiResult.Ok(body));
        }

        /// <summary>Only <c>displayName=X</c> (optionally quoted) is honoured; other filters are ignored.</summary>
        private static string DisplayNameFilter(string filter)
        {
            if (filter == null) return null;
            const string prefix = "displayName";
            string trimmed = filter.Trim();
            if (!trimmed.StartsWith(prefix, StringComparison.Ordinal)) return null;
            string rest = trimmed.Substring(prefix.Length).TrimStart();
            if (!rest.StartsWith('=')) return null;
            return rest.Substring(1).Trim().Trim('"');
        }

        private static JsonObject Render(string project, string location) => new JsonObject
        {
            ["name"] = ResourceNames.Location(project, location),
            ["locationId"] = location,
            ["displayName"] = LocationCatalog.DisplayName(location),
        };
    }
}
