using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Google.Cloud.Storage.V1;
using HealthcareTools.Emulator.Operations;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>Helpers for DICOM import/export, BigQuery and Pub/Sub tests against an in-process emulator.</summary>
    internal static class BulkOps
    {
        public const string Project = "test-project";
        public const string Bucket = "bulk-bucket";

        /// <summary>The Google.Cloud.Storage.V1 client pointed at the emulator's Cloud Storage surface.</summary>
        public static StorageClient Storage(TestEmulator emulator) => new StorageClientBuilder
        {
            BaseUri = $"{emulator.Host.BaseUri}storage/v1/",
            UnauthenticatedAccess = true,
        }.Build();

        public static async Task<StorageClient> StartBucketAsync(TestEmulator emulator, string bucket = Bucket)
        {
            var client = Storage(emulator);
            await client.CreateBucketAsync(Project, bucket);
            return client;
        }

        public static Task UploadSampleAsync(StorageClient client, string objectName, string sample, string bucket = Bucket) =>
            UploadAsync(client, objectName, Samples.Bytes(sample), bucket);

        public static async Task UploadAsync(StorageClient client, string objectName, byte[] bytes, string bucket = Bucket)
        {
            using var stream = new MemoryStream(bytes);
            await client.UploadObjectAsync(bucket, objectName, "application/dicom", stream);
        }

        public static async Task<byte[]> DownloadAsync(StorageClient client, string objectName, string bucket = Bucket)
        {
            using var buffer = new MemoryStream();
            await client.DownloadObjectAsync(bucket, objectName, buffer);
            return buffer.ToArray();
        }

        public static string StorePath(string storeId = "dicom") => $"v1/{TestEmulator.DatasetName("ds")}/dicomStores/{storeId}";

        public static async Task CreateStoreAsync(TestEmulator emulator, string storeId, string body = "{}")
        {
            (await emulator.PostAsync($"v1/{TestEmulator.DatasetName("ds")}/dicomStores?dicomStoreId={storeId}", body)).AssertStatus(HttpStatusCode.OK);
        }

        public static async Task<JsonObject> ImportAsync(TestEmulator emulator, string uri, string storeId = "dicom")
        {
            var reply = await emulator.PostAsync($"{StorePath(storeId)}:import", new JsonObject { ["gcsSource"] = new JsonObject { ["uri"] = uri } }.ToJsonString());
            reply.AssertStatus(HttpStatusCode.OK);
            return reply.Json;
        }

        public static async Task<JsonObject> ExportAsync(TestEmulator emulator, JsonObject body, string storeId = "dicom")
        {
            var reply = await emulator.PostAsync($"{StorePath(storeId)}:export", body.ToJsonString());
            reply.AssertStatus(HttpStatusCode.OK);
            return reply.Json;
        }

        public static JsonObject GcsExport(string uriPrefix, string mimeType = null)
        {
            var destination = new JsonObject { ["uriPrefix"] = uriPrefix };
            if (mimeType != null) destination["mimeType"] = mimeType;
            return new JsonObject { ["gcsDestination"] = destination };
        }

        public static JsonObject BigQueryExport(string tableUri, string writeDisposition = null, bool? force = null, bool includeSourceStore = false)
        {
            var destination = new JsonObject { ["tableUri"] = tableUri };
            if (writeDisposition != null) destination["writeDisposition"] = writeDisposition;
            if (force != null) destination["force"] = force.Value;
            if (includeSourceStore) destination["includeSourceStore"] = true;
            return new JsonObject { ["bigqueryDestination"] = destination };
        }

        /// <summary>A finished operation's counter value (0 when omitted, as proto3 JSON does).</summary>
        public static long Counter(JsonObject operation, string name)
        {
            string value = (string)operation["metadata"]?["counter"]?[name];
            return value == null ? 0 : long.Parse(value);
        }

        /// <summary>Asserts a successful finished operation and returns (success, failure).</summary>
        public static (long Success, long Failure) AssertSucceeded(JsonObject operation, string apiMethodName)
        {
            Assert.True((bool?)operation["done"] == true, operation.ToJsonString());
            Assert.Null(operation["error"]);
            Assert.NotNull(operation["response"]);
            Assert.Equal(apiMethodName, (string)operation["metadata"]["apiMethodName"]);
            Assert.Equal(OperationService.MetadataType, (string)operation["metadata"]["@type"]);
            Assert.Null(operation["metadata"]["counter"]?["pending"]);
            return (Counter(operation, "success"), Counter(operation, "failure"));
        }

        public static int AssertFailed(JsonObject operation)
        {
            Assert.True((bool?)operation["done"] == true, operation.ToJsonString());
            Assert.Null(operation["response"]);
            Assert.False(string.IsNullOrEmpty((string)operation["error"]?["message"]));
            return (int)operation["error"]["code"];
        }

        public static async Task<JsonObject> GetJsonAsync(TestEmulator emulator, string path)
        {
            var reply = await emulator.GetAsync(path);
            reply.AssertStatus(HttpStatusCode.OK);
            return reply.Json;
        }

        public static async Task<JsonArray> MessagesAsync(TestEmulator emulator, string topic = null)
        {
            var reply = await emulator.GetAsync("_emulator/pubsub/messages" + (topic == null ? string.Empty : "?topic=" + Uri.EscapeDataString(topic)));
            reply.AssertStatus(HttpStatusCode.OK);
            return JsonNode.Parse(reply.Text).AsArray();
        }

        public static string InstanceName(string study, string series, string sop, string storeId = "dicom") =>
            $"{TestEmulator.DatasetName("ds")}/dicomStores/{storeId}/dicomWeb/studies/{study}/series/{series}/instances/{sop}";

        /// <summary>(Study, Series, SOP) UIDs and transfer syntax of a sample, read with our DICOM reader.</summary>
        public static (string Study, string Series, string Sop, string Syntax) Uids(string sample) => UidsOf(Samples.Bytes(sample));

        public static (string Study, string Series, string Sop, string Syntax) UidsOf(byte[] bytes)
        {
            var file = HealthcareTools.Client.Dicom.DicomFile.Open(new MemoryStream(bytes), new HealthcareTools.Client.Dicom.DicomReadOptions { StopBeforePixelData = true });
            string Get(string keyword) => file.Dataset[keyword]?.GetString()?.Trim('\0', ' ');
            return (Get("StudyInstanceUID"), Get("SeriesInstanceUID"), Get("SOPInstanceUID"), file.TransferSyntaxUID?.Trim('\0', ' '));
        }

        public static string ObjectName(string prefix, string sample)
        {
            var (study, series, sop, _) = Uids(sample);
            return $"{prefix}{study}/{series}/{sop}.dcm";
        }

        public static string DecodeData(JsonNode message) => Encoding.UTF8.GetString(Convert.FromBase64String((string)message["data"]));

        /// <summary>tabledata.list rows as column → value using the table's schema.</summary>
        public static async Task<(JsonObject Table, System.Collections.Generic.List<System.Collections.Generic.Dictionary<string, string>> Rows)> ReadTableAsync(
            TestEmulator emulator, string project, string dataset, string table)
        {
            var meta = await GetJsonAsync(emulator, $"bigquery/v2/projects/{project}/datasets/{dataset}/tables/{table}");
            var fields = meta["schema"]["fields"].AsArray().Select(f => (string)f["name"]).ToList();
            var data = await GetJsonAsync(emulator, $"bigquery/v2/projects/{project}/datasets/{dataset}/tables/{table}/data");
            var rows = new System.Collections.Generic.List<System.Collections.Generic.Dictionary<string, string>>();
            foreach (var row in data["rows"]?.AsArray() ?? new JsonArray())
            {
                var cells = row["f"].AsArray();
                Assert.Equal(fields.Count, cells.Count);
                var dict = new System.Collections.Generic.Dictionary<string, string>();
                for (int i = 0; i < fields.Count; i++) dict[fields[i]] = (string)cells[i]["v"];
                rows.Add(dict);
            }
            Assert.Equal((string)meta["numRows"], (string)data["totalRows"]);
            return (meta, rows);
        }
    }
}
