using System;
using HealthcareTools.Emulator.Dicom;
using HealthcareTools.Emulator.Faults;
using HealthcareTools.Emulator.Gcs;
using HealthcareTools.Emulator.Operations;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Hosting
{
    /// <summary>The process-wide services every endpoint group shares.</summary>
    public sealed class EmulatorRuntime : IDisposable
    {
        public EmulatorRuntime(EmulatorOptions options, string dataDirectory, TimeProvider clock)
        {
            Clock = clock;
            Database = new EmulatorDatabase(dataDirectory);
            DicomFiles = new DicomFileStore(dataDirectory);
            GcsFiles = new GcsFiles(dataDirectory);
            OperationSettings = new OperationSettings(options.OperationDurationMs);
            Operations = new OperationService(OperationSettings);
            Faults = new FaultInjector(options.Faults, options.Seed);
        }

        public TimeProvider Clock { get; }
        public EmulatorDatabase Database { get; }
        public DicomFileStore DicomFiles { get; }

        /// <summary>Cloud Storage object bytes and resumable upload sessions under DATA/gcs.</summary>
        public GcsFiles GcsFiles { get; }
        public OperationSettings OperationSettings { get; }
        public OperationService Operations { get; }
        public FaultInjector Faults { get; }

        public DateTimeOffset Now => Clock.GetUtcNow();

        public void Dispose() => Database.Dispose();
    }
}
