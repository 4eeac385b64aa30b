using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using HealthcareTools.Emulator.Http;
using Microsoft.Data.Sqlite;

namespace HealthcareTools.Emulator.Storage
{
    /// <summary>One Cloud Storage bucket row.</summary>
    public sealed record GcsBucketRow(string Name, string Project, JsonObject Body, long CreateTicks, long UpdateTicks, long Metageneration);

    /// <summary>One live Cloud Storage object (the emulator keeps only the latest generation).</summary>
    public sealed record GcsObjectRow(
        string Bucket, string Name, long Generation, long Metageneration, string ContentType, long Size,
        string Md5, string Crc32c, string File, JsonObject Metadata, long CreateTicks, long UpdateTicks);

    /// <summary>A resumable upload session; <see cref="Result"/> is the object JSON once finished.</summary>
    public sealed record GcsUploadRow(string Id, string Bucket, string Name, JsonObject Metadata, JsonObject Result, long CreateTicks);

    /// <summary>The gcs_buckets, gcs_objects and gcs_uploads tables.</summary>
    public sealed class GcsTable : SqliteTable
    {
        internal const string Schema = @"
CREATE TABLE IF NOT EXISTS gcs_buckets (
    name           TEXT NOT NULL PRIMARY KEY,
    project        TEXT NOT NULL,
    body           TEXT NOT NULL,
    create_time    INTEGER NOT NULL,
    update_time    INTEGER NOT NULL,
    metageneration INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gcs_objects (
    bucket         TEXT NOT NULL,
    name           TEXT NOT NULL,
    generation     INTEGER NOT NULL,
    metageneration INTEGER NOT NULL,
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    md5            TEXT NOT NULL,
    crc32c         TEXT NOT NULL,
    file           TEXT NOT NULL,
    metadata       TEXT NOT NULL,
    create_time    INTEGER NOT NULL,
    update_time    INTEGER NOT NULL,
    PRIMARY KEY (bucket, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gcs_uploads (
    id          TEXT NOT NULL PRIMARY KEY,
    bucket      TEXT NOT NULL,
    name        TEXT NOT NULL,
    metadata    TEXT NOT NULL,
    result      TEXT,
    create_time INTEGER NOT NULL
) WITHOUT ROWID;";

        private const string ObjectColumns = "bucket, name, generation, metageneration, content_type, size, md5, crc32c, file, metadata, create_time, update_time";

        public GcsTable(SqliteConnection connection, SqliteTransaction transaction) : base(connection, transaction)
        {
        }

        public GcsBucketRow GetBucket(string name)
        {
            using var command = Command("SELECT name, project, body, create_time, update_time, metageneration FROM gcs_buckets WHERE name = $name");
            command.Parameters.AddWithValue("$name", name);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadBucket(reader) : null;
        }

        public bool TryInsertBucket(string name, string project, JsonObject body, DateTimeOffset now)
        {
            using var command = Command(@"INSERT INTO gcs_buckets (name, project, body, create_time, update_time, metageneration)
VALUES ($name, $project, $body, $time, $time, 1) ON CONFLICT (name) DO NOTHING");
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$project", project);
            command.Parameters.AddWithValue("$body", ProtoJson.Serialize(body));
            command.Parameters.AddWithValue("$time", now.UtcTicks);
            return command.ExecuteNonQuery() == 1;
        }

        /// <summary>Buckets of a project whose name starts with <paramref name="prefix"/>, ordered by name, after <paramref name="after"/>.</summary>
        public List<GcsBucketRow> ListBuckets(string project, string prefix, string after, int limit)
        {
            using var command = Command(@"SELECT name, project, body, create_time, update_time, metageneration FROM gcs_buckets
WHERE project = $project AND name > $after AND substr(name, 1, length($prefix)) = $prefix ORDER BY name LIMIT $limit");
            command.Parameters.AddWithValue("$project", project);
            command.Parameters.AddWithValue("$after", after ?? string.Empty);
            command.Parameters.AddWithValue("$prefix", prefix ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit);
            var rows = new List<GcsBucketRow>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add(ReadBucket(reader));
            return rows;
        }

        public bool DeleteBucket(string name)
        {
            using var command = Command("DELETE FROM gcs_buckets WHERE name = $name");
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteNonQuery() == 1;
        }

        public bool BucketHasObjects(string bucket)
        {
            using var command = Command("SELECT 1 FROM gcs_objects WHERE bucket = $bucket LIMIT 1");
            command.Parameters.AddWithValue("$bucket", bucket);
            return command.ExecuteScalar() != null;
        }

        public GcsObjectRow GetObject(string bucket, string name)
        {
            using var command = Command($"SELECT {ObjectColumns} FROM gcs_objects WHERE bucket = $bucket AND name = $name");
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$name", name);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadObject(reader) : null;
        }

        /// <summary>Inserts or replaces the live generation of an object.</summary>
        public void PutObject(GcsObjectRow row)
        {
            using var command = Command($@"INSERT INTO gcs_objects ({ObjectColumns})
VALUES ($bucket, $name, $generation, $metageneration, $contentType, $size, $md5, $crc32c, $file, $metadata, $create, $update)
ON CONFLICT (bucket, name) DO UPDATE SET generation = excluded.generation, metageneration = excluded.metageneration,
content_type = excluded.content_type, size = excluded.size, md5 = excluded.md5, crc32c = excluded.crc32c, file = excluded.file,
metadata = excluded.metadata, create_time = excluded.create_time, update_time = excluded.update_time");
            command.Parameters.AddWithValue("$bucket", row.Bucket);
            command.Parameters.AddWithValue("$name", row.Name);
            command.Parameters.AddWithValue("$generation", row.Generation);
            command.Parameters.AddWithValue("$metageneration", row.Metageneration);
            command.Parameters.AddWithValue("$contentType", row.ContentType);
            command.Parameters.AddWithValue("$size", row.Size);
            command.Parameters.AddWithValue("$md5", row.Md5);
            command.Parameters.AddWithValue("$crc32c", row.Crc32c);
            command.Parameters.AddWithValue("$file", row.File);
            command.Parameters.AddWithValue("$metadata", ProtoJson.Serialize(row.Metadata ?? new JsonObject()));
            command.Parameters.AddWithValue("$create", row.CreateTicks);
            command.Parameters.AddWithValue("$update", row.UpdateTicks);
            command.ExecuteNonQuery();
        }

        public bool DeleteObject(string bucket, string name)
        {
            using var command = Command("DELETE FROM gcs_objects WHERE bucket = $bucket AND name = $name");
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteNonQuery() == 1;
        }

        /// <summary>Objects of a bucket with names &gt; <paramref name="after"/> and starting with <paramref name="prefix"/>, in byte order.</summary>
        public List<GcsObjectRow> ListObjects(string bucket, string prefix, string after, int limit)
        {
            using var command = Command($@"SELECT {ObjectColumns} FROM gcs_objects
WHERE bucket = $bucket AND name > $after AND name >= $prefix AND substr(name, 1, length($prefix)) = $prefix ORDER BY name LIMIT $limit");
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$after", after ?? string.Empty);
            command.Parameters.AddWithValue("$prefix", prefix ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit);
            var rows = new List<GcsObjectRow>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add(ReadObject(reader));
            return rows;
        }

        public void InsertUpload(GcsUploadRow row)
        {
            using var command = Command(@"INSERT INTO gcs_uploads (id, bucket, name, metadata, result, create_time)
VALUES ($id, $bucket, $name, $metadata, NULL, $time)");
            command.Parameters.AddWithValue("$id", row.Id);
            command.Parameters.AddWithValue("$bucket", row.Bucket);
            command.Parameters.AddWithValue("$name", row.Name);
            command.Parameters.AddWithValue("$metadata", ProtoJson.Serialize(row.Metadata ?? new JsonObject()));
            command.Parameters.AddWithValue("$time", row.CreateTicks);
            command.ExecuteNonQuery();
        }

        public GcsUploadRow GetUpload(string id)
        {
            using var command = Command("SELECT id, bucket, name, metadata, result, create_time FROM gcs_uploads WHERE id = $id");
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            return new GcsUploadRow(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                (JsonObject)JsonNode.Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? null : (JsonObject)JsonNode.Parse(reader.GetString(4)),
                reader.GetInt64(5));
        }

        public bool DeleteUpload(string id)
        {
            using var command = Command("DELETE FROM gcs_uploads WHERE id = $id");
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() == 1;
        }

        public void CompleteUpload(string id, JsonObject result)
        {
            using var command = Command("UPDATE gcs_uploads SET result = $result WHERE id = $id");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$result", ProtoJson.Serialize(result));
            command.ExecuteNonQuery();
        }

        private static GcsBucketRow ReadBucket(SqliteDataReader reader) => new GcsBucketRow(
            reader.GetString(0), reader.GetString(1), (JsonObject)JsonNode.Parse(reader.GetString(2)),
            reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));

        private static GcsObjectRow ReadObject(SqliteDataReader reader) => new GcsObjectRow(
            reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4),
            reader.GetInt64(5), reader.GetString(6), reader.GetString(7), reader.GetString(8),
            (JsonObject)JsonNode.Parse(reader.GetString(9)), reader.GetInt64(10), reader.GetInt64(11));
    }
}
