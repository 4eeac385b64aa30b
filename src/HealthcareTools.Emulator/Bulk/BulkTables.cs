using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Storage;
using Microsoft.Data.Sqlite;

namespace HealthcareTools.Emulator.Bulk
{
    /// <summary>A local BigQuery table: its id (project.dataset.table), columns in schema order and row count.</summary>
    public sealed record BigQueryTableRow(string Id, IReadOnlyList<string> Columns, long RowCount, long CreateTicks, long UpdateTicks);

    /// <summary>One recorded Pub/Sub message.</summary>
    public sealed record PubsubMessageRow(long Seq, string Topic, string MessageId, string Data, JsonObject Attributes, long PublishTicks);

    /// <summary>
    /// The bq_tables / bq_rows tables (the local BigQuery table store filled by DICOM export and
    /// streaming) and pubsub_messages (notifications the emulator would publish).
    /// </summary>
    public sealed class BulkTables : SqliteTable
    {
        internal const string Schema = @"
CREATE TABLE IF NOT EXISTS bq_tables (
    id          TEXT NOT NULL PRIMARY KEY,
    columns     TEXT NOT NULL,
    create_time INTEGER NOT NULL,
    update_time INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bq_rows (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    table_id TEXT NOT NULL,
    row_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_bq_rows_table ON bq_rows (table_id, seq);
CREATE TABLE IF NOT EXISTS pubsub_messages (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    topic        TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    data         TEXT NOT NULL,
    attributes   TEXT NOT NULL,
    publish_time INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_pubsub_messages_topic ON pubsub_messages (topic, seq);";

        public BulkTables(SqliteConnection connection, SqliteTransaction transaction) : base(connection, transaction)
        {
        }

        // ---------------------------------------------------------------- BigQuery

        public BigQueryTableRow GetTable(string id)
        {
            using var command = Command("SELECT id, columns, create_time, update_time, (SELECT COUNT(*) FROM bq_rows WHERE table_id = $id) FROM bq_tables WHERE id = $id");
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            var columns = JsonNode.Parse(reader.GetString(1)).AsArray().Select(c => (string)c).ToList();
            return new BigQueryTableRow(reader.GetString(0), columns, reader.GetInt64(4), reader.GetInt64(2), reader.GetInt64(3));
        }

        /// <summary>Removes every row of a table (WRITE_TRUNCATE); the table keeps existing.</summary>
        public void TruncateTable(string id)
        {
            using var command = Command("DELETE FROM bq_rows WHERE table_id = $id");
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
            using var reset = Command("UPDATE bq_tables SET columns = '[]' WHERE id = $id");
            reset.Parameters.AddWithValue("$id", id);
            reset.ExecuteNonQuery();
        }

        /// <summary>Appends rows (column → value) to a table, creating it and widening its schema as needed.</summary>
        public void AppendRows(string id, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> rows, DateTimeOffset now)
        {
            var table = GetTable(id);
            var columns = table?.Columns.ToList() ?? new List<string>();
            // A new (or truncated) table always has the identifying columns, even with no rows.
            if (columns.Count == 0) columns.AddRange(BigQueryRows.CoreColumns);
            var known = new HashSet<string>(columns, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                foreach (var (column, _) in row)
                {
                    if (known.Add(column)) columns.Add(column);
                }
            }
            string columnsJson = new JsonArray(columns.Select(c => (JsonNode)c).ToArray()).ToJsonString();
            using (var upsert = Command(@"INSERT INTO bq_tables (id, columns, create_time, update_time) VALUES ($id, $columns, $time, $time)
ON CONFLICT (id) DO UPDATE SET columns = excluded.columns, update_time = excluded.update_time"))
            {
                upsert.Parameters.AddWithValue("$id", id);
                upsert.Parameters.AddWithValue("$columns", columnsJson);
                upsert.Parameters.AddWithValue("$time", now.UtcTicks);
                upsert.ExecuteNonQuery();
            }
            using var insert = Command("INSERT INTO bq_rows (table_id, row_json) VALUES ($id, $row)");
            var idParameter = insert.Parameters.AddWithValue("$id", id);
            var rowParameter = insert.Parameters.Add("$row", SqliteType.Text);
            foreach (var row in rows)
            {
                var json = new JsonObject();
                foreach (var (column, value) in row) json[column] = value;
                rowParameter.Value = json.ToJsonString();
                insert.ExecuteNonQuery();
            }
        }

        /// <summary>Rows of a table in insertion order, from <paramref name="startIndex"/>, at most <paramref name="limit"/>.</summary>
        public List<JsonObject> ReadRows(string id, long startIndex, int limit)
        {
            using var command = Command("SELECT row_json FROM bq_rows WHERE table_id = $id ORDER BY seq LIMIT $limit OFFSET $offset");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$limit", limit);
            command.Parameters.AddWithValue("$offset", startIndex);
            var rows = new List<JsonObject>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add((JsonObject)JsonNode.Parse(reader.GetString(0)));
            return rows;
        }

        // ---------------------------------------------------------------- Pub/Sub

        public void InsertMessage(string topic, string messageId, string data, JsonObject attributes, DateTimeOffset now)
        {
            using var command = Command("INSERT INTO pubsub_messages (topic, message_id, data, attributes, publish_time) VALUES ($topic, $id, $data, $attributes, $time)");
            command.Parameters.AddWithValue("$topic", topic);
            command.Parameters.AddWithValue("$id", messageId);
            command.Parameters.AddWithValue("$data", data);
            command.Parameters.AddWithValue("$attributes", ProtoJson.Serialize(attributes ?? new JsonObject()));
            command.Parameters.AddWithValue("$time", now.UtcTicks);
            command.ExecuteNonQuery();
        }

        /// <summary>Recorded messages (of one topic, or all when null) in publish order.</summary>
        public List<PubsubMessageRow> ListMessages(string topic)
        {
            using var command = Command("SELECT seq, topic, message_id, data, attributes, publish_time FROM pubsub_messages" +
                (topic != null ? " WHERE topic = $topic" : string.Empty) + " ORDER BY seq");
            if (topic != null) command.Parameters.AddWithValue("$topic", topic);
            var rows = new List<PubsubMessageRow>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new PubsubMessageRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    (JsonObject)JsonNode.Parse(reader.GetString(4)), reader.GetInt64(5)));
            }
            return rows;
        }

        public int DeleteMessages()
        {
            using var command = Command("DELETE FROM pubsub_messages");
            return command.ExecuteNonQuery();
        }
    }
}
