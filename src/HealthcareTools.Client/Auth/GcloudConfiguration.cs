using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace HealthcareTools.Client.Auth
{
    /// <summary>
    /// Reads gcloud's configuration files directly (never runs gcloud): CLOUDSDK_CONFIG or the default
    /// folder (%APPDATA%\gcloud on Windows, ~/.config/gcloud elsewhere), active_config (or
    /// CLOUDSDK_ACTIVE_CONFIG_NAME), configurations/config_NAME (INI: [core] project, [healthcare] location/dataset).
    /// </summary>
    public sealed class GcloudConfiguration
    {
        internal const string AdcFileName = "application_default_credentials.json";

        private readonly IDictionary<string, string> _properties;

        private GcloudConfiguration(string configFolder, string filePath, IDictionary<string, string> properties)
        {
            ConfigFolder = configFolder;
            FilePath = filePath;
            _properties = properties;
            if (configFolder != null)
            {
                var adc = Path.Combine(configFolder, AdcFileName);
                AdcFilePath = File.Exists(adc) ? adc : null;
            }
        }

        /// <summary>Reads the active configuration; an absent folder or file gives an empty configuration, never an error.</summary>
        public static GcloudConfiguration Load(Func<string, string> getEnvironment)
        {
            getEnvironment = getEnvironment ?? Environment.GetEnvironmentVariable;
            var folder = ConfigFolderFrom(getEnvironment);
            var empty = new Dictionary<string, string>(StringComparer.Ordinal);
            if (folder == null || !Directory.Exists(folder))
            {
                return new GcloudConfiguration(folder, null, empty);
            }
            var file = ActiveConfigFile(folder, getEnvironment);
            if (file == null)
            {
                return new GcloudConfiguration(folder, null, empty);
            }
            try
            {
                return new GcloudConfiguration(folder, file, IniReader.Read(File.ReadAllLines(file)));
            }
            catch (IOException)
            {
                return new GcloudConfiguration(folder, null, empty);
            }
            catch (UnauthorizedAccessException)
            {
                return new GcloudConfiguration(folder, null, empty);
            }
        }

        /// <summary>Path of the configuration file read, or null.</summary>
        public string FilePath { get; }

        /// <summary>Value of "section/property" (e.g. "core/project", "healthcare/location"), or null.</summary>
        public string Get(string sectionAndProperty)
        {
            if (string.IsNullOrEmpty(sectionAndProperty))
            {
                return null;
            }
            return _properties.TryGetValue(sectionAndProperty, out var value) && value.Length > 0 ? value : null;
        }

        /// <summary>Path of gcloud's application default credentials file if it exists, else null.</summary>
        public string AdcFilePath { get; }

        internal string ConfigFolder { get; }

        internal static string ConfigFolderFrom(Func<string, string> getEnvironment)
        {
            var explicitFolder = getEnvironment("CLOUDSDK_CONFIG");
            if (!string.IsNullOrWhiteSpace(explicitFolder))
            {
                return explicitFolder.Trim();
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                var appData = getEnvironment("APPDATA");
                if (string.IsNullOrEmpty(appData))
                {
                    appData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
                }
                return string.IsNullOrEmpty(appData) ? null : Path.Combine(appData, "gcloud");
            }
            var home = getEnvironment("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }
            return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".config", "gcloud");
        }

        private static string ActiveConfigFile(string folder, Func<string, string> getEnvironment)
        {
            var name = getEnvironment("CLOUDSDK_ACTIVE_CONFIG_NAME");
            if (string.IsNullOrWhiteSpace(name))
            {
                var marker = Path.Combine(folder, "active_config");
                try
                {
                    name = File.Exists(marker) ? File.ReadAllText(marker).Trim() : null;
                }
                catch (IOException)
                {
                    name = null;
                }
            }
            if (string.IsNullOrWhiteSpace(name))
            {
                name = "default";
            }
            name = name.Trim();
            // A configuration name is a plain file-name component; anything else would read outside the folder.
            if (name.IndexOfAny(new[] { '/', '\\' }) >= 0 || name.Contains(".."))
            {
                return null;
            }
            var file = Path.Combine(folder, "configurations", "config_" + name);
            if (File.Exists(file))
            {
                return file;
            }
            // Very old gcloud versions kept a single "properties" file in the folder.
            var legacy = Path.Combine(folder, "properties");
            return File.Exists(legacy) ? legacy : null;
        }
    }
}
