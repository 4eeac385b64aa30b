using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Xunit;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    /// <summary>
    /// A real Orthanc (Debian's orthanc + orthanc-dicomweb) on a free port, kept on 127.0.0.1 by an LD_PRELOAD shim
    /// (compiled here with gcc) that rewrites wildcard bind() to loopback; Orthanc 1.10 has no bind-address option.
    /// Temporary storage; stopped in Dispose. A missing Orthanc is a failure, never a skip.
    /// </summary>
    public sealed class OrthancFixture : IDisposable
    {
        private const string PluginPath = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
        private const string Shim = @"#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);
int bind(int fd, const struct sockaddr *addr, socklen_t len) {
    static bind_fn real = 0;
    if (!real) real = (bind_fn)dlsym(RTLD_NEXT, ""bind"");
    if (addr && addr->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
        struct sockaddr_in c; memcpy(&c, addr, sizeof c);
        if (c.sin_addr.s_addr == htonl(INADDR_ANY)) { c.sin_addr.s_addr = htonl(INADDR_LOOPBACK); return real(fd, (struct sockaddr *)&c, sizeof c); }
    } else if (addr && addr->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 c6; memcpy(&c6, addr, sizeof c6);
        if (memcmp(&c6.sin6_addr, &in6addr_any, sizeof(struct in6_addr)) == 0) { c6.sin6_addr = in6addr_loopback; return real(fd, (struct sockaddr *)&c6, sizeof c6); }
    }
    return real(fd, addr, len);
}
";
        private readonly Process _process;
        private readonly string _root;

        public OrthancFixture() : this("Orthanc")
        {
        }

        /// <summary>For the test of the missing-Orthanc message.</summary>
        internal OrthancFixture(string executableName)
        {
            var executable = FindOnPath(executableName);
            if (executable == null)
            {
                StartError = "Orthanc not found: run apt-get install -y orthanc orthanc-dicomweb";
                return;
            }
            if (!File.Exists(PluginPath))
            {
                StartError = "Orthanc DICOMweb plugin not found at " + PluginPath + ": run apt-get install -y orthanc orthanc-dicomweb";
                return;
            }
            _root = Path.Combine(Path.GetTempPath(), "hc-orthanc-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(_root, "db"));
            File.WriteAllText(Path.Combine(_root, "shim.c"), Shim);
            var shim = Path.Combine(_root, "loopback-bind.so");
            var gcc = Run("gcc", $"-shared -fPIC -O2 -o \"{shim}\" \"{Path.Combine(_root, "shim.c")}\" -ldl");
            if (gcc != null)
            {
                StartError = "Could not compile the loopback shim with gcc: " + gcc;
                return;
            }
            Port = FreePort();
            var config = Path.Combine(_root, "orthanc.json");
            File.WriteAllText(config, "{\"Name\":\"hc-test\",\"HttpPort\":" + Port + ",\"RemoteAccessAllowed\":false,\"AuthenticationEnabled\":false," +
                "\"DicomServerEnabled\":false,\"StorageDirectory\":\"" + Path.Combine(_root, "db") + "\",\"IndexDirectory\":\"" + Path.Combine(_root, "db") + "\"," +
                "\"Plugins\":[\"" + PluginPath + "\"],\"DicomWeb\":{\"Enable\":true,\"Root\":\"/dicom-web/\"},\"HttpCompressionEnabled\":false}");
            var start = new ProcessStartInfo(executable, "\"" + config + "\"")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = _root,
            };
            start.Environment["LD_PRELOAD"] = shim;
            _process = Process.Start(start);
            _process.OutputDataReceived += (_, __) => { };
            _process.ErrorDataReceived += (_, __) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            BaseUrl = $"http://127.0.0.1:{Port}/dicom-web/";
            var clock = Stopwatch.StartNew();
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(20))
                {
                    if (_process.HasExited)
                    {
                        StartError = "Orthanc exited with code " + _process.ExitCode + " while starting.";
                        return;
                    }
                    try
                    {
                        using (var response = http.GetAsync(BaseUrl + "studies").GetAwaiter().GetResult())
                        {
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                StartupTime = clock.Elapsed;
                                return;
                            }
                        }
                    }
                    catch (Exception)
                    {
                    }
                    Thread.Sleep(100);
                }
            }
            StartError = "Orthanc did not answer GET /dicom-web/studies with 200 within 20 s.";
        }

        public string StartError { get; }
        public int Port { get; }
        public string BaseUrl { get; }
        public TimeSpan StartupTime { get; }
        public int ProcessId => _process?.Id ?? 0;

        public void EnsureStarted()
        {
            if (StartError != null)
            {
                Assert.Fail(StartError);
            }
        }

        private static string FindOnPath(string name)
        {
            foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
            {
                if (directory.Length > 0 && File.Exists(Path.Combine(directory, name)))
                {
                    return Path.Combine(directory, name);
                }
            }
            foreach (var directory in new[] { "/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin" })
            {
                if (File.Exists(Path.Combine(directory, name)))
                {
                    return Path.Combine(directory, name);
                }
            }
            return null;
        }

        private static string Run(string file, string arguments)
        {
            try
            {
                using (var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true }))
                {
                    var error = process.StandardError.ReadToEnd();
                    process.WaitForExit();
                    return process.ExitCode == 0 ? null : error;
                }
            }
            catch (Exception ex)
            {
                return ex.Message;
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            try
            {
                if (_process != null && !_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(5000);
                }
            }
            catch (Exception)
            {
            }
            _process?.Dispose();
            try
            {
                if (_root != null)
                {
                    Directory.Delete(_root, true);
                }
            }
            catch (Exception)
            {
            }
        }
    }
}
