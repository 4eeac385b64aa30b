using System.Threading;

namespace HealthcareTools.Emulator.Operations
{
    /// <summary>Run-time adjustable duration given to newly created long-running operations.</summary>
    public sealed class OperationSettings
    {
        private int _durationMs;

        public OperationSettings(int durationMs)
        {
            _durationMs = durationMs;
        }

        public int DurationMs
        {
            get => Volatile.Read(ref _durationMs);
            set => Volatile.Write(ref _durationMs, value);
        }
    }
}
