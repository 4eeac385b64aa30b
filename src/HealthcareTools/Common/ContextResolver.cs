using System;
using System.Collections.Generic;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Names;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Finds project, location and dataset in the conventional order: the parameter (typed or piped)
    /// → Set-HcDefault → environment → gcloud's configuration files. The place used goes to the debug
    /// stream; when nothing is found the error names every place looked.
    /// </summary>
    internal sealed class ContextResolver
    {
        /// <summary>gcloud's own default for healthcare/location.</summary>
        public const string DefaultLocation = "us-central1";

        private readonly Action<string> debug;
        private GcloudConfiguration gcloud;

        public ContextResolver(Action<string> debug)
        {
            this.debug = debug;
        }

        public string Project(string explicitValue) =>
            Resolve("project", explicitValue, HcSession.Project, new[] { "GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT" }, "core/project",
                fallback: null, errorId: "ProjectNotSet", hint: "Set-HcDefault -Project <id>, or pass -Project");

        public string Location(string explicitValue) =>
            Resolve("location", explicitValue, HcSession.Location, new[] { "CLOUDSDK_HEALTHCARE_LOCATION" }, "healthcare/location",
                fallback: DefaultLocation, errorId: "LocationNotSet", hint: "Set-HcDefault -Location <id>, or pass -Location");

        public string Dataset(string explicitValue) =>
            Resolve("dataset", explicitValue, HcSession.Dataset, new[] { "CLOUDSDK_HEALTHCARE_DATASET" }, "healthcare/dataset",
                fallback: null, errorId: "DatasetNotSet", hint: "Set-HcDefault -Dataset <id>, or pass -Dataset");

        public LocationName LocationName(string project, string location) =>
            new LocationName(Project(project), Location(location));

        public DatasetName DatasetName(string project, string location, string dataset)
        {
            var value = Dataset(dataset);
            return ResourceIds.IsFullName(value)
                ? Client.Names.DatasetName.Parse(value)
                : new DatasetName(Project(project), Location(location), value);
        }

        private string Resolve(string what, string explicitValue, string sessionValue, IEnumerable<string> variables,
            string gcloudProperty, string fallback, string errorId, string hint)
        {
            if (!string.IsNullOrEmpty(explicitValue))
            {
                return explicitValue;
            }

            if (!string.IsNullOrEmpty(sessionValue))
            {
                debug($"Using {what} '{sessionValue}' from Set-HcDefault.");
                return sessionValue;
            }

            var looked = new List<string> { "the parameter", "Set-HcDefault" };
            foreach (var variable in variables)
            {
                var value = Environment.GetEnvironmentVariable(variable);
                if (!string.IsNullOrEmpty(value))
                {
                    debug($"Using {what} '{value}' from ${{env:{variable}}}.");
                    return value;
                }

                looked.Add("$env:" + variable);
            }

            gcloud = gcloud ?? GcloudConfiguration.Load(Environment.GetEnvironmentVariable);
            var configured = gcloud.Get(gcloudProperty);
            if (!string.IsNullOrEmpty(configured))
            {
                debug($"Using {what} '{configured}' from gcloud property {gcloudProperty} ({gcloud.FilePath}).");
                return configured;
            }

            looked.Add($"gcloud property {gcloudProperty}" + (gcloud.FilePath == null ? " (no gcloud configuration found)" : $" in {gcloud.FilePath}"));
            if (fallback != null)
            {
                debug($"Using the default {what} '{fallback}'.");
                return fallback;
            }

            throw new ContextException(errorId, $"No {what} given. Looked in {string.Join(", ", looked)}. Use {hint}.");
        }
    }
}
