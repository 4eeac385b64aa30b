using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace HealthcareTools.Emulator.Storage
{
    /// <summary>
    /// The SQLite file under the data folder. Readers get their own pooled connection and run
    /// concurrently (WAL); writers are serialised by an in-process lock so read-modify-write
    /// steps (etag checks, cancel) are atomic without relying on SQLITE_BUSY retries.
    /// </summary>
    public sealed class EmulatorDatabase : IDisposable
    {
        public const string FileName = "emulator.db";

        private const int SchemaVersion = 1;
        private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);
        private readonly string _connectionString;

        public EmulatorDatabase(string directory)
        {
            Directory.CreateDirectory(directory);
            FilePath = Path.Combine(directory, FileName);
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = FilePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            CreateSchema();
        }

        public string FilePath { get; }

        public Task<T> ReadAsync<T>(Func<StorageSession, T> work)
        {
            using var connection = Open();
            return Task.FromResult(work(new StorageSession(connection, null)));
        }

        /// <summary>Runs <paramref name="work"/> in one transaction, committed only when it returns normally.</summary>
        public Task<T> WriteAsync<T>(Func<StorageSession, T> work) => WriteAsync(work, null);

        /// <summary>
        /// As <see cref="WriteAsync{T}(Func{StorageSession, T})"/>, then runs <paramref name="afterCommit"/>
        /// still holding the write lock (file clean-up that must not race a later write of the same name).
        /// </summary>
        public async Task<T> WriteAsync<T>(Func<StorageSession, T> work, Action<T> afterCommit)
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                T result;
                using (var connection = Open())
                using (var transaction = connection.BeginTransaction())
                {
                    result = work(new StorageSession(connection, transaction));
                    transaction.Commit();
                }
                afterCommit?.Invoke(result);
                return result;
            }
            finally
            {
                _writeLock.Release();
            }
        }

        public void Dispose()
        {
            // Close pooled handles so the folder can be reopened or deleted right away.
            using (var connection = new SqliteConnection(_connectionString))
            {
                SqliteConnection.ClearPool(connection);
            }
            _writeLock.Dispose();
        }

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;");
            return connection;
        }

        private void CreateSchema()
        {
            using var connection = Open();
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, @"
CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
    name        TEXT NOT NULL PRIMARY KEY,
    kind        TEXT NOT NULL,
    parent      TEXT NOT NULL,
    body        TEXT NOT NULL,
    create_time INTEGER NOT NULL,
    update_time INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ix_resources_kind_parent_name ON resources (kind, parent, name);
CREATE TABLE IF NOT EXISTS dicom_instances (
    seq                      INTEGER PRIMARY KEY AUTOINCREMENT,
    store                    TEXT NOT NULL,
    study_uid                TEXT NOT NULL,
    series_uid               TEXT NOT NULL,
    sop_uid                  TEXT NOT NULL,
    sop_class_uid            TEXT NOT NULL,
    transfer_syntax          TEXT NOT NULL,
    file                     TEXT NOT NULL,
    size                     INTEGER NOT NULL,
    patient_name             TEXT,
    patient_id               TEXT,
    accession_number         TEXT,
    referring_physician_name TEXT,
    study_date               TEXT,
    modality                 TEXT,
    instance_number          INTEGER,
    header_json              TEXT NOT NULL,
    create_time              INTEGER NOT NULL,
    UNIQUE (store, study_uid, series_uid, sop_uid)
);
CREATE INDEX IF NOT EXISTS ix_dicom_instances_store_series ON dicom_instances (store, series_uid);
CREATE INDEX IF NOT EXISTS ix_dicom_instances_store_sop ON dicom_instances (store, sop_uid);
CREATE TABLE IF NOT EXISTS iam_policies (
    resource TEXT NOT NULL PRIMARY KEY,
    etag     TEXT NOT NULL,
    body     TEXT NOT NULL
) WITHOUT ROWID;");
            Execute(connection, GcsTable.Schema);
            Execute(connection, HealthcareTools.Emulator.Bulk.BulkTables.Schema);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version FROM schema_info LIMIT 1";
            object existing = command.ExecuteScalar();
            if (existing == null)
            {
                command.CommandText = "INSERT INTO schema_info (version) VALUES ($v)";
                command.Parameters.AddWithValue("$v", SchemaVersion);
                command.ExecuteNonQuery();
            }
            else if (Convert.ToInt32(existing) > SchemaVersion)
            {
                throw new InvalidOperationException($"{FilePath} was written by a newer emulator (schema {existing}).");
            }
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
