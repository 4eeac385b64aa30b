using System;
using System.Collections.Generic;
using HealthcareTools.Client;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Storage;

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
        private static CloudStorage storage;
        private static string storageKey;

        public static string Project { get; set; }
        public static string Location { get; set; }
        public static string Dataset { get; set; }
        public static string Endpoint { get; set; }
        /// <summary>Cloud Storage emulator base URL set with Set-HcDefault -StorageEndpoint; null = see ResolveStorageEmulator.</summary>
        public static string StorageEndpoint { get; set; }
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

        /// <summary>The Cloud Storage client for the current settings, created on first use and kept for the session.</summary>
        public static CloudStorage GetStorage(HcCmdlet cmdlet)
        {
            var emulator = ResolveStorageEmulator(out var source);
            var key = string.Join("|", emulator ?? "google", Credential == null ? "auto" : Credential.GetHashCode().ToString(), RetryAttempts, RetryInitialDelay);
            lock (Gate)
            {
                if (storage != null && storageKey == key)
                {
                    return storage;
                }
            }

            var options = new CloudStorageOptions { EmulatorBaseUri = emulator, Credential = Credential, DebugLog = DebugRouter.Write };
            options.MaxAttempts = RetryAttempts ?? options.MaxAttempts;
            options.InitialBackOff = RetryInitialDelay ?? options.InitialBackOff;
            cmdlet.WriteDebug($"Cloud Storage endpoint from {source}.");
            var created = cmdlet.Call(token => CloudStorage.CreateAsync(options, token));
            lock (Gate)
            {
                storage?.Dispose();
                storage = created;
                storageKey = key;
                return storage;
            }
        }

        /// <summary>
        /// Where Cloud Storage requests go: Set-HcDefault -StorageEndpoint → STORAGE_EMULATOR_HOST (as Google's
        /// client libraries) → the Healthcare endpoint when it is a plain-http emulator (ours serves both) →
        /// null, meaning Google.
        /// </summary>
        public static string ResolveStorageEmulator(out string source)
        {
            source = "Set-HcDefault -StorageEndpoint";
            if (!string.IsNullOrEmpty(StorageEndpoint))
            {
                return StorageEndpoint;
            }

            source = "$env:STORAGE_EMULATOR_HOST";
            var variable = Environment.GetEnvironmentVariable("STORAGE_EMULATOR_HOST");
            if (!string.IsNullOrEmpty(variable))
            {
                return variable;
            }

            var healthcare = ResolveEndpoint();
            source = $"the Healthcare emulator endpoint ({healthcare.Source})";
            if (healthcare.IsPlainHttp)
            {
                return healthcare.BaseUri.ToString();
            }

            source = "Google";
            return null;
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
                storage?.Dispose();
                storage = null;
                storageKey = null;
            }
        }

        public static void Reset()
        {
            Project = Location = Dataset = Endpoint = StorageEndpoint = null;
            Credential = null;
            RetryAttempts = null;
            RetryInitialDelay = null;
            InvalidateClient();
        }
    }
}
