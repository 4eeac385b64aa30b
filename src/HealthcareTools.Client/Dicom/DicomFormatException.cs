using System;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>The input is not valid DICOM (or not DICOM at all). Names the file, the byte offset and the reason.</summary>
    public class DicomFormatException : Exception
    {
        public DicomFormatException(string message) : base(message) { }

        public DicomFormatException(string message, Exception innerException) : base(message, innerException) { }

        public DicomFormatException(string filePath, long offset, string reason, Exception innerException = null)
            : base(Format(filePath, offset, reason), innerException)
        {
            FilePath = filePath;
            Offset = offset;
            Reason = reason;
        }

        /// <summary>The file being read, when known.</summary>
        public string FilePath { get; }

        /// <summary>Byte offset in the input where the problem was found (in the inflated data for deflated files), or -1.</summary>
        public long Offset { get; } = -1;

        /// <summary>What is wrong, without file and offset.</summary>
        public string Reason { get; }

        private static string Format(string filePath, long offset, string reason)
            => (string.IsNullOrEmpty(filePath) ? "DICOM input" : "'" + filePath + "'") + (offset >= 0 ? " at byte offset " + offset : "") + ": " + reason;
    }
}
