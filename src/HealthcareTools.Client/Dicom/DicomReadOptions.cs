namespace HealthcareTools.Client.Dicom
{
    /// <summary>How <see cref="DicomReader"/> reads a file.</summary>
    public sealed class DicomReadOptions
    {
        /// <summary>Defaults: everything loaded, limits against hostile input.</summary>
        public static DicomReadOptions Default => new DicomReadOptions();

        /// <summary>
        /// Header only: stops before top-level Pixel Data (7FE0,0010) without reading its value. Truncation is
        /// still an error: the Pixel Data header (tag, VR, length) must be complete, and on a stream of known
        /// length a defined value length must fit in it; encapsulated fragments are not walked.
        /// </summary>
        public static DicomReadOptions HeaderOnly => new DicomReadOptions { StopBeforePixelData = true };

        /// <summary>
        /// Stop before top-level Pixel Data (7FE0,0010); its value is never read, so memory does not depend on
        /// image size. Its header is read and checked (see <see cref="HeaderOnly"/>); <see cref="MaxValueLength"/>
        /// does not apply to the value that is not read.
        /// </summary>
        public bool StopBeforePixelData { get; set; }

        /// <summary>
        /// Stop after this top-level tag: reading ends at the first top-level element with a greater tag, whose
        /// header and value are not read (nor anything after it). For callers that need only the first attributes
        /// (a file's UIDs, which come before (0020,000E)); nothing past the tag is checked. Null = no such stop.
        /// </summary>
        public DicomTag? StopAfterTag { get; set; }

        /// <summary>Read past Pixel Data (native or encapsulated) without keeping its bytes; the element is kept with an empty value.</summary>
        public bool SkipPixelData { get; set; }

        /// <summary>Sequence nesting limit; deeper input is rejected as hostile.</summary>
        public int MaxDepth { get; set; } = 64;

        /// <summary>Largest single value accepted, in bytes (default 2 GiB - 1, the limit of a .NET array).</summary>
        public long MaxValueLength { get; set; } = int.MaxValue;

        /// <summary>
        /// Explicit UN with a defined length whose tag the dictionary knows takes the dictionary VR; a
        /// sequence is parsed from the value as implicit VR little endian (PS3.5 6.2.2). Off by default:
        /// the element then stays UN exactly as stored (as DCMTK does by default).
        /// </summary>
        public bool ConvertKnownUN { get; set; }

        /// <summary>
        /// In implicit VR, a private or unknown element with a defined length whose value starts with an
        /// Item tag (FFFE,E000) is parsed as a sequence; if that fails the bytes are kept. Off by default.
        /// </summary>
        public bool DetectPrivateSequences { get; set; }

        /// <summary>
        /// Reject what the lenient default tolerates with a warning: implicit VR elements or unknown VRs in
        /// explicit VR data, and items whose length runs past their sequence.
        /// </summary>
        public bool Strict { get; set; }

        /// <summary>The file name used in error messages when reading a stream.</summary>
        public string SourceName { get; set; }
    }
}
