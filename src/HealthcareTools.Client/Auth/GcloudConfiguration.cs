using System;
using System.Collections.Generic;

namespace HealthcareTools.Client.Auth
{
    /// <summary>
    /// Reads gcloud's configuration files directly (never runs gcloud): CLOUDSDK_CONFIG or the default
    /// folder (%APPDATA%\gcloud on Windows, ~/.config/gcloud elsewhere), active_config (or
    /// CLOUDSDK_ACTIVE_CONFIG_NAME), configurations/config_NAME (INI: [core] project, [healthcare] location/dataset).
    /// </summary>
    public sealed class GcloudConfiguration
    {
        private GcloudConfiguration() => throw new NotImplementedException();

        /// <summary>Reads the active configuration; an absent folder or file gives an empty configuration, never an error.</summary>
        public static GcloudConfiguration Load(Func<string, string> getEnvironment) => throw new NotImplementedException();

        /// <summary>Path of the configuration file read, or null.</summary>
        public string FilePath { get; }
        /// <summary>Value of "section/property" (e.g. "core/project", "healthcare/location"), or null.</summary>
        public string Get(string sectionAndProperty) => throw new NotImplementedException();
        /// <summary>Path of gcloud's application default credentials file if it exists, else null.</summary>
        public string AdcFilePath { get; }
    }
}
