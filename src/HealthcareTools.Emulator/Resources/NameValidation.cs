using System.Text.RegularExpressions;
using HealthcareTools.Emulator.Http;

namespace HealthcareTools.Emulator.Resources
{
    /// <summary>ID rules from the API reference; violations are INVALID_ARGUMENT with the rule in the message.</summary>
    public static class NameValidation
    {
        // Project IDs are lowercase letters, digits and hyphens; domain-scoped ones ("example.com:proj")
        // add '.' and ':'; project numbers are digits. Kept lenient on length so short test IDs work.
        private static readonly Regex ProjectId = new Regex(@"^[a-z0-9](?:[a-z0-9\-\.:]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);

        // datasetId, fhirStoreId, hl7V2StoreId: 1–256 chars of [\p{L}\p{N}_\-\.].
        private static readonly Regex StoreStyleId = new Regex(@"^[\p{L}\p{N}_\-\.]{1,256}$", RegexOptions.CultureInvariant);

        public static void Project(string project)
        {
            if (!ProjectId.IsMatch(project))
                throw ApiException.InvalidArgument($"Invalid project ID '{project}': expected lowercase letters, digits and hyphens (optionally 'domain:' prefixed).");
        }

        /// <summary>Checks the location against the fixed catalogue.</summary>
        public static void Location(string location)
        {
            if (!LocationCatalog.Contains(location))
                throw ApiException.InvalidArgument($"Invalid location '{location}': not a supported Cloud Healthcare API location.");
        }

        public static void DatasetId(string datasetId)
        {
            if (string.IsNullOrEmpty(datasetId))
                throw ApiException.InvalidArgument("datasetId is required.");
            if (!StoreStyleId.IsMatch(datasetId))
                throw ApiException.InvalidArgument($"Invalid datasetId '{datasetId}': must be 1-256 characters of letters, numbers, '_', '-' and '.'.");
        }

        /// <summary>dicomStoreId: any string of 1-256 characters without '/'.</summary>
        public static void DicomStoreId(string storeId)
        {
            if (string.IsNullOrEmpty(storeId))
                throw ApiException.InvalidArgument("dicomStoreId is required.");
            if (storeId.Length > 256 || storeId.IndexOf('/') >= 0 || storeId.IndexOf(':') >= 0)
                throw ApiException.InvalidArgument($"Invalid dicomStoreId '{storeId}': must be 1-256 characters and must not contain '/' or ':'.");
        }

        /// <summary>True when the string could be a dataset ID (for lookups, where a bad ID simply does not exist).</summary>
        public static bool IsValidDatasetId(string datasetId) => !string.IsNullOrEmpty(datasetId) && StoreStyleId.IsMatch(datasetId);
    }
}
