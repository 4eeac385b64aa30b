using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Endpoints;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>Pub/Sub notifications recorded per newly stored instance, and BigQuery streaming rows.</summary>
    public sealed class NotificationTests
    {
        private const string Topic1 = "projects/test-project/topics/dicom-new";
        private const string Topic2 = "projects/test-project/topics/dicom-audit";
        private const string StreamTable = "bq://test-project.stream.rows";

        private static string StoreBody(bool bulk = false, bool stream = false, bool includeSource = false)
        {
            var config = new JsonObject { ["pubsubTopic"] = Topic1 };
            if (bulk) config["sendForBulkImport"] = true;
            var body = new JsonObject
            {
                ["notificationConfig"] = config,
                ["notificationConfigs"] = new JsonArray(new JsonObject { ["pubsubTopic"] = Topic2 }, new JsonObject { ["pubsubTopic"] = Topic1 }),
            };
            if (stream)
            {
                var destination = new JsonObject { ["tableUri"] = StreamTable };
                if (includeSource) destination["includeSourceStore"] = true;
                body["streamConfigs"] = new JsonArray(new JsonObject { ["bigqueryDestination"] = destination });
            }
            return body.ToJsonString();
        }

        private static async Task<TestEmulator> StartAsync(string storeBody)
        {
            var emulator = await TestEmulator.StartAsync();
            await emulator.CreateDatasetAsync("ds");
            await BulkOps.CreateStoreAsync(emulator, "dicom", storeBody);
            return emulator;
        }

        private static string Name(string sample)
        {
            var (study, series, sop, _) = BulkOps.Uids(sample);
            return BulkOps.InstanceName(study, series, sop);
        }

        [Fact]
        public async Task StowRecordsOneMessagePerTopicPerNewInstance()
        {
            await using var emulator = await StartAsync(StoreBody());
            Assert.Equal(HttpStatusCode.OK, (await DicomWeb.StowFilesAsync(emulator, Samples.CT, Samples.MR)).Status);

            var all = await BulkOps.MessagesAsync(emulator);
            Assert.Equal(4, all.Count);
            foreach (string topic in new[] { Topic1, Topic2 })
            {
                var messages = await BulkOps.MessagesAsync(emulator, topic);
                Assert.Equal(new[] { Name(Samples.CT), Name(Samples.MR) }, messages.Select(BulkOps.DecodeData));
                Assert.Equal(messages.Select(m => (string)m["dataText"]), messages.Select(BulkOps.DecodeData));
                Assert.All(messages, m =>
                {
                    Assert.Equal(topic, (string)m["topic"]);
                    Assert.Equal(DicomWeb.Store, (string)m["attributes"]["storeName"]);
                    Assert.False(string.IsNullOrEmpty((string)m["messageId"]));
                    Assert.True(DateTimeOffset.TryParse((string)m["publishTime"], out _));
                });
            }

            // A duplicate (409) publishes nothing; a new instance publishes again.
            Assert.Equal(HttpStatusCode.Conflict, (await DicomWeb.StowFilesAsync(emulator, Samples.CT)).Status);
            Assert.Equal(4, (await BulkOps.MessagesAsync(emulator)).Count);
            Assert.Equal(HttpStatusCode.OK, (await DicomWeb.StowFilesAsync(emulator, Samples.Rgb)).Status);
            Assert.Equal(Name(Samples.Rgb), BulkOps.DecodeData((await BulkOps.MessagesAsync(emulator, Topic2)).Last()));

            var reset = await emulator.PostAsync("_emulator/pubsub/reset");
            reset.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(6, (int)reset.Json["deleted"]);
            Assert.Empty(await BulkOps.MessagesAsync(emulator));
        }

        [Fact]
        public async Task StoresWithoutTopicsRecordNothing()
        {
            await using var emulator = await StartAsync("{}");
            Assert.Equal(HttpStatusCode.OK, (await DicomWeb.StowFilesAsync(emulator, Samples.CT)).Status);
            Assert.Empty(await BulkOps.MessagesAsync(emulator));
        }

        [Fact]
        public async Task ImportNotifiesOnlyWithSendForBulkImport()
        {
            await using var emulator = await StartAsync(StoreBody());
            var client = await BulkOps.StartBucketAsync(emulator);
            await BulkOps.UploadSampleAsync(client, "in/ct.dcm", Samples.CT);
            await BulkOps.UploadSampleAsync(client, "in/mr.dcm", Samples.MR);
            await BulkOps.UploadSampleAsync(client, "more/rgb.dcm", Samples.Rgb);

            BulkOps.AssertSucceeded(await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/in/*"), DicomBulkEndpoints.ImportMethodName);
            Assert.Empty(await BulkOps.MessagesAsync(emulator));

            var patch = await emulator.PatchAsync($"{BulkOps.StorePath()}?updateMask=notificationConfig.sendForBulkImport",
                "{\"notificationConfig\":{\"sendForBulkImport\":true}}");
            patch.AssertStatus(HttpStatusCode.OK);
            // Already stored instances are kept and not announced again; only the new one is.
            BulkOps.AssertSucceeded(await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/**"), DicomBulkEndpoints.ImportMethodName);
            var messages = await BulkOps.MessagesAsync(emulator);
            Assert.Equal(2, messages.Count);
            Assert.All(messages, m => Assert.Equal(Name(Samples.Rgb), BulkOps.DecodeData(m)));
            Assert.Equal(new[] { Topic1, Topic2 }, messages.Select(m => (string)m["topic"]).OrderByDescending(t => t));
        }

        [Fact]
        public async Task StreamingAppendsOneRowPerNewInstance()
        {
            await using var emulator = await StartAsync(StoreBody(stream: true, includeSource: true));
            Assert.Equal(HttpStatusCode.OK, (await DicomWeb.StowFilesAsync(emulator, Samples.CT, Samples.MR)).Status);
            Assert.Equal(HttpStatusCode.Conflict, (await DicomWeb.StowFilesAsync(emulator, Samples.CT)).Status);

            var client = await BulkOps.StartBucketAsync(emulator);
            await BulkOps.UploadSampleAsync(client, "in/rgb.dcm", Samples.Rgb);
            await BulkOps.UploadSampleAsync(client, "in/ct.dcm", Samples.CT);
            BulkOps.AssertSucceeded(await BulkOps.ImportAsync(emulator, "gs://bulk-bucket/in/*"), DicomBulkEndpoints.ImportMethodName);

            var (table, rows) = await BulkOps.ReadTableAsync(emulator, "test-project", "stream", "rows");
            Assert.Equal("3", (string)table["numRows"]);
            Assert.Equal(new[] { Samples.CTSop, Samples.MRSop, Samples.RgbSop }, rows.Select(r => r["SOPInstanceUID"]));
            Assert.All(rows, r => Assert.Equal(DicomWeb.Store, r["SourceDicomStore"]));
            Assert.Equal("CT", rows[0]["Modality"]);

            // The streamed rows have the same shape as an export of the same store.
            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport("bq://test-project.stream.exported", includeSourceStore: true)),
                DicomBulkEndpoints.ExportMethodName);
            var (exportedTable, exported) = await BulkOps.ReadTableAsync(emulator, "test-project", "stream", "exported");
            Assert.Equal(table["schema"].ToJsonString(), exportedTable["schema"].ToJsonString());
            Assert.Equal(rows.Select(r => string.Join("|", r.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))),
                exported.Select(r => string.Join("|", r.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))));
        }

        [Fact]
        public async Task UnknownPubsubAdminPathsAre404()
        {
            await using var emulator = await StartAsync("{}");
            (await emulator.GetAsync("_emulator/pubsub/topics")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.GetAsync("_emulator/pubsub/reset")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.GetAsync("_emulator/health")).AssertStatus(HttpStatusCode.OK);
        }
    }
}
