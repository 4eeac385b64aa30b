namespace HealthcareTools.Client.Dicom
{
    /// <summary>How <see cref="DicomReader"/> reads a file.</summary>
    public sealed class DicomReadOptions
    {
        /// <summary>Defaults: everything loaded, limits against hostile input.</summary>
        public static DicomReadOptions Default => new DicomReadOptions();

        /// <summary>Header only: stops before top-level Pixel Data (7FE0,0010) without reading it.</summary>
        public static DicomReadOptions HeaderOnly => new DicomReadOptions { StopBeforePixelData = true };

        /// <summary>Stop before top-level Pixel Data (7FE0,0010); its bytes are never read, so memory does not depend on image size.</summary>
        public bool StopBeforePixelData { get; set; }

        /// <summary>Read past Pixel Data (native or encapsulated) without keeping its bytes; the element is kept with an empty value.</summary>
        public bool SkipPixelData { get; set; }

        /// <summary>Sequence nesting limit; deeper input is rejected as hostile.</summary>
        public int MaxDepth { get; set; } = 64;

        /// <summary>Largest single value accepted, in bytes (default 2 GiB - 1, the limit of a .NET array).</summary>
        public long MaxValueLength { get; set; } = int.MaxValue;

        /// <summary>The file name used in error messages when reading a stream.</summary>
        public string SourceName { get; set; }
    }
}
