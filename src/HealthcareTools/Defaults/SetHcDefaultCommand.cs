using System.Management.Automation;
using System.Security;
using HealthcareTools.Client.Auth;
using HealthcareTools.Common;

namespace HealthcareTools.Defaults
{
    /// <summary>
    /// <para type="synopsis">Sets the session defaults: project, location, dataset, endpoint and credentials.</para>
    /// <para type="description">Every cmdlet uses these when a parameter is not given (a parameter or a piped
    /// object always wins; after the defaults come the environment and gcloud's configuration files).
    /// -Endpoint points the module at the local emulator, a private endpoint or Google; plain http is only
    /// accepted for loopback addresses and never carries credentials. Credentials: -AccessToken (a
    /// SecureString), -KeyFile (a service-account JSON key), -ApplicationDefault, or -NoCredential. The
    /// token and key are never shown or logged. -Clear forgets everything set before.</para>
    /// </summary>
    /// <example>
    /// <code>Set-HcDefault -Project my-project -Location europe-west4 -Dataset radiology</code>
    /// <para>Sets the context for the rest of the session.</para>
    /// </example>
    /// <example>
    /// <code>Set-HcDefault -Endpoint http://127.0.0.1:8080/ -NoCredential -Project demo</code>
    /// <para>Uses a local emulator.</para>
    /// </example>
    /// <example>
    /// <code>Set-HcDefault -KeyFile C:\secrets\ingest-sa.json -PassThru</code>
    /// <para>Authenticates as a service account in a scheduled task, and shows the resulting defaults.</para>
    /// </example>
    /// <example>
    /// <code>Import-Csv .\site.csv | Select-Object -First 1 | Set-HcDefault -PassThru</code>
    /// <para>Takes Project, Location and Dataset from the columns of a CSV file.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "HcDefault", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = KeepCredentialSet)]
    [OutputType(typeof(HcDefaults))]
    public sealed class SetHcDefaultCommand : HcCmdlet
    {
        private const string KeepCredentialSet = "KeepCredential";
        private const string AccessTokenSet = "AccessToken";
        private const string KeyFileSet = "KeyFile";
        private const string ApplicationDefaultSet = "ApplicationDefault";
        private const string NoCredentialSet = "NoCredential";

        /// <summary><para type="description">Default project ID.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Project { get; set; }

        /// <summary><para type="description">Default location ID, such as us-central1.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Location { get; set; }

        /// <summary><para type="description">Default dataset ID.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DatasetCompleter))]
        public string Dataset { get; set; }

        /// <summary><para type="description">API base URL (e.g. http://127.0.0.1:8080/ for the emulator). An empty string returns to the environment or Google.</para></summary>
        [Parameter]
        [AllowEmptyString]
        public string Endpoint { get; set; }

        /// <summary><para type="description">Cloud Storage emulator base URL (e.g. http://127.0.0.1:8080/); an empty string returns to STORAGE_EMULATOR_HOST, the Healthcare emulator endpoint, or Google.</para></summary>
        [Parameter]
        [AllowEmptyString]
        public string StorageEndpoint { get; set; }

        /// <summary><para type="description">An OAuth 2.0 access token, e.g. (gcloud auth print-access-token | ConvertTo-SecureString -AsPlainText -Force).</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        public SecureString AccessToken { get; set; }

        /// <summary><para type="description">Path of a service-account JSON key file.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = KeyFileSet)]
        public string KeyFile { get; set; }

        /// <summary><para type="description">Use Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, the metadata server).</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = ApplicationDefaultSet)]
        public SwitchParameter ApplicationDefault { get; set; }

        /// <summary><para type="description">Send no credentials (emulators, servers without authentication).</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = NoCredentialSet)]
        public SwitchParameter NoCredential { get; set; }

        /// <summary><para type="description">Attempts per request, including the first, for answers 408/429/5xx and (when safe) network errors. Default: 8.</para></summary>
        [Parameter]
        [ValidateRange(1, 20)]
        public int RetryAttempts { get; set; }

