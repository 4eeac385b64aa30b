using System;
using System.IO;
using System.Management.Automation;
using HealthcareTools.Client.Dicom;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// Reads one file's header into the PowerShell object Get-HcDicomFile writes. Kept apart from the
    /// cmdlet so that the engine assembly loads when a file is first read, not when the cmdlet is.
    /// </summary>
    internal static class HcDicomFileReader
    {
        /// <summary>Header only (stops before Pixel Data); known attributes stored as UN are read with their dictionary VR.</summary>
        private static DicomReadOptions Options => new DicomReadOptions { StopBeforePixelData = true, ConvertKnownUN = true };

        /// <summary>The file's header as an HcDicomFile, or null and an error record.</summary>
        internal static HcDicomFile Read(FileInfo file, out ErrorRecord error)
        {
            error = null;
            try
            {
                var dicom = DicomFile.Open(file.FullName, Options);
                return new HcDicomFile(file.FullName, file.Length, dicom);
            }
            catch (DicomFormatException ex)
            {
                error = new ErrorRecord(ex, "InvalidDicomFile", ErrorCategory.InvalidData, file.FullName);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                error = new ErrorRecord(ex, "FileReadError", ErrorCategory.ReadError, file.FullName);
            }

            return null;
        }

        /// <summary>Without the adapter (see <see cref="HcDicomAdapter.EnsureRegistered"/>): the file with one note property per keyword.</summary>
        internal static PSObject WithNoteProperties(HcDicomFile header) =>
            DicomValues.Wrap(header, header.Dataset, header.Meta, HcDicomAdapter.FilePropertySet);
    }
}
