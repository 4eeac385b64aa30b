using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>Runs the built emulator as a separate process, as a test harness or the module would.</summary>
    public sealed class ProcessTests
    {
        private static readonly Regex ListeningLine = new Regex(@"^HealthcareTools emulator listening on (http://127\.0\.0\.1:\d+/) \(data: (.+)\)$");

        private const int SigTerm = 15;

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SendSignal(int pid, int signal);

        [Fact]
        public Task PrintsListeningLineServesAndExitsWhenStdinCloses() =>
            RunAsync(new[] { "--exit-on-stdin-close" }, process => process.StandardInput.Close());

        [Fact]
        public Task ExitsCleanlyOnSigterm()
        {
            if (OperatingSystem.IsWindows()) return Task.CompletedTask;
            return RunAsync(Array.Empty<string>(), process => Assert.Equal(0, SendSignal(process.Id, SigTerm)));
        }

        private static async Task RunAsync(string[] extraArgs, Action<Process> stop)
        {
            string folder = TestEmulator.NewDataDirectory();
            string dll = Path.Combine(AppContext.BaseDirectory, "HealthcareTools.Emulator.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { dll, "--port", "0", "--data", folder }) start.ArgumentList.Add(arg);
            foreach (string arg in extraArgs) start.ArgumentList.Add(arg);

            using var process = Process.Start(start);
            try
            {
                var stderr = process.StandardError.ReadToEndAsync();
                string line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15));
                var match = ListeningLine.Match(line ?? string.Empty);
                Assert.True(match.Success, $"unexpected first line '{line}'");
                Assert.Equal(Path.GetFullPath(folder), match.Groups[2].Value);

                using var client = new HttpClient { BaseAddress = new Uri(match.Groups[1].Value) };
                Assert.Equal("{\"status\":\"ok\"}", await client.GetStringAsync("_emulator/health"));
                using var created = await client.PostAsync("v1/projects/p1/locations/us-central1/datasets?datasetId=d1", new StringContent("{}"));
                Assert.True(created.IsSuccessStatusCode);

                stop(process);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(0, process.ExitCode);
                Assert.Null(await process.StandardOutput.ReadLineAsync());
                Assert.Equal(string.Empty, (await stderr).Trim());
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }
    }
}
