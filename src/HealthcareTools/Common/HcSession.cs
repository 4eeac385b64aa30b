using System;
using System.Collections.Generic;
using HealthcareTools.Client;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.DicomWeb;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Session defaults set by Set-HcDefault and the cached API client. One per process: PowerShell
    /// loads a binary module once per process, and scheduled tasks run one runspace each.
    /// </summary>
    internal static class HcSession
    {
        private static readonly object Gate = new object();
        private static HealthcareClient client;
        private static string clientKey;
        private static readonly Dictionary<string, DicomWebClient> DicomWebClients = new Dictionary<string, DicomWebClient>();

        public static string Project { get; set; }
        public static string Location { get; set; }
        public static string Dataset { get; set; }
        public static string Endpoint { get; set; }
        /// <summary>Attempts per request including the first (null = the engine's default).</summary>
        public static int? RetryAttempts { get; set; }
        /// <summary>First back-off delay (null = the engine's default); doubles per retry with jitter.</summary>
        public static TimeSpan? RetryInitialDelay { get; set; }
        /// <summary>Null = decide from the endpoint (none for plain http, else Application Default Credentials).</summary>
        public static HealthcareCredential Credential { get; set; }

        /// <summary>Returns the client for the current endpoint and credential, creating it when they changed.</summary>
        public static HealthcareClient GetClient(Action<string> debug)
        {
            var endpoint = ResolveEndpoint();
            var credential = Credential ?? (endpoint.IsPlainHttp ? HealthcareCredential.None() : HealthcareCredential.ApplicationDefault());
            var key = string.Join("|", endpoint.BaseUri, Credential == null ? "auto" : Credential.GetHashCode().ToString(), RetryAttempts, RetryInitialDelay);
            lock (Gate)
            {
                if (client == null || clientKey != key)
                {
                    client?.Dispose();
                    debug($"Endpoint {endpoint.BaseUri} (from {endpoint.Source}).");
                    debug($"Credentials: {credential.Description}.");
                    var options = new HealthcareClientOptions
                    {
                        Endpoint = endpoint,
                        Credential = credential,
                        DebugLog = DebugRouter.Write,
                    };
                    options.MaxAttempts = RetryAttempts ?? options.MaxAttempts;
                    options.InitialBackOff = RetryInitialDelay ?? options.InitialBackOff;
                    client = new HealthcareClient(options);
                    clientKey = key;
                }

                return client;
            }
        }

        /// <summary>
        /// A client for a DICOMweb server given by URL (Orthanc, dcm4chee, …), kept for the session so its
        /// connections are reused. Credentials only when set explicitly with Set-HcDefault.
        /// </summary>
        public static DicomWebClient GetDicomWebClient(string baseUrl, Action<string> debug)
        {
            lock (Gate)
            {
                if (!DicomWebClients.TryGetValue(baseUrl, out var dicomWeb))
                {
                    var options = new DicomWebConnectionOptions { Credential = Credential, DebugLog = DebugRouter.Write };
                    options.MaxAttempts = RetryAttempts ?? options.MaxAttempts;
                    options.InitialBackOff = RetryInitialDelay ?? options.InitialBackOff;
                    dicomWeb = DicomWebClient.Create(baseUrl, options);
                    debug($"DICOMweb server {dicomWeb.BaseUri} ({(Credential == null ? "no credentials" : Credential.Description)}).");
                    DicomWebClients[baseUrl] = dicomWeb;
                }

                return dicomWeb;
            }
        }

        /// <summary>
        /// Set-HcDefault -Endpoint → HEALTHCARE_EMULATOR_HOST → CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE →
        /// gcloud's api_endpoint_overrides/healthcare property → Google.
        /// </summary>
        public static ApiEndpoint ResolveEndpoint()
        {
            var endpoint = ApiEndpoint.Resolve(Endpoint, "Set-HcDefault -Endpoint", Environment.GetEnvironmentVariable);
            if (Endpoint != null || endpoint.BaseUri.ToString() != ApiEndpoint.GoogleBaseUri
                || Environment.GetEnvironmentVariable(ApiEndpoint.GcloudOverrideVariable) != null)
            {
                return endpoint;
            }

            var gcloud = GcloudConfiguration.Load(Environment.GetEnvironmentVariable);
            var configured = gcloud.Get("api_endpoint_overrides/healthcare");
            return string.IsNullOrEmpty(configured)
                ? endpoint
                : ApiEndpoint.FromValue(configured, $"gcloud property api_endpoint_overrides/healthcare ({gcloud.FilePath})");
        }

        /// <summary>Forgets the cached client (after Set-HcDefault changes the endpoint or credential).</summary>
        public static void InvalidateClient()
        {
            lock (Gate)
            {
                client?.Dispose();
                client = null;
                clientKey = null;
                foreach (var dicomWeb in DicomWebClients.Values)
                {
                    dicomWeb.Dispose();
                }

                DicomWebClients.Clear();
            }
        }

        public static void Reset()
        {
            Project = Location = Dataset = Endpoint = null;
            Credential = null;
            RetryAttempts = null;
            RetryInitialDelay = null;
            InvalidateClient();
        }
    }
}
