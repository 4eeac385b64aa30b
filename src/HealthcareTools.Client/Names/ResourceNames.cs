using System;
using System.Text.RegularExpressions;

namespace HealthcareTools.Client.Names
{
    /// <summary>Kinds of store under a dataset; the value is the collection segment in the path.</summary>
    public enum StoreKind
    {
        Dicom,
        Fhir,
        Hl7V2,
    }

    /// <summary>
    /// ID rules from the API reference. Each Validate* throws <see cref="ArgumentException"/> with a
    /// message naming the kind of ID, the value and the rule, before any request is sent.
    /// </summary>
    public static class ResourceIds
    {
        private const string ProjectRule = "1-63 lower-case letters, digits and hyphens, starting with a letter or digit and not ending with a hyphen (a project ID or number), or a legacy domain-scoped ID such as 'example.com:my-project'";
        private const string LocationRule = "lower-case letters, digits and hyphens, starting with a letter (for example 'us-central1')";
        private const string DatasetRule = "1-256 characters of letters, digits, '_', '-' and '.'";
        private const string DicomStoreRule = "1-256 characters without '/'";
        private const string OperationRule = "a non-empty ID without '/'";

        private static readonly Regex ProjectPattern = new Regex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);
        // Legacy App Engine style "domain.tld:project"; the part after ':' follows the old, looser rule.
        private static readonly Regex DomainScopedProjectPattern = new Regex(@"^[a-z0-9][a-z0-9.-]*[a-z0-9]:[a-z][a-z0-9-]{0,61}[a-z0-9]$", RegexOptions.CultureInvariant);
        private static readonly Regex LocationPattern = new Regex(@"^[a-z][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant);
        private static readonly Regex DatasetPattern = new Regex(@"^[\p{L}\p{N}_\-\.]{1,256}$", RegexOptions.CultureInvariant);

        /// <summary>Project IDs and numbers: 1-63 lower-case letters, digits and hyphens (Google's own IDs are 6-30
        /// characters, but names also carry project numbers and emulators accept short test IDs);
        /// also accepts legacy domain-scoped IDs ("example.com:proj").</summary>
        public static void ValidateProjectId(string projectId)
        {
            if (projectId != null && (ProjectPattern.IsMatch(projectId) || DomainScopedProjectPattern.IsMatch(projectId)))
            {
                return;
            }
            throw Invalid("project ID", projectId, ProjectRule, "projectId");
        }

        /// <summary>Location IDs: lower-case letters, digits and hyphens (us-central1, europe-west4, us).</summary>
        public static void ValidateLocationId(string locationId)
        {
            if (locationId == null || !LocationPattern.IsMatch(locationId))
            {
                throw Invalid("location ID", locationId, LocationRule, "locationId");
            }
        }

        /// <summary>1-256 chars of [\p{L}\p{N}_\-\.].</summary>
        public static void ValidateDatasetId(string datasetId)
        {
            if (datasetId == null || !DatasetPattern.IsMatch(datasetId))
            {
                throw Invalid("dataset ID", datasetId, DatasetRule, "datasetId");
            }
        }

        /// <summary>FHIR/HL7v2: as dataset; DICOM: any non-empty string of at most 256 chars without '/'.</summary>
        public static void ValidateStoreId(StoreKind kind, string storeId)
        {
            var kindText = StoreKindText(kind) + " store ID";
            if (kind == StoreKind.Dicom)
            {
                if (string.IsNullOrEmpty(storeId) || storeId.Length > 256 || storeId.IndexOf('/') >= 0)
                {
                    throw Invalid(kindText, storeId, DicomStoreRule, "storeId");
                }
                return;
            }
            if (storeId == null || !DatasetPattern.IsMatch(storeId))
            {
                throw Invalid(kindText, storeId, DatasetRule, "storeId");
            }
        }

        /// <summary>Operation IDs: non-empty, no '/'.</summary>
        public static void ValidateOperationId(string operationId)
        {
            if (string.IsNullOrEmpty(operationId) || operationId.IndexOf('/') >= 0)
            {
                throw Invalid("operation ID", operationId, OperationRule, "operationId");
            }
        }

        /// <summary>True when the text looks like a full resource name (starts with "projects/").</summary>
        public static bool IsFullName(string text) =>
            text != null && text.StartsWith("projects/", StringComparison.Ordinal);

        internal static string StoreKindText(StoreKind kind)
        {
            switch (kind)
            {
                case StoreKind.Dicom: return "DICOM";
                case StoreKind.Fhir: return "FHIR";
                case StoreKind.Hl7V2: return "HL7v2";
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind.");
            }
        }

        internal static ArgumentException Invalid(string kind, string value, string rule, string parameterName)
        {
            var shown = value == null ? "(null)" : "'" + value + "'";
            return new ArgumentException($"Invalid {kind} {shown}: expected {rule}.", parameterName);
        }

        /// <summary>Splits a full name into segments, rejecting empty segments (double or trailing slashes).</summary>
        internal static string[] SplitName(string name, string kind, string pattern)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw Invalid(kind + " name", name, "a name of the form '" + pattern + "'", "name");
            }
            var segments = name.Split('/');
            foreach (var segment in segments)
            {
                if (segment.Length == 0)
                {
                    throw Invalid(kind + " name", name, "a name of the form '" + pattern + "' without empty segments", "name");
                }
            }
            return segments;
        }

        internal static ArgumentException WrongShape(string kind, string name, string pattern) =>
            Invalid(kind + " name", name, "a name of the form '" + pattern + "'", "name");
    }

    /// <summary>projects/{project}/locations/{location}</summary>
    public sealed class LocationName : IEquatable<LocationName>
    {
        private const string Pattern = "projects/{project}/locations/{location}";

        /// <summary>Validates both IDs (ArgumentException).</summary>
        public LocationName(string project, string location)
        {
            ResourceIds.ValidateProjectId(project);
            ResourceIds.ValidateLocationId(location);
            Project = project;
            Location = location;
        }

        public string Project { get; }
        public string Location { get; }

        /// <summary>Parses a full name; ArgumentException naming the expected form or the broken ID rule.</summary>
        public static LocationName Parse(string name)
        {
            var segments = ResourceIds.SplitName(name, "location", Pattern);
            if (segments.Length != 4 || segments[0] != "projects" || segments[2] != "locations")
            {
                throw ResourceIds.WrongShape("location", name, Pattern);
            }
            return new LocationName(segments[1], segments[3]);
        }

        /// <summary>As <see cref="Parse"/>, returning false instead of throwing.</summary>
        public static bool TryParse(string name, out LocationName result) => NameParsing.Try(Parse, name, out result);

        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        public override string ToString() => $"projects/{Project}/locations/{Location}";
        public bool Equals(LocationName other) => other != null && Project == other.Project && Location == other.Location;
        public override bool Equals(object obj) => Equals(obj as LocationName);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }

    /// <summary>projects/{p}/locations/{l}/datasets/{dataset}</summary>
    public sealed class DatasetName : IEquatable<DatasetName>
    {
        private const string Pattern = "projects/{project}/locations/{location}/datasets/{dataset}";

        /// <summary>Validates every ID (ArgumentException).</summary>
        public DatasetName(string project, string location, string datasetId)
        {
            ResourceIds.ValidateProjectId(project);
            ResourceIds.ValidateLocationId(location);
            ResourceIds.ValidateDatasetId(datasetId);
            Project = project;
            Location = location;
            DatasetId = datasetId;
        }

        public string Project { get; }
        public string Location { get; }
        public string DatasetId { get; }
        /// <summary>The location holding the dataset.</summary>
        public LocationName Parent => new LocationName(Project, Location);

        /// <summary>Parses a full name; ArgumentException naming the expected form or the broken ID rule.</summary>
        public static DatasetName Parse(string name)
        {
            var segments = ResourceIds.SplitName(name, "dataset", Pattern);
            if (segments.Length != 6 || !IsDatasetPrefix(segments))
            {
                throw ResourceIds.WrongShape("dataset", name, Pattern);
            }
            return new DatasetName(segments[1], segments[3], segments[5]);
        }

        /// <summary>As <see cref="Parse"/>, returning false instead of throwing.</summary>
        public static bool TryParse(string name, out DatasetName result) => NameParsing.Try(Parse, name, out result);

        internal static bool IsDatasetPrefix(string[] segments) =>
            segments.Length >= 6 && segments[0] == "projects" && segments[2] == "locations" && segments[4] == "datasets";

        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        public override string ToString() => $"projects/{Project}/locations/{Location}/datasets/{DatasetId}";
        public bool Equals(DatasetName other) =>
            other != null && Project == other.Project && Location == other.Location && DatasetId == other.DatasetId;
        public override bool Equals(object obj) => Equals(obj as DatasetName);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }

    /// <summary>.../datasets/{d}/dicomStores|fhirStores|hl7V2Stores/{store}</summary>
    public sealed class StoreName : IEquatable<StoreName>
    {
        private const string Pattern = "projects/{project}/locations/{location}/datasets/{dataset}/{dicomStores|fhirStores|hl7V2Stores}/{store}";

        /// <summary>Validates the store ID for its kind (ArgumentException).</summary>
        public StoreName(DatasetName dataset, StoreKind kind, string storeId)
        {
            Dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
            CollectionOf(kind);
            ResourceIds.ValidateStoreId(kind, storeId);
            Kind = kind;
            StoreId = storeId;
        }

        public DatasetName Dataset { get; }
        public StoreKind Kind { get; }
        public string StoreId { get; }

        /// <summary>"dicomStores", "fhirStores" or "hl7V2Stores".</summary>
        public static string CollectionOf(StoreKind kind)
        {
            switch (kind)
            {
                case StoreKind.Dicom: return "dicomStores";
                case StoreKind.Fhir: return "fhirStores";
                case StoreKind.Hl7V2: return "hl7V2Stores";
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind.");
            }
        }

        /// <summary>Parses a full name; ArgumentException naming the expected form or the broken ID rule.</summary>
        public static StoreName Parse(string name)
        {
            var segments = ResourceIds.SplitName(name, "store", Pattern);
            if (segments.Length != 8 || !DatasetName.IsDatasetPrefix(segments) || !TryKindOf(segments[6], out var kind))
            {
                throw ResourceIds.WrongShape("store", name, Pattern);
            }
            return new StoreName(new DatasetName(segments[1], segments[3], segments[5]), kind, segments[7]);
        }

        /// <summary>As <see cref="Parse"/>, returning false instead of throwing.</summary>
        public static bool TryParse(string name, out StoreName result) => NameParsing.Try(Parse, name, out result);

        private static bool TryKindOf(string collection, out StoreKind kind)
        {
            switch (collection)
            {
                case "dicomStores": kind = StoreKind.Dicom; return true;
                case "fhirStores": kind = StoreKind.Fhir; return true;
                case "hl7V2Stores": kind = StoreKind.Hl7V2; return true;
                default: kind = default; return false;
            }
        }

        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        public override string ToString() => $"{Dataset}/{CollectionOf(Kind)}/{StoreId}";
        public bool Equals(StoreName other) =>
            other != null && Dataset.Equals(other.Dataset) && Kind == other.Kind && StoreId == other.StoreId;
        public override bool Equals(object obj) => Equals(obj as StoreName);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }

    /// <summary>.../datasets/{d}/operations/{operationId}</summary>
    public sealed class OperationName : IEquatable<OperationName>
    {
        private const string Pattern = "projects/{project}/locations/{location}/datasets/{dataset}/operations/{operationId}";

        /// <summary>Validates the operation ID (ArgumentException).</summary>
        public OperationName(DatasetName dataset, string operationId)
        {
            Dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
            ResourceIds.ValidateOperationId(operationId);
            OperationId = operationId;
        }

        public DatasetName Dataset { get; }
        public string OperationId { get; }

        /// <summary>Parses a full name; ArgumentException naming the expected form or the broken ID rule.</summary>
        public static OperationName Parse(string name)
        {
            var segments = ResourceIds.SplitName(name, "operation", Pattern);
            if (segments.Length != 8 || !DatasetName.IsDatasetPrefix(segments) || segments[6] != "operations")
            {
                throw ResourceIds.WrongShape("operation", name, Pattern);
            }
            return new OperationName(new DatasetName(segments[1], segments[3], segments[5]), segments[7]);
        }

        /// <summary>As <see cref="Parse"/>, returning false instead of throwing.</summary>
        public static bool TryParse(string name, out OperationName result) => NameParsing.Try(Parse, name, out result);

        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        /// <summary>The full resource name.</summary>
        public override string ToString() => $"{Dataset}/operations/{OperationId}";
        public bool Equals(OperationName other) =>
            other != null && Dataset.Equals(other.Dataset) && OperationId == other.OperationId;
        public override bool Equals(object obj) => Equals(obj as OperationName);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }

    internal static class NameParsing
    {
        internal static bool Try<T>(Func<string, T> parse, string name, out T result) where T : class
        {
            try
            {
                result = parse(name);
                return true;
            }
            catch (ArgumentException)
            {
                result = null;
                return false;
            }
        }
    }
}
