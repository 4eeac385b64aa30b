using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class OperationsTests
    {
        [Fact]
        public async Task OperationStaysPendingForItsDurationThenCompletes()
        {
            await using var emulator = await TestEmulator.StartAsync(o => o.OperationDurationMs = 600);
            var started = Stopwatch.StartNew();
            var operation = await emulator.CreateDatasetAsync("slow");
            string name = (string)operation["name"];

            Assert.Null(operation["done"]);
            Assert.Null(operation["response"]);
            Assert.Equal("1", (string)operation["metadata"]["counter"]["pending"]);
            Assert.Null(operation["metadata"]["counter"]["success"]);
            Assert.Null(operation["metadata"]["endTime"]);

            // The dataset is visible and its ID reserved while the operation runs.
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("slow")}")).AssertStatus(HttpStatusCode.OK);
            (await emulator.PostAsync($"v1/{TestEmulator.Location}/datasets?datasetId=slow")).AssertError(HttpStatusCode.Conflict, "ALREADY_EXISTS");

            JsonObject polled;
            do
            {
                await Task.Delay(50);
                polled = (await emulator.GetAsync($"v1/{name}")).Json;
            } while (polled["done"] == null && started.Elapsed < TimeSpan.FromSeconds(5));

            Assert.True(started.ElapsedMilliseconds >= 550, $"completed after {started.ElapsedMilliseconds} ms");
            Assert.True((bool)polled["done"]);
            Assert.Equal("1", (string)polled["metadata"]["counter"]["success"]);
            Assert.Null(polled["metadata"]["counter"]["pending"]);
            Assert.NotNull(polled["metadata"]["endTime"]);
            Assert.Equal("type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset", (string)polled["response"]["@type"]);
        }

        [Fact]
        public async Task DurationCanBeChangedAtRunTime()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var set = await emulator.PutAsync("_emulator/operations", "{\"durationMs\":60000}");
            set.AssertStatus(HttpStatusCode.OK);
            Assert.Equal(60000, (int)set.Json["durationMs"]);
            Assert.Equal(60000, (int)(await emulator.GetAsync("_emulator/operations")).Json["durationMs"]);

            var pending = await emulator.CreateDatasetAsync("later");
            Assert.Null(pending["done"]);

            await emulator.PutAsync("_emulator/operations", "{\"durationMs\":0}");
            var immediate = await emulator.CreateDatasetAsync("now");
            Assert.True((bool)immediate["done"]);
            // The duration is fixed when an operation starts.
            Assert.Null((await emulator.GetAsync($"v1/{pending["name"]}")).Json["done"]);

            (await emulator.PutAsync("_emulator/operations", "{\"durationMs\":-1}")).AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        [Fact]
        public async Task CancelBeforeCompletionFailsTheOperationAndRemovesTheDataset()
        {
            await using var emulator = await TestEmulator.StartAsync(o => o.OperationDurationMs = 60_000);
            var operation = await emulator.CreateDatasetAsync("cancelled");
            string name = (string)operation["name"];

            var cancel = await emulator.PostAsync($"v1/{name}:cancel", "{}");
            cancel.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{}", cancel.Text);

            var after = (await emulator.GetAsync($"v1/{name}")).Json;
            Assert.True((bool)after["done"]);
            Assert.Equal(1, (int)after["error"]["code"]);
            Assert.Equal("Operation was cancelled.", (string)after["error"]["message"]);
            Assert.True((bool)after["metadata"]["cancelRequested"]);
            Assert.NotNull(after["metadata"]["endTime"]);
            Assert.Null(after["response"]);
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("cancelled")}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");

            // Cancelling again changes nothing, and the ID can be used again.
            (await emulator.PostAsync($"v1/{name}:cancel", "{}")).AssertStatus(HttpStatusCode.OK);
            await emulator.PutAsync("_emulator/operations", "{\"durationMs\":0}");
            Assert.True((bool)(await emulator.CreateDatasetAsync("cancelled"))["done"]);
        }

        [Fact]
        public async Task CancelAfterCompletionIsANoOp()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var operation = await emulator.CreateDatasetAsync("finished");
            string name = (string)operation["name"];
            var before = (await emulator.GetAsync($"v1/{name}")).Text;

            var cancel = await emulator.PostAsync($"v1/{name}:cancel", "{}");
            cancel.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("{}", cancel.Text);
            Assert.Equal(before, (await emulator.GetAsync($"v1/{name}")).Text);
            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("finished")}")).AssertStatus(HttpStatusCode.OK);
        }

        [Fact]
        public async Task ListPagesOperationsOfADataset()
        {
            await using var emulator = await TestEmulator.StartAsync();
            var created = await emulator.CreateDatasetAsync("ops");
            string dataset = $"v1/{TestEmulator.DatasetName("ops")}";

            var list = await emulator.GetAsync($"{dataset}/operations?filter=done%3Dtrue&pageSize=1");
            list.AssertStatus(HttpStatusCode.OK);
            var operations = list.Json["operations"].AsArray();
            Assert.Equal((string)created["name"], (string)Assert.Single(operations)["name"]);
            Assert.Null(list.Json["nextPageToken"]);

            (await emulator.GetAsync($"v1/{TestEmulator.DatasetName("none")}/operations")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.GetAsync($"{dataset}/operations/123")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
            (await emulator.PostAsync($"{dataset}/operations/123:cancel", "{}")).AssertError(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        [Fact]
        public async Task CountersProgressLinearly()
        {
            // One item only moves from pending to success at the end; check the timestamps instead.
            await using var emulator = await TestEmulator.StartAsync(o => o.OperationDurationMs = 300);
            var operation = await emulator.CreateDatasetAsync("timed");
            await Task.Delay(400);
            var done = (await emulator.GetAsync($"v1/{operation["name"]}")).Json;
            var create = DateTimeOffset.Parse((string)done["metadata"]["createTime"]);
            var end = DateTimeOffset.Parse((string)done["metadata"]["endTime"]);
            Assert.Equal(300, (end - create).TotalMilliseconds, 1.0);
            Assert.EndsWith("Z", (string)done["metadata"]["endTime"]);
        }
    }
}
