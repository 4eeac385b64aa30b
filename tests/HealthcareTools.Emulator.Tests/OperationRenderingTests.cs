using System;
using System.Text.Json.Nodes;
using HealthcareTools.Emulator.Operations;
using HealthcareTools.Emulator.Storage;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    public sealed class OperationRenderingTests
    {
        private static readonly DateTimeOffset Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        private static StoredResource Operation(long totalItems, long durationMs, DateTimeOffset? cancelTime = null)
        {
            var state = new OperationState { ApiMethodName = "m", TotalItems = totalItems, DurationMs = durationMs, CancelTime = cancelTime,
                Response = new JsonObject { ["@type"] = "t" } };
            return new StoredResource("projects/p/locations/l/datasets/d/operations/1", "operation", "projects/p/locations/l/datasets/d", state.ToJson(), Created, Created);
        }

        [Theory]
        [InlineData(0, null, "10")]
        [InlineData(250, "2", "8")]
        [InlineData(300, "3", "7")]
        [InlineData(500, "5", "5")]
        [InlineData(999, "9", "1")]
        public void CounterProgressesLinearlyWhileRunning(int elapsedMs, string success, string pending)
        {
            var json = OperationService.Render(Operation(10, 1000), Created.AddMilliseconds(elapsedMs));
            Assert.Null(json["done"]);
            Assert.Equal(success, (string)json["metadata"]["counter"]["success"]);
            Assert.Equal(pending, (string)json["metadata"]["counter"]["pending"]);
        }

        [Fact]
        public void DoneAtDurationWithAllItemsSucceeded()
        {
            var json = OperationService.Render(Operation(10, 1000), Created.AddMilliseconds(1000));
            Assert.True((bool)json["done"]);
            Assert.Equal("10", (string)json["metadata"]["counter"]["success"]);
            Assert.Equal("2026-01-02T03:04:05Z", (string)json["metadata"]["createTime"]);
            Assert.Equal("2026-01-02T03:04:06Z", (string)json["metadata"]["endTime"]);
            Assert.Equal("t", (string)json["response"]["@type"]);
        }

        [Fact]
        public void CancelledKeepsProgressAtCancelTime()
        {
            var json = OperationService.Render(Operation(10, 1000, Created.AddMilliseconds(400)), Created.AddHours(1));
            Assert.True((bool)json["done"]);
            Assert.True((bool)json["metadata"]["cancelRequested"]);
            Assert.Equal("4", (string)json["metadata"]["counter"]["success"]);
            Assert.Equal("2026-01-02T03:04:05.400Z", (string)json["metadata"]["endTime"]);
            Assert.Equal(1, (int)json["error"]["code"]);
            Assert.Null(json["response"]);
        }
    }
}
