using Microsoft.Data.Sqlite;

namespace HealthcareTools.Emulator.Storage
{
    /// <summary>The tables as seen by one read or one write transaction.</summary>
    public sealed class StorageSession
    {
        public StorageSession(SqliteConnection connection, SqliteTransaction transaction)
        {
            Resources = new ResourceTable(connection, transaction);
            IamPolicies = new IamPolicyTable(connection, transaction);
            Dicom = new DicomIndexTable(connection, transaction);
            Gcs = new GcsTable(connection, transaction);
            Bulk = new HealthcareTools.Emulator.Bulk.BulkTables(connection, transaction);
        }

        public DicomIndexTable Dicom { get; }

        /// <summary>Cloud Storage buckets, objects and resumable upload sessions.</summary>
        public GcsTable Gcs { get; }

        /// <summary>Local BigQuery tables (DICOM export, streaming) and recorded Pub/Sub notifications.</summary>
        public HealthcareTools.Emulator.Bulk.BulkTables Bulk { get; }

        public ResourceTable Resources { get; }
        public IamPolicyTable IamPolicies { get; }
    }
}
