using System;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;

namespace HealthcareTools.Client.Auth
{
    /// <summary>
    /// The Application Default Credentials chain, walked by us rather than by Google.Apis so each step can be
    /// described and the environment can be substituted in tests: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC
    /// file, then the metadata server (probed last, and only when nothing else exists).
    /// </summary>
    internal static class AdcResolver
    {
        internal const string CredentialsVariable = "GOOGLE_APPLICATION_CREDENTIALS";

        internal static async Task<LoadedGoogleCredential> ResolveAsync(Func<string, string> getEnvironment, CancellationToken cancellationToken)
        {
            var fromVariable = getEnvironment(CredentialsVariable);
            if (!string.IsNullOrWhiteSpace(fromVariable))
            {
                var loaded = KeyFileLoader.Load(fromVariable.Trim(), "$env:" + CredentialsVariable);
                return new LoadedGoogleCredential(loaded.Credential, loaded.Description + " from $env:" + CredentialsVariable, loaded.ProjectId);
            }

            var gcloud = GcloudConfiguration.Load(getEnvironment);
            if (gcloud.AdcFilePath != null)
            {
                var loaded = KeyFileLoader.Load(gcloud.AdcFilePath, "gcloud application-default credentials");
                return new LoadedGoogleCredential(loaded.Credential, loaded.Description + " (gcloud auth application-default login)", loaded.ProjectId);
            }

            if (await IsOnGoogleCloudAsync(cancellationToken).ConfigureAwait(false))
            {
                var compute = GoogleCredential.FromComputeCredential(new ComputeCredential());
                return new LoadedGoogleCredential(compute, "the metadata server's service account (Google Cloud runtime)", null);
            }

            var adcPath = gcloud.ConfigFolder == null ? "gcloud's application_default_credentials.json" : System.IO.Path.Combine(gcloud.ConfigFolder, GcloudConfiguration.AdcFileName);
            throw new HealthcareCredentialException(
                "No Application Default Credentials were found: $env:" + CredentialsVariable + " is not set, " + adcPath +
                " does not exist, and no metadata server answered. Run 'gcloud auth application-default login', set $env:" +
                CredentialsVariable + " to a service-account key file, or pass a key file or an access token.");
        }

        private static async Task<bool> IsOnGoogleCloudAsync(CancellationToken cancellationToken)
        {
            // Google.Apis caches the probe; it takes no token, so only our wait is cancellable.
            var probe = ComputeCredential.IsRunningOnComputeEngine();
            var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
            var first = await Task.WhenAny(probe, cancelled).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return first == probe && await probe.ConfigureAwait(false);
        }
    }
}
