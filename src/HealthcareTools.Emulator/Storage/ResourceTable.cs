using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using HealthcareTools.Emulator.Http;
using Microsoft.Data.Sqlite;

namespace HealthcareTools.Emulator.Storage
{
    /// <summary>Generic CRUD over the <c>resources</c> table.</summary>
    public sealed class ResourceTable : SqliteTable
    {
        public ResourceTable(SqliteConnection connection, SqliteTransaction transaction) : base(connection, transaction)
        {
        }

        public StoredResource Get(string name)
        {
            using var command = Command("SELECT name, kind, parent, body, create_time, update_time FROM resources WHERE name = $name");
            command.Parameters.AddWithValue("$name", name);
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }

        /// <summary>Returns the resource when it exists with the given kind, else null.</summary>
        public StoredResource Get(string name, string kind)
        {
            var resource = Get(name);
            return resource != null && resource.Kind == kind ? resource : null;
        }

        /// <summary>Inserts a new row; false when the name is already taken.</summary>
        public bool TryInsert(string name, string kind, string parent, JsonObject body, DateTimeOffset now)
        {
            using var command = Command(@"INSERT INTO resources (name, kind, parent, body, create_time, update_time)
VALUES ($name, $kind, $parent, $body, $time, $time) ON CONFLICT (name) DO NOTHING");
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$parent", parent);
            command.Parameters.AddWithValue("$body", ProtoJson.Serialize(body));
            command.Parameters.AddWithValue("$time", now.UtcTicks);
            return command.ExecuteNonQuery() == 1;
        }

        public void UpdateBody(string name, JsonObject body, DateTimeOffset now)
        {
            using var command = Command("UPDATE resources SET body = $body, update_time = $time WHERE name = $name");
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$body", ProtoJson.Serialize(body));
            command.Parameters.AddWithValue("$time", now.UtcTicks);
            command.ExecuteNonQuery();
        }

        /// <summary>Children of one kind under a parent, ordered by name, strictly after <paramref name="afterName"/>.</summary>
        public List<StoredResource> List(string kind, string parent, string afterName, int limit)
        {
            using var command = Command(@"SELECT name, kind, parent, body, create_time, update_time FROM resources
WHERE kind = $kind AND parent = $parent AND name > $after ORDER BY name LIMIT $limit");
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$parent", parent);
            command.Parameters.AddWithValue("$after", afterName ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var results = new List<StoredResource>();
            while (reader.Read()) results.Add(Read(reader));
            return results;
        }

        /// <summary>
        /// Deletes a resource and everything named under it ("name/..."), except rows of
        /// <paramref name="keepKind"/> when given. Returns the number of rows removed.
        /// </summary>
        public int DeleteTree(string name, string keepKind = null)
        {
            // A range on the primary key instead of LIKE, whose wildcards '_' and '%' may occur in IDs.
            // '0' is the character after '/', so [name/, name0) is exactly the descendants.
            using var command = Command(@"DELETE FROM resources
WHERE (name = $name OR (name >= $from AND name < $to)) AND ($keep IS NULL OR kind <> $keep)");
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$from", name + "/");
            command.Parameters.AddWithValue("$to", name + "0");
            command.Parameters.AddWithValue("$keep", (object)keepKind ?? DBNull.Value);
            return command.ExecuteNonQuery();
        }

        private static StoredResource Read(SqliteDataReader reader) => new StoredResource(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            (JsonObject)JsonNode.Parse(reader.GetString(3)),
            new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
            new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero));
    }
}
