using System;
using System.Collections.Generic;
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
        /// <summary>Properties of HcDicomFile itself: attributes with these keywords are reached through them (or the indexer).</summary>
        private static readonly HashSet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Path", "SOPInstanceUID", "SeriesInstanceUID", "StudyInstanceUID", "SOPClassUID", "PatientID", "PatientName",
            "StudyDate", "Modality", "TransferSyntax", "TransferSyntaxName", "Length", "Dataset", "Item",
        };

        /// <summary>Header only (stops before Pixel Data); known attributes stored as UN are read with their dictionary VR.</summary>
        private static DicomReadOptions Options => new DicomReadOptions { StopBeforePixelData = true, ConvertKnownUN = true };

        /// <summary>The file's header as an HcDicomFile in a PSObject, or null and an error record.</summary>
        internal static PSObject Read(FileInfo file, out ErrorRecord error)
        {
            error = null;
            try
            {
                var dicom = DicomFile.Open(file.FullName, Options);
                var header = new HcDicomFile(file.FullName, file.Length, dicom);
                return DicomValues.Wrap(header, dicom.Dataset, dicom.FileMetaInformation, Reserved);
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

    }
}
