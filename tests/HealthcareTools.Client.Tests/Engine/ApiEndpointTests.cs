using System;
using HealthcareTools.Client.Auth;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public class ApiEndpointTests
    {
        private static readonly Func<string, string> NoEnvironment = _ => null;

        [Fact]
        public void DefaultsToGoogle()
        {
            var endpoint = ApiEndpoint.Resolve(null, null, NoEnvironment);
            Assert.Equal(new Uri(ApiEndpoint.GoogleBaseUri), endpoint.BaseUri);
            Assert.False(endpoint.IsPlainHttp);
        }

        [Fact]
        public void ExplicitValueWinsOverEnvironment()
        {
            var env = TestClient.Environment((ApiEndpoint.EmulatorHostVariable, "127.0.0.1:9000"));
            var endpoint = ApiEndpoint.Resolve("https://private.example.com", "Set-HcDefault -Endpoint", env);
            Assert.Equal("https://private.example.com/", endpoint.BaseUri.ToString());
            Assert.Equal("Set-HcDefault -Endpoint", endpoint.Source);
        }

        [Fact]
        public void EmulatorHostIsPlainHttpHostPort()
        {
            var env = TestClient.Environment(
                (ApiEndpoint.EmulatorHostVariable, "127.0.0.1:8123"),
                (ApiEndpoint.GcloudOverrideVariable, "https://other.example.com/"));
            var endpoint = ApiEndpoint.Resolve(null, null, env);
            Assert.Equal("http://127.0.0.1:8123/", endpoint.BaseUri.ToString());
            Assert.True(endpoint.IsPlainHttp);
            Assert.Contains(ApiEndpoint.EmulatorHostVariable, endpoint.Source);
        }

        [Theory]
        [InlineData("http://localhost:8080/v1/", "http://localhost:8080/")]
        [InlineData("http://localhost:8080", "http://localhost:8080/")]
        [InlineData("https://proxy.example.com/healthcare/v1", "https://proxy.example.com/healthcare/")]
        [InlineData("https://proxy.example.com/healthcare/", "https://proxy.example.com/healthcare/")]
        public void GcloudOverrideIsNormalized(string value, string expected)
        {
            var env = TestClient.Environment((ApiEndpoint.GcloudOverrideVariable, value));
            Assert.Equal(expected, ApiEndpoint.Resolve(null, null, env).BaseUri.ToString());
        }

        [Theory]
        [InlineData("http://localhost:1/")]
        [InlineData("http://LOCALHOST:1/")]
        [InlineData("http://127.0.0.1:1/")]
        [InlineData("http://127.45.6.7:1/")]
        [InlineData("http://[::1]:1/")]
        [InlineData("127.0.0.1:8080")]
        public void PlainHttpIsAllowedForLoopback(string value) =>
            Assert.True(ApiEndpoint.FromValue(value, "test").IsPlainHttp);

        [Theory]
        [InlineData("http://example.com/")]
        [InlineData("http://10.0.0.1:8080/")]
        [InlineData("http://128.0.0.1/")]
        [InlineData("http://localhost.example.com/")]
        [InlineData("emulator.internal:8080")]
        public void PlainHttpIsRefusedForOtherHosts(string value)
        {
            var error = Assert.Throws<ArgumentException>(() => ApiEndpoint.FromValue(value, "test"));
            Assert.Contains("loopback", error.Message);
        }

        [Theory]
        [InlineData("ftp://example.com/")]
        [InlineData("https://example.com/?key=1")]
        [InlineData("not a url")]
        [InlineData("")]
        public void MalformedValuesAreRefused(string value) =>
            Assert.Throws<ArgumentException>(() => ApiEndpoint.FromValue(value, "test"));
    }
}
