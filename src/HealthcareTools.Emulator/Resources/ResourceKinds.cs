namespace HealthcareTools.Emulator.Resources
{
    /// <summary>Values of the <c>kind</c> column of the resource table.</summary>
    public static class ResourceKinds
    {
        public const string Dataset = "dataset";
        public const string Operation = "operation";
        public const string DicomStore = "dicomStore";
    }
}
