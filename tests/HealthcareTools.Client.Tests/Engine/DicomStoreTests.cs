using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;
using Newtonsoft.Json.Linq;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class DicomStoreTests
    {
        private static readonly DatasetName Dataset = new DatasetName("my-project", "us-central1", "ds1");
        private static readonly StoreName Store = new StoreName(Dataset, StoreKind.Dicom, "st1");
        private const string StoreJson = "{\"name\":\"projects/my-project/locations/us-central1/datasets/ds1/dicomStores/st1\",\"labels\":{\"env\":\"test\"}," +
            "\"notificationConfig\":{\"pubsubTopic\":\"projects/my-project/topics/t\",\"sendForBulkImport\":true}," +
            "\"streamConfigs\":[{\"bigqueryDestination\":{\"tableUri\":\"bq://my-project.d.t\",\"force\":true}}]," +
            "\"notificationConfigs\":[{\"pubsubTopic\":\"projects/my-project/topics/u\"}]}";

        [Fact]
        public async Task Create_sends_the_id_and_writable_fields_and_returns_the_store()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json(StoreJson));
                var store = await test.Client.CreateDicomStoreAsync(Dataset, "st1", new DicomStore
                {
                    Name = "ignored",
                    Labels = { ["env"] = "test" },
                    NotificationConfig = new DicomNotificationConfig { PubsubTopic = "projects/my-project/topics/t", SendForBulkImport = true },
                    StreamConfigs = { new DicomStreamConfig { BigQueryTableUri = "bq://my-project.d.t" } },
                }, CancellationToken.None);

                var request = Assert.Single(server.Requests);
                Assert.Equal("POST", request.Method);
                Assert.Equal("/v1/projects/my-project/locations/us-central1/datasets/ds1/dicomStores?dicomStoreId=st1", request.PathAndQuery);
                var body = JObject.Parse(request.Body);
                Assert.Null(body["name"]);
                Assert.Equal("test", (string)body["labels"]["env"]);
                Assert.Equal("projects/my-project/topics/t", (string)body["notificationConfig"]["pubsubTopic"]);
                Assert.True((bool)body["notificationConfig"]["sendForBulkImport"]);
                Assert.Equal("bq://my-project.d.t", (string)body["streamConfigs"][0]["bigqueryDestination"]["tableUri"]);

                Assert.Equal(Store.ToString(), store.Name);
                Assert.Equal("test", store.Labels["env"]);
                Assert.True(store.NotificationConfig.SendForBulkImport);
                Assert.Equal("bq://my-project.d.t", store.StreamConfigs.Single().BigQueryTableUri);
            }
        }

        [Fact]
        public async Task Unknown_fields_round_trip_through_get_and_patch()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(Reply.Json(StoreJson), Reply.Json(StoreJson));
                var store = await test.Client.GetDicomStoreAsync(Store, CancellationToken.None);
                Assert.Contains("notificationConfigs", store.OtherFieldsJson);
                store.Labels["env"] = "prod";
                await test.Client.PatchDicomStoreAsync(Store, store, " labels , notificationConfig.pubsubTopic ", CancellationToken.None);

                var patch = server.Requests.Last();
                Assert.Equal("PATCH", patch.Method);
                Assert.Equal("/v1/projects/my-project/locations/us-central1/datasets/ds1/dicomStores/st1?updateMask=labels%2CnotificationConfig.pubsubTopic", patch.PathAndQuery);
                var body = JObject.Parse(patch.Body);
                Assert.Equal("prod", (string)body["labels"]["env"]);
                Assert.Equal("projects/my-project/topics/u", (string)body["notificationConfigs"][0]["pubsubTopic"]);
                Assert.True((bool)body["streamConfigs"][0]["bigqueryDestination"]["force"]);
            }
        }

        [Fact]
        public async Task Patch_requires_a_mask_and_names_must_be_DICOM_stores()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                await Assert.ThrowsAsync<ArgumentException>(() => test.Client.PatchDicomStoreAsync(Store, new DicomStore(), " ", CancellationToken.None));
                var fhir = new StoreName(Dataset, StoreKind.Fhir, "f");
                await Assert.ThrowsAsync<ArgumentException>(() => test.Client.GetDicomStoreAsync(fhir, CancellationToken.None));
                Assert.Throws<ArgumentException>(() => test.Client.GetDicomWebClient(fhir));
                Assert.Empty(server.Requests);
            }
        }

        [Fact]
        public async Task List_pages_with_filter_and_delete_and_not_found()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                server.Script(
                    Reply.Json("{\"dicomStores\":[" + StoreJson + "],\"nextPageToken\":\"t2\"}"),
                    Reply.Json("{\"dicomStores\":[{\"name\":\"projects/my-project/locations/us-central1/datasets/ds1/dicomStores/st2\"}]}"),
                    Reply.Json("{}"),
                    Reply.Error(404, "NOT_FOUND", "DICOM store not found"));
                var all = Pager.Enumerate<DicomStore>((token, ct) => test.Client.ListDicomStoresAsync(Dataset, "labels.env=test", 1, token, ct), CancellationToken.None).ToList();
                Assert.Equal(2, all.Count);
                Assert.Equal("/v1/projects/my-project/locations/us-central1/datasets/ds1/dicomStores?filter=labels.env%3Dtest&pageSize=1", server.Requests[0].PathAndQuery);
                Assert.EndsWith("&pageToken=t2", server.Requests[1].PathAndQuery);

                await test.Client.DeleteDicomStoreAsync(Store, CancellationToken.None);
                Assert.Equal("DELETE", server.Requests[2].Method);
                var missing = await Assert.ThrowsAsync<HealthcareApiException>(() => test.Client.GetDicomStoreAsync(Store, CancellationToken.None));
                Assert.Equal(404, missing.HttpStatus);
                Assert.Equal("NOT_FOUND", missing.Status);
            }
        }

        [Fact]
        public async Task A_retried_create_that_meets_409_reads_the_store_back()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            {
                var posts = 0;
                server.Handler = request => request.Method == "GET"
                    ? Reply.Json(StoreJson)
                    : Interlocked.Increment(ref posts) == 1 ? Reply.Dropped() : Reply.Error(409, "ALREADY_EXISTS", "already exists");
                var store = await test.Client.CreateDicomStoreAsync(Dataset, "st1", new DicomStore(), CancellationToken.None);
                Assert.Equal(Store.ToString(), store.Name);

                // Without an earlier lost attempt, 409 is an error naming the new store.
                server.Handler = request => Reply.Error(409, "ALREADY_EXISTS", "already exists");
                var error = await Assert.ThrowsAsync<HealthcareApiException>(() => test.Client.CreateDicomStoreAsync(Dataset, "st1", null, CancellationToken.None));
                Assert.Equal(409, error.HttpStatus);
                Assert.Equal(Store.ToString(), error.ResourceName);
            }
        }

        [Fact]
        public void The_DICOMweb_client_of_a_store_uses_the_store_path()
        {
            using (var server = new FakeApiServer())
            using (var test = new TestClient(server))
            using (var web = test.Client.GetDicomWebClient(new StoreName(Dataset, StoreKind.Dicom, "a b#c")))
            {
                Assert.True(web.IsGoogle);
                Assert.Equal(server.BaseUri + "v1/projects/my-project/locations/us-central1/datasets/ds1/dicomStores/a%20b%23c/dicomWeb/", web.BaseUri.AbsoluteUri);
            }
        }
    }
}
