using System;
using System.IO;
using HealthcareTools.Client.Auth;
using Xunit;

namespace HealthcareTools.Client.Tests
{
    public sealed class GcloudConfigurationTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "hc-gcloud-" + Guid.NewGuid().ToString("N"));

        public GcloudConfigurationTests()
        {
            Directory.CreateDirectory(Path.Combine(_folder, "configurations"));
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private void WriteConfig(string name, string text) =>
            File.WriteAllText(Path.Combine(_folder, "configurations", "config_" + name), text);

        [Fact]
        public void ReadsTheActiveConfiguration()
        {
            File.WriteAllText(Path.Combine(_folder, "active_config"), "work\n");
            WriteConfig("default", "[core]\nproject = default-project\n");
            WriteConfig("work", "# comment\n[core]\naccount = me@example.com\nproject = work-project\n\n[healthcare]\nlocation = europe-west4\ndataset = my-ds\n");

            var config = GcloudConfiguration.Load(TestClient.Environment(("CLOUDSDK_CONFIG", _folder)));

            Assert.Equal("work-project", config.Get("core/project"));
            Assert.Equal("europe-west4", config.Get("healthcare/location"));
            Assert.Equal("my-ds", config.Get("healthcare/dataset"));
            Assert.Null(config.Get("compute/zone"));
            Assert.EndsWith("config_work", config.FilePath);
        }

        [Fact]
        public void EnvironmentPicksTheConfigurationByName()
        {
            File.WriteAllText(Path.Combine(_folder, "active_config"), "work");
            WriteConfig("other", "[core]\nproject = other-project\n");
            var config = GcloudConfiguration.Load(TestClient.Environment(("CLOUDSDK_CONFIG", _folder), ("CLOUDSDK_ACTIVE_CONFIG_NAME", "other")));
            Assert.Equal("other-project", config.Get("core/project"));
        }

        [Fact]
        public void DefaultConfigurationWhenNoMarker()
        {
            WriteConfig("default", "[core]\nproject=compact-project\n");
            var config = GcloudConfiguration.Load(TestClient.Environment(("CLOUDSDK_CONFIG", _folder)));
            Assert.Equal("compact-project", config.Get("core/project"));
            Assert.Null(config.AdcFilePath);
        }

        [Fact]
        public void FindsTheAdcFile()
        {
            var adc = Path.Combine(_folder, "application_default_credentials.json");
            File.WriteAllText(adc, "{}");
            var config = GcloudConfiguration.Load(TestClient.Environment(("CLOUDSDK_CONFIG", _folder)));
            Assert.Equal(adc, config.AdcFilePath);
        }

        [Fact]
        public void MissingFolderGivesAnEmptyConfiguration()
        {
            var config = GcloudConfiguration.Load(TestClient.Environment(("CLOUDSDK_CONFIG", Path.Combine(_folder, "absent"))));
            Assert.Null(config.FilePath);
            Assert.Null(config.Get("core/project"));
            Assert.Null(config.AdcFilePath);
        }

        [Fact]
        public void DefaultFolderComesFromHome()
        {
            var home = Path.Combine(_folder, "home");
            Directory.CreateDirectory(Path.Combine(home, ".config", "gcloud", "configurations"));
            File.WriteAllText(Path.Combine(home, ".config", "gcloud", "configurations", "config_default"), "[core]\nproject = home-project\n");
            var config = GcloudConfiguration.Load(TestClient.Environment(("HOME", home), ("APPDATA", home)));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal("home-project", config.Get("core/project"));
            }
        }
    }
}
