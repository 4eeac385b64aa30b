using System.Collections.Generic;
using HealthcareTools.Client.Http;
using HealthcareTools.Client.Models;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class ErrorParsingTests
    {
        [Fact]
        public void ParsesTheGoogleEnvelope()
        {
            const string body = "{\"error\":{\"code\":404,\"message\":\"dataset not found\",\"status\":\"NOT_FOUND\"," +
                "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"X\"}]}}";
            var error = ApiErrorParser.Parse(404, "Not Found", body, "projects/p/locations/l/datasets/d");
            Assert.Equal(404, error.HttpStatus);
            Assert.Equal("NOT_FOUND", error.Status);
            Assert.Equal("dataset not found", error.ApiMessage);
            Assert.Equal("projects/p/locations/l/datasets/d", error.ResourceName);
            Assert.Single(error.DetailsJson);
            Assert.Equal("{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"X\"}", error.DetailsJson[0]);
            Assert.Contains("NOT_FOUND (HTTP 404)", error.Message);
            Assert.Contains("projects/p/locations/l/datasets/d", error.Message);
        }

        [Fact]
        public void ParsesAnEnvelopeWrappedInAnArray()
        {
            var error = ApiErrorParser.Parse(400, "Bad Request", "[{\"error\":{\"code\":400,\"message\":\"bad\",\"status\":\"INVALID_ARGUMENT\"}}]", null);
            Assert.Equal("INVALID_ARGUMENT", error.Status);
            Assert.Equal("bad", error.ApiMessage);
        }

        [Fact]
        public void EnvelopeWithoutStatusGetsOneFromTheHttpCode()
        {
            var error = ApiErrorParser.Parse(403, "Forbidden", "{\"error\":{\"code\":403,\"message\":\"no\"}}", null);
            Assert.Equal("PERMISSION_DENIED", error.Status);
        }

        [Fact]
        public void NonJsonBodyGivesStatusTextAndCleanExcerpt()
        {
            var body = "<html>\u001b[31mBad gateway\r\n" + new string('x', 300) + "</html>";
            var error = ApiErrorParser.Parse(502, "Bad Gateway", body, null);
            Assert.Equal(502, error.HttpStatus);
            Assert.StartsWith("Bad Gateway: <html>", error.ApiMessage);
            Assert.DoesNotContain(error.ApiMessage, character => char.IsControl(character));
            Assert.True(error.ApiMessage.Length <= "Bad Gateway: ".Length + 200 + 3);
            Assert.Empty(error.DetailsJson);
        }

        [Fact]
        public void EmptyBodyGivesStatusText()
        {
            var error = ApiErrorParser.Parse(503, "Service Unavailable", "", null);
            Assert.Equal("Service Unavailable", error.ApiMessage);
            Assert.Equal("UNAVAILABLE", error.Status);
        }

        [Theory]
        [InlineData(1, 499, "CANCELLED")]
        [InlineData(3, 400, "INVALID_ARGUMENT")]
        [InlineData(4, 504, "DEADLINE_EXCEEDED")]
        [InlineData(5, 404, "NOT_FOUND")]
        [InlineData(6, 409, "ALREADY_EXISTS")]
        [InlineData(7, 403, "PERMISSION_DENIED")]
        [InlineData(8, 429, "RESOURCE_EXHAUSTED")]
        [InlineData(9, 400, "FAILED_PRECONDITION")]
        [InlineData(10, 409, "ABORTED")]
        [InlineData(12, 501, "UNIMPLEMENTED")]
        [InlineData(13, 500, "INTERNAL")]
        [InlineData(14, 503, "UNAVAILABLE")]
        [InlineData(15, 500, "DATA_LOSS")]
        [InlineData(16, 401, "UNAUTHENTICATED")]
        public void GrpcCodesMapToHttp(int grpc, int http, string name)
        {
            Assert.Equal(http, OperationResults.HttpStatusFromGrpc(grpc));
            Assert.Equal(name, OperationResults.GrpcCodeName(grpc));
        }

        [Fact]
        public void ThrowIfFailedUsesTheMappedCode()
        {
            var operation = new Operation
            {
                Name = "projects/p/locations/l/datasets/d/operations/1",
                Done = true,
                Error = new RpcStatus { Code = 5, Message = "store gone", DetailsJson = new List<string> { "{}" } },
            };
            var error = Assert.Throws<HealthcareApiException>(() => OperationResults.ThrowIfFailed(operation));
            Assert.Equal(404, error.HttpStatus);
            Assert.Equal("NOT_FOUND", error.Status);
            Assert.Equal("store gone", error.ApiMessage);
            Assert.Equal(operation.Name, error.ResourceName);
            OperationResults.ThrowIfFailed(new Operation { Done = true, ResponseJson = "{}" });
        }
    }
}
