using HealthcareTools.Emulator.Http;

namespace HealthcareTools.Emulator.Resources
{
    /// <summary>Full resource names and the path shapes that denote an IAM-capable resource.</summary>
    public static class ResourceNames
    {
        /// <summary>
        /// Name patterns of resources that carry an IAM policy, with their kind. Each store type adds
        /// its pattern here.
        /// </summary>
        private static readonly (string[] Pattern, string Kind)[] IamResources =
        {
            (new[] { "projects", "*", "locations", "*", "datasets", "*" }, ResourceKinds.Dataset),
            (new[] { "projects", "*", "locations", "*", "datasets", "*", "dicomStores", "*" }, ResourceKinds.DicomStore),
        };

        public static string Location(string project, string location) => $"projects/{project}/locations/{location}";

        public static string Dataset(string project, string location, string dataset) => $"{Location(project, location)}/datasets/{dataset}";

        public static string DicomStore(string datasetName, string storeId) => $"{datasetName}/dicomStores/{storeId}";

        public static string Operation(string datasetName, string operationId) => $"{datasetName}/operations/{operationId}";

        /// <summary>The kind of IAM-capable resource the path names, or null.</summary>
        public static string IamResourceKind(ApiPath path)
        {
            foreach (var (pattern, kind) in IamResources)
            {
                if (path.Matches(pattern)) return kind;
            }
            return null;
        }
    }
}
