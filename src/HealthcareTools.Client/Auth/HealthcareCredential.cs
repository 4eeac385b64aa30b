using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace HealthcareTools.Client.Auth
{
    /// <summary>How requests are authorized. Never exposes the token it holds.</summary>
    public sealed class HealthcareCredential
    {
        internal const string KindNone = "None";
        internal const string KindAccessToken = "AccessToken";
        internal const string KindKeyFile = "KeyFile";
        internal const string KindApplicationDefault = "ApplicationDefault";

        private readonly Func<CancellationToken, Task<LoadedGoogleCredential>> _resolveGoogle;
        private readonly SemaphoreSlim _resolveGate = new SemaphoreSlim(1, 1);
        private LoadedGoogleCredential _google;

        private HealthcareCredential(string kind, string description, string projectId, SecureString accessToken,
            Func<CancellationToken, Task<LoadedGoogleCredential>> resolveGoogle)
        {
            Kind = kind;
            Description = description;
            ProjectId = projectId;
            AccessToken = accessToken;
            _resolveGoogle = resolveGoogle;
        }

        /// <summary>No Authorization header (emulator, plain-http loopback endpoints).</summary>
        public static HealthcareCredential None() =>
            new HealthcareCredential(KindNone, "no credentials (anonymous requests)", null, null, null);

        /// <summary>A fixed OAuth access token.</summary>
        public static HealthcareCredential FromAccessToken(SecureString token)
        {
            if (token == null || token.Length == 0)
            {
                throw new ArgumentException("The access token is empty.", nameof(token));
            }
            // Our own read-only copy: the caller may dispose or change theirs.
            var copy = token.Copy();
            copy.MakeReadOnly();
            return new HealthcareCredential(KindAccessToken, "an access token supplied by the caller (not refreshed)", null, copy, null);
        }

        /// <summary>A service-account (or other Google credential) JSON key file; clear error naming the file when unreadable.</summary>
        public static HealthcareCredential FromKeyFile(string path)
        {
            var loaded = KeyFileLoader.Load(path, "key file");
            return new HealthcareCredential(KindKeyFile, loaded.Description, loaded.ProjectId, null, _ => Task.FromResult(loaded))
            {
                _google = loaded,
            };
        }

        /// <summary>Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, then
        /// the metadata server (GCE_METADATA_HOST honoured). Resolved lazily, at the first request.</summary>
        public static HealthcareCredential ApplicationDefault() => ApplicationDefault(Environment.GetEnvironmentVariable);

        /// <summary>As <see cref="ApplicationDefault()"/>, reading the environment through <paramref name="getEnvironment"/>.</summary>
        internal static HealthcareCredential ApplicationDefault(Func<string, string> getEnvironment) =>
            new HealthcareCredential(KindApplicationDefault, "Application Default Credentials (looked up at the first request)", null, null,
                cancellationToken => AdcResolver.ResolveAsync(getEnvironment, cancellationToken));

        /// <summary>None, AccessToken, KeyFile or ApplicationDefault.</summary>
        public string Kind { get; }
        /// <summary>Where the credential comes from, safe for debug output ("service-account key file /x/key.json
        /// (sa@p.iam.gserviceaccount.com)"); never a token or key.</summary>
        public string Description { get; private set; }
        /// <summary>The project named by a key file or ADC file, when there is one.</summary>
        public string ProjectId { get; private set; }

        internal SecureString AccessToken { get; }

        internal bool UsesGoogleCredential => _resolveGoogle != null;

        /// <summary>Resolves (once, on first use) the Google credential behind KeyFile and ApplicationDefault. A failed
        /// lookup is not cached, so a later request can succeed once the user fixes their setup.</summary>
        internal async Task<LoadedGoogleCredential> GetGoogleCredentialAsync(Action<string> log, CancellationToken cancellationToken)
        {
            var resolved = Volatile.Read(ref _google);
            if (resolved != null)
            {
                return resolved;
            }
            await _resolveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_google == null)
                {
                    log?.Invoke("Credentials: looking up Application Default Credentials.");
                    var found = await _resolveGoogle(cancellationToken).ConfigureAwait(false);
                    Description = "Application Default Credentials: " + found.Description;
                    ProjectId = found.ProjectId;
                    Volatile.Write(ref _google, found);
                }
                return _google;
            }
            finally
            {
                _resolveGate.Release();
            }
        }

        /// <summary>Kind and description; never the token.</summary>
        public override string ToString() => Kind + ": " + Description;
    }
}
