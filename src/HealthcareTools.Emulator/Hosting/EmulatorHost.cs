using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Endpoints;
using HealthcareTools.Emulator.Gcs;
using HealthcareTools.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthcareTools.Emulator.Hosting
{
    /// <summary>
    /// The running emulator: Kestrel on 127.0.0.1 with the /v1 API and /_emulator admin
    /// endpoints. Used by Program and, in-process, by tests.
    /// </summary>
    public sealed class EmulatorHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly EmulatorRuntime _runtime;
        private int _stopped;

        private EmulatorHost(WebApplication app, EmulatorRuntime runtime, Uri baseUri, string dataDirectory)
        {
            _app = app;
            _runtime = runtime;
            BaseUri = baseUri;
            DataDirectory = dataDirectory;
        }

        /// <summary>http://127.0.0.1:PORT/ — the value to give clients as the API endpoint.</summary>
        public Uri BaseUri { get; }

        public string DataDirectory { get; }

        public int Port => BaseUri.Port;

        /// <summary>Shared services, for tests that adjust faults or operation timing directly.</summary>
        public EmulatorRuntime Runtime => _runtime;

        /// <summary>The line Program prints once listening; harnesses parse the URL from it.</summary>
        public string ListeningLine => $"HealthcareTools emulator listening on {BaseUri} (data: {DataDirectory})";

        public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
        {
            string dataDirectory = options.ResolveDataDirectory();
            var runtime = new EmulatorRuntime(options, dataDirectory, TimeProvider.System);
            WebApplication app = null;
            try
            {
                app = Build(options, runtime);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                string address = app.Services.GetRequiredService<IServer>()
                    .Features.Get<IServerAddressesFeature>().Addresses.First();
                var bound = new Uri(address);
                var baseUri = new Uri($"http://127.0.0.1:{bound.Port}/");
                return new EmulatorHost(app, runtime, baseUri, dataDirectory);
            }
            catch
            {
                if (app != null) await app.DisposeAsync().ConfigureAwait(false);
                runtime.Dispose();
                throw;
            }
        }

        /// <summary>Completes when the host is asked to stop (SIGTERM, Ctrl+C, <see cref="RequestStop"/>).</summary>
        public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

        public void RequestStop() => _app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        public async Task StopAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
            try
            {
                await _app.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                await _app.DisposeAsync().ConfigureAwait(false);
                _runtime.Dispose();
            }
        }

        public ValueTask DisposeAsync() => new ValueTask(StopAsync());

        private static WebApplication Build(EmulatorOptions options, EmulatorRuntime runtime)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = Array.Empty<string>(),
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            });
            // stdout carries only the listening line; anything worth reading goes to stderr.
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new StandardErrorLoggerProvider());
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                // STOW requests are streamed to disk; like Google, their size is not limited.
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Listen(IPAddress.Loopback, options.Port);
            });
            builder.Services.AddRequestDecompression();

            var app = builder.Build();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HealthcareTools.Emulator");
            var dispatcher = new ApiDispatcher(new IEndpointGroup[]
            {
                new LocationsEndpoints(),
                new DatasetsEndpoints(runtime),
                new DicomStoresEndpoints(runtime),
                new DicomWebEndpoints(runtime),
                new DicomBulkEndpoints(runtime),
                new DeidentifyEndpoints(runtime),
                new OperationsEndpoints(runtime),
                new IamEndpoints(runtime),
            }, runtime.Faults, logger);
            var admin = new AdminEndpoints(runtime);
            var storage = new GcsDispatcher(new GcsEndpoints(runtime, runtime.GcsFiles), runtime.Faults, logger);

            app.UseRequestDecompression();
            // Recorded Pub/Sub notifications and the local BigQuery tables (DICOM export and streaming).
            var pubsub = new HealthcareTools.Emulator.Bulk.PubsubAdmin(runtime);
            var bigquery = new HealthcareTools.Emulator.Bulk.BigQueryApi(runtime);
            app.Map("/_emulator/pubsub", branch => branch.Run(pubsub.HandleAsync));
            app.Map("/bigquery/v2", branch => branch.Run(bigquery.HandleAsync));
            app.Map("/_emulator", branch => branch.Run(admin.HandleAsync));
            app.Map("/v1", branch => branch.Run(dispatcher.HandleAsync));
            // The Cloud Storage JSON API subset shares the process, data folder and fault injection.
            app.Map("/storage/v1", branch => branch.Run(storage.Handler(GcsSurface.Storage)));
            app.Map("/upload/storage/v1", branch => branch.Run(storage.Handler(GcsSurface.Upload)));
            app.Map("/download/storage/v1", branch => branch.Run(storage.Handler(GcsSurface.Download)));
            // With EmulatorDetection and STORAGE_EMULATOR_HOST the .NET client uses http://host:port/ as its base URI.
            app.Map("/b", branch => branch.Run(storage.Handler(GcsSurface.Root)));
            app.Run(http => JsonResponses.WriteErrorAsync(http, GoogleStatus.NotFound,
                $"The requested URL {http.Request.Path} was not found; API paths start with /v1/ (Healthcare) or /storage/v1/, /upload/storage/v1/, /download/storage/v1/ (Cloud Storage)."));
            return app;
        }
    }
}
