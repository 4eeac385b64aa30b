using System;

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
        /// <summary>Project IDs: 6-30 chars, lower-case letters, digits, hyphens, starting with a letter;
        /// also accepts legacy domain-scoped IDs ("example.com:proj").</summary>
        public static void ValidateProjectId(string projectId) => throw new NotImplementedException();
        /// <summary>Location IDs: lower-case letters, digits and hyphens (us-central1, europe-west4, us).</summary>
        public static void ValidateLocationId(string locationId) => throw new NotImplementedException();
        /// <summary>1-256 chars of [\p{L}\p{N}_\-\.].</summary>
        public static void ValidateDatasetId(string datasetId) => throw new NotImplementedException();
        /// <summary>FHIR/HL7v2: as dataset; DICOM: any non-empty string of at most 256 chars without '/'.</summary>
        public static void ValidateStoreId(StoreKind kind, string storeId) => throw new NotImplementedException();
        /// <summary>Operation IDs: non-empty, no '/'.</summary>
        public static void ValidateOperationId(string operationId) => throw new NotImplementedException();
        /// <summary>True when the text looks like a full resource name (starts with "projects/").</summary>
        public static bool IsFullName(string text) => throw new NotImplementedException();
    }

    /// <summary>projects/{project}/locations/{location}</summary>
    public sealed class LocationName : IEquatable<LocationName>
    {
        public LocationName(string project, string location) => throw new NotImplementedException();
        public string Project { get; }
        public string Location { get; }
        public static LocationName Parse(string name) => throw new NotImplementedException();
        public static bool TryParse(string name, out LocationName result) => throw new NotImplementedException();
        public override string ToString() => throw new NotImplementedException();
        public bool Equals(LocationName other) => throw new NotImplementedException();
        public override bool Equals(object obj) => Equals(obj as LocationName);
        public override int GetHashCode() => throw new NotImplementedException();
    }

    /// <summary>projects/{p}/locations/{l}/datasets/{dataset}</summary>
    public sealed class DatasetName : IEquatable<DatasetName>
    {
        public DatasetName(string project, string location, string datasetId) => throw new NotImplementedException();
        public string Project { get; }
        public string Location { get; }
        public string DatasetId { get; }
        public LocationName Parent => throw new NotImplementedException();
        public static DatasetName Parse(string name) => throw new NotImplementedException();
        public static bool TryParse(string name, out DatasetName result) => throw new NotImplementedException();
        public override string ToString() => throw new NotImplementedException();
        public bool Equals(DatasetName other) => throw new NotImplementedException();
        public override bool Equals(object obj) => Equals(obj as DatasetName);
        public override int GetHashCode() => throw new NotImplementedException();
    }

    /// <summary>.../datasets/{d}/dicomStores|fhirStores|hl7V2Stores/{store}</summary>
    public sealed class StoreName : IEquatable<StoreName>
    {
        public StoreName(DatasetName dataset, StoreKind kind, string storeId) => throw new NotImplementedException();
        public DatasetName Dataset { get; }
        public StoreKind Kind { get; }
        public string StoreId { get; }
        /// <summary>"dicomStores", "fhirStores" or "hl7V2Stores".</summary>
        public static string CollectionOf(StoreKind kind) => throw new NotImplementedException();
        public static StoreName Parse(string name) => throw new NotImplementedException();
        public static bool TryParse(string name, out StoreName result) => throw new NotImplementedException();
        public override string ToString() => throw new NotImplementedException();
        public bool Equals(StoreName other) => throw new NotImplementedException();
        public override bool Equals(object obj) => Equals(obj as StoreName);
        public override int GetHashCode() => throw new NotImplementedException();
    }

    /// <summary>.../datasets/{d}/operations/{operationId}</summary>
    public sealed class OperationName : IEquatable<OperationName>
    {
        public OperationName(DatasetName dataset, string operationId) => throw new NotImplementedException();
        public DatasetName Dataset { get; }
        public string OperationId { get; }
        public static OperationName Parse(string name) => throw new NotImplementedException();
        public static bool TryParse(string name, out OperationName result) => throw new NotImplementedException();
        public override string ToString() => throw new NotImplementedException();
        public bool Equals(OperationName other) => throw new NotImplementedException();
        public override bool Equals(object obj) => Equals(obj as OperationName);
        public override int GetHashCode() => throw new NotImplementedException();
    }
}
