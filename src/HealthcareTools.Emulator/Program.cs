using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;

namespace HealthcareTools.Emulator
{
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            EmulatorOptions options;
            try
            {
                if (Array.Exists(args, a => a == "--help" || a == "-h"))
                {
                    Console.Error.WriteLine(EmulatorOptions.Usage);
                    return 0;
                }
                options = EmulatorOptions.Parse(args);
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine(ex.Message);
                Console.Error.WriteLine(EmulatorOptions.Usage);
                return 2;
            }

            EmulatorHost host;
            try
            {
                host = await EmulatorHost.StartAsync(options);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidOperationException || ex is UnauthorizedAccessException)
            {
                Console.Error.WriteLine("HealthcareTools emulator failed to start: " + ex.Message);
                return 1;
            }

            await using (host)
            {
                Console.Out.WriteLine(host.ListeningLine);
                Console.Out.Flush();
                if (options.ExitOnStdinClose) WatchStandardInput(host);
                // Returns on SIGTERM/SIGINT (handled by the host's console lifetime) or RequestStop.
                await host.WaitForShutdownAsync();
            }
            return 0;
        }

        /// <summary>Stops the host when stdin reaches end of file, i.e. the parent that started us has gone.</summary>
        private static void WatchStandardInput(EmulatorHost host)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    using var stdin = Console.OpenStandardInput();
                    var buffer = new byte[256];
                    while (stdin.Read(buffer, 0, buffer.Length) > 0)
                    {
                    }
                }
                catch (IOException)
                {
                }
                host.RequestStop();
            })
            {
                IsBackground = true,
                Name = "stdin watcher",
            };
            thread.Start();
        }
    }
}
