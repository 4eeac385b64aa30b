using System;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>Options for <see cref="DicomJson"/> (PS3.18 annex F.2).</summary>
    public sealed class DicomJsonOptions
    {
        /// <summary>Indent the output for people; compact by default.</summary>
        public bool WriteIndented { get; set; }

        /// <summary>
        /// Called for binary values (OB, OD, OF, OL, OV, OW, UN, encapsulated pixel data) longer than
        /// <see cref="BulkDataThreshold"/>: return a URI to write "BulkDataURI" instead of "InlineBinary",
        /// or null to inline the bytes.
        /// </summary>
        public Func<DicomElement, string> BulkDataUriProvider { get; set; }

        /// <summary>Binary values up to this many bytes are always inlined.</summary>
        public int BulkDataThreshold { get; set; } = 1024;

        /// <summary>When reading, called for each "BulkDataURI" to fetch the bytes; when null the element is kept empty with <see cref="DicomElement.BulkDataUri"/> set.</summary>
        public Func<string, byte[]> BulkDataResolver { get; set; }
    }
}
