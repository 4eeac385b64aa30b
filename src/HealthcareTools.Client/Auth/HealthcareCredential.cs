using System;
using System.Security;

namespace HealthcareTools.Client.Auth
{
    /// <summary>How requests are authorized. Never exposes the token it holds.</summary>
    public sealed class HealthcareCredential
    {
        private HealthcareCredential() => throw new NotImplementedException();

        /// <summary>No Authorization header (emulator, plain-http loopback endpoints).</summary>
        public static HealthcareCredential None() => throw new NotImplementedException();
        /// <summary>A fixed OAuth access token.</summary>
        public static HealthcareCredential FromAccessToken(SecureString token) => throw new NotImplementedException();
        /// <summary>A service-account (or other Google credential) JSON key file; clear error naming the file when unreadable.</summary>
        public static HealthcareCredential FromKeyFile(string path) => throw new NotImplementedException();
        /// <summary>Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, then
        /// the metadata server (GCE_METADATA_HOST honoured). Resolved lazily, at the first request.</summary>
        public static HealthcareCredential ApplicationDefault() => throw new NotImplementedException();

        /// <summary>None, AccessToken, KeyFile or ApplicationDefault.</summary>
        public string Kind { get; }
        /// <summary>Where the credential comes from, safe for debug output ("service-account key file /x/key.json
        /// (sa@p.iam.gserviceaccount.com)"); never a token or key.</summary>
        public string Description { get; }
        /// <summary>The project named by a key file or ADC file, when there is one.</summary>
        public string ProjectId { get; }
    }
}
