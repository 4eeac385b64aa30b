using System;

namespace HealthcareTools.Client.Auth
{
    /// <summary>The base URL requests go to ("https://healthcare.googleapis.com/"; paths add "v1/...").</summary>
    public sealed class ApiEndpoint
    {
        public const string GoogleBaseUri = "https://healthcare.googleapis.com/";
        public const string EmulatorHostVariable = "HEALTHCARE_EMULATOR_HOST";
        public const string GcloudOverrideVariable = "CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE";

        private ApiEndpoint() => throw new NotImplementedException();

        /// <summary>Always ends with '/', never with "v1/".</summary>
        public Uri BaseUri { get; }
        /// <summary>True for plain-http (loopback-only) endpoints: no credentials are looked up or sent.</summary>
        public bool IsPlainHttp { get; }
        /// <summary>Where the value came from, for debug output: "Set-HcDefault -Endpoint", "$env:HEALTHCARE_EMULATOR_HOST", ...</summary>
        public string Source { get; }

        /// <summary>Builds an endpoint from a URL (or, for the emulator variable, "host:port"). Throws ArgumentException for
        /// a malformed value or for plain http to a non-loopback host. A trailing "v1/" is removed.</summary>
        public static ApiEndpoint FromValue(string value, string source) => throw new NotImplementedException();

        /// <summary>Order: explicit value (if any) → HEALTHCARE_EMULATOR_HOST → CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE
        /// → Google. <paramref name="getEnvironment"/> reads a variable (null when unset).</summary>
        public static ApiEndpoint Resolve(string explicitValue, string explicitSource, Func<string, string> getEnvironment) => throw new NotImplementedException();

        public override string ToString() => BaseUri.ToString();
    }
}