        /// <summary><para type="description">First retry delay in milliseconds; it doubles per retry, with jitter, up to 32 s. A Retry-After from the server wins when longer. Default: 250.</para></summary>
        [Parameter]
        [ValidateRange(1, 60000)]
        public int RetryInitialDelayMs { get; set; }

        /// <summary><para type="description">Forget all defaults before applying the other parameters.</para></summary>
        [Parameter]
        public SwitchParameter Clear { get; set; }

        /// <summary><para type="description">Return the resulting defaults.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess("HealthcareTools session defaults", "Set"))
            {
                return;
            }

            if (Clear)
            {
                HcSession.Reset();
            }

            if (MyInvocation.BoundParameters.ContainsKey(nameof(Endpoint)))
            {
                if (!string.IsNullOrEmpty(Endpoint))
                {
                    try
                    {
                        ApiEndpoint.FromValue(Endpoint, "Set-HcDefault -Endpoint");
                    }
                    catch (System.ArgumentException ex)
                    {
                        ThrowTerminatingError(new ErrorRecord(ex, "InvalidEndpoint", ErrorCategory.InvalidArgument, Endpoint));
                    }
                }

                HcSession.Endpoint = string.IsNullOrEmpty(Endpoint) ? null : Endpoint;
                HcSession.InvalidateClient();
            }

            if (MyInvocation.BoundParameters.ContainsKey(nameof(StorageEndpoint)))
            {
                if (!string.IsNullOrEmpty(StorageEndpoint))
                {
                    try
                    {
                        ApiEndpoint.FromValue(StorageEndpoint, "Set-HcDefault -StorageEndpoint");
                    }
                    catch (System.ArgumentException ex)
                    {
                        ThrowTerminatingError(new ErrorRecord(ex, "InvalidEndpoint", ErrorCategory.InvalidArgument, StorageEndpoint));
                    }
                }

                HcSession.StorageEndpoint = string.IsNullOrEmpty(StorageEndpoint) ? null : StorageEndpoint;
                HcSession.InvalidateClient();
            }

            Assign(nameof(Project), Project, value => HcSession.Project = value);
            Assign(nameof(Location), Location, value => HcSession.Location = value);
            Assign(nameof(Dataset), Dataset, value => HcSession.Dataset = value);
            SetCredential();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(RetryAttempts)))
            {
                HcSession.RetryAttempts = RetryAttempts;
                HcSession.InvalidateClient();
            }

            if (MyInvocation.BoundParameters.ContainsKey(nameof(RetryInitialDelayMs)))
            {
                HcSession.RetryInitialDelay = System.TimeSpan.FromMilliseconds(RetryInitialDelayMs);
                HcSession.InvalidateClient();
            }

            if (PassThru)
            {
                WriteObject(GetHcDefaultCommand.Current(WriteDebug));
            }
        }

        private void Assign(string parameter, string value, System.Action<string> set)
        {
            if (MyInvocation.BoundParameters.ContainsKey(parameter))
            {
                set(string.IsNullOrEmpty(value) ? null : value);
            }
        }

        private void SetCredential()
        {
            HealthcareCredential credential;
            switch (ParameterSetName)
            {
                case AccessTokenSet:
                    credential = HealthcareCredential.FromAccessToken(AccessToken);
                    break;
                case KeyFileSet:
                    try
                    {
                        credential = HealthcareCredential.FromKeyFile(GetUnresolvedProviderPathFromPSPath(KeyFile));
                    }
                    catch (System.Exception ex) when (ex is System.ArgumentException || ex is System.IO.IOException || ex is System.InvalidOperationException)
                    {
                        ThrowTerminatingError(new ErrorRecord(ex, "InvalidKeyFile", ErrorCategory.InvalidArgument, KeyFile));
                        return;
                    }

                    break;
                case ApplicationDefaultSet:
                    credential = HealthcareCredential.ApplicationDefault();
                    break;
                case NoCredentialSet:
                    credential = HealthcareCredential.None();
                    break;
                default:
                    return;
            }

            HcSession.Credential = credential;
            HcSession.InvalidateClient();
            WriteDebug($"Credentials set: {credential.Description}.");
        }
    }
}
