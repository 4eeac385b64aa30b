using System;
using System.Management.Automation;
using HealthcareTools.Client.Auth;
using HealthcareTools.Common;

namespace HealthcareTools.Defaults
{
    /// <summary>
    /// <para type="synopsis">Shows the defaults the cmdlets will use.</para>
    /// <para type="description">Shows the project, location and dataset that a cmdlet would use without
    /// parameters (from Set-HcDefault, the environment or gcloud's configuration), the endpoint with where it
    /// comes from, and the kind of credentials. Secrets are never shown.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDefault</code>
    /// <para>Shows the current defaults.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDefault | Select-Object Endpoint, EndpointSource</code>
    /// <para>Shows where requests go and why.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcDefault")]
    [OutputType(typeof(HcDefaults))]
    public sealed class GetHcDefaultCommand : HcCmdlet
    {
        protected override void ProcessRecord() => WriteObject(Current(WriteDebug));

        internal static HcDefaults Current(Action<string> debug)
        {
            var context = new ContextResolver(debug);
            var endpoint = HcSession.ResolveEndpoint();
            var credential = HcSession.Credential
                ?? (endpoint.IsPlainHttp ? HealthcareCredential.None() : HealthcareCredential.ApplicationDefault());
            return new HcDefaults
            {
                Project = TryGet(() => context.Project(null)),
                Location = TryGet(() => context.Location(null)),
                Dataset = TryGet(() => context.Dataset(null)),
                Endpoint = endpoint.BaseUri.ToString(),
                EndpointSource = endpoint.Source,
                Credential = credential.Description,
            };
        }

        private static string TryGet(Func<string> resolve)
        {
            try
            {
                return resolve();
            }
            catch (ContextException)
            {
                return null;
            }
        }
    }
}
