using System.IO;
using System.Net;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Endpoints;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>Recorded notifications, local BigQuery tables and bulk operations survive a restart.</summary>
    public sealed class BulkPersistenceTests
    {
        [Fact]
        public async Task NotificationsTablesAndOperationsSurviveARestart()
        {
            string folder = TestEmulator.NewDataDirectory();
            try
            {
                string operationName;
                await using (var first = await TestEmulator.StartAsync(o => o.OperationDurationMs = 300, folder))
                {
                    await first.CreateDatasetAsync("ds");
                    await BulkOps.CreateStoreAsync(first, "dicom", "{\"notificationConfig\":{\"pubsubTopic\":\"projects/test-project/topics/t\"}}");
                    Assert.Equal(HttpStatusCode.OK, (await DicomWeb.StowFilesAsync(first, Samples.CT, Samples.MR)).Status);
                    var operation = await BulkOps.ExportAsync(first, BulkOps.BigQueryExport("bq://test-project.d.t"));
                    Assert.Null(operation["done"]);
                    operationName = (string)operation["name"];
                }

                await Task.Delay(350);
                await using var second = await TestEmulator.StartAsync(dataDirectory: folder);
                Assert.Equal(2, (await BulkOps.MessagesAsync(second, "projects/test-project/topics/t")).Count);
                var (table, rows) = await BulkOps.ReadTableAsync(second, "test-project", "d", "t");
                Assert.Equal("2", (string)table["numRows"]);
                Assert.Equal(2, rows.Count);
                var done = await BulkOps.GetJsonAsync(second, "v1/" + operationName);
                Assert.Equal((2, 0), BulkOps.AssertSucceeded(done, DicomBulkEndpoints.ExportMethodName));
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }
    }
}
