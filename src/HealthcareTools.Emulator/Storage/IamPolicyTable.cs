using System.Text.Json.Nodes;
using HealthcareTools.Emulator.Http;
using Microsoft.Data.Sqlite;

namespace HealthcareTools.Emulator.Storage
{
    /// <summary>IAM policies keyed by resource name; a resource without a row has the default empty policy.</summary>
    public sealed class IamPolicyTable : SqliteTable
    {
        public IamPolicyTable(SqliteConnection connection, SqliteTransaction transaction) : base(connection, transaction)
        {
        }

        /// <summary>The stored policy JSON (without etag) and its etag, or null when never set.</summary>
        public (JsonObject Policy, string Etag)? Get(string resource)
        {
            using var command = Command("SELECT body, etag FROM iam_policies WHERE resource = $resource");
            command.Parameters.AddWithValue("$resource", resource);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            return ((JsonObject)JsonNode.Parse(reader.GetString(0)), reader.GetString(1));
        }

        public void Put(string resource, JsonObject policy, string etag)
        {
            using var command = Command(@"INSERT INTO iam_policies (resource, etag, body) VALUES ($resource, $etag, $body)
ON CONFLICT (resource) DO UPDATE SET etag = excluded.etag, body = excluded.body");
            command.Parameters.AddWithValue("$resource", resource);
            command.Parameters.AddWithValue("$etag", etag);
            command.Parameters.AddWithValue("$body", ProtoJson.Serialize(policy));
            command.ExecuteNonQuery();
        }

        /// <summary>Removes the policies of a resource and of everything named under it.</summary>
        public int DeleteTree(string resource)
        {
            using var command = Command("DELETE FROM iam_policies WHERE resource = $name OR (resource >= $from AND resource < $to)");
            command.Parameters.AddWithValue("$name", resource);
            command.Parameters.AddWithValue("$from", resource + "/");
            command.Parameters.AddWithValue("$to", resource + "0");
            return command.ExecuteNonQuery();
        }
    }
}
