using System.IO;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class PersistenceTests
    {
        [Fact]
        public async Task StateSurvivesARestartOnTheSameFolder()
        {
            string folder = TestEmulator.NewDataDirectory();
            try
            {
                string operationName;
                string etag;
                await using (var first = await TestEmulator.StartAsync(o => o.OperationDurationMs = 400, folder))
                {
                    operationName = (string)(await first.CreateDatasetAsync("kept", "{\"timeZone\":\"Europe/London\"}"))["name"];
                    var set = await first.PostAsync($"v1/{TestEmulator.DatasetName("kept")}:setIamPolicy",
                        "{\"policy\":{\"bindings\":[{\"role\":\"roles/healthcare.datasetViewer\",\"members\":[\"user:a@example.com\"]}]}}");
                    etag = (string)set.Json["etag"];
                }

                await Task.Delay(450);
                await using var second = await TestEmulator.StartAsync(dataDirectory: folder);
                Assert.Equal(Path.GetFullPath(folder), second.DataDirectory);
                var dataset = await second.GetAsync($"v1/{TestEmulator.DatasetName("kept")}");
                dataset.AssertStatus(HttpStatusCode.OK);
                Assert.Equal("Europe/London", (string)dataset.Json["timeZone"]);
                Assert.Equal(etag, (string)(await second.GetAsync($"v1/{TestEmulator.DatasetName("kept")}:getIamPolicy")).Json["etag"]);

                // The operation finished while the emulator was down: state is computed from timestamps.
                var operation = await second.GetAsync($"v1/{operationName}");
                Assert.True((bool)operation.Json["done"]);
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }
    }
}
