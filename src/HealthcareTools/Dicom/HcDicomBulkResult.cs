namespace HealthcareTools
{
    /// <summary>The outcome of a server-side DICOM import or export: where from, where to, and how much.</summary>
    public sealed class HcDicomBulkResult
    {
        /// <summary>Import or Export.</summary>
        public string Kind { get; set; }
        /// <summary>Full name of the DICOM store.</summary>
        public string DicomStore { get; set; }
        /// <summary>gs:// source of an import, or the store of an export.</summary>
        public string Source { get; set; }
        /// <summary>gs:// prefix or bq:// table of an export, or the store of an import.</summary>
        public string Destination { get; set; }
        /// <summary>Instances imported or exported.</summary>
        public long Succeeded { get; set; }
        /// <summary>Files or instances that could not be processed (the operation still succeeds, as on Google).</summary>
        public long Failed { get; set; }
        /// <summary>The long-running operation's full name (for Get-HcOperation and its logs).</summary>
        public string Operation { get; set; }
        /// <summary>From the operation's start to its end (as the operation's metadata reports them).</summary>
        public System.TimeSpan? Duration { get; set; }

        public override string ToString() => $"{Kind} {Source} -> {Destination}: {Succeeded} succeeded, {Failed} failed";
    }
}
