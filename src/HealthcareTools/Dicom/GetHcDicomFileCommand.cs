using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using HealthcareTools.Common;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// <para type="synopsis">Reads the headers of DICOM Part 10 files.</para>
    /// <para type="description">Reads each file's header (everything before Pixel Data, which is not read,
    /// so large images cost no more than small ones) and writes one HcDicomFile per file as soon as it is
    /// read. Paths may be files or folders and may contain wildcards; a folder gives its files (in name
    /// order), and with -Recurse the files of all its subfolders. Files and folders piped from
    /// Get-ChildItem are read as they arrive; a file that a folder given earlier in the same command
    /// already covered is not read again, so Get-ChildItem -Recurse | Get-HcDicomFile reads each file
    /// once.</para>
    /// <para type="description">Each HcDicomFile has Path, SOPInstanceUID, SeriesInstanceUID,
    /// StudyInstanceUID, SOPClassUID, PatientID, PatientName (alphabetic form), StudyDate (a date),
    /// Modality, TransferSyntax, TransferSyntaxName and Length, plus every other attribute of the header
    /// as a property named by its keyword ($file.StudyDescription, $file.SliceThickness), decoded when
    /// first read: dates (DA, DT) as DateTime, IS and DS as numbers, person names as their alphabetic
    /// form, sequences as items with the same kind of properties. Any attribute, private ones included,
    /// can also be read by tag or keyword with the indexer: $file['00100010'], $file['(0010,0010)'] or
    /// $file['PatientName']. The hidden Dataset property holds the engine's dataset for advanced use.</para>
    /// <para type="description">A file that is not valid DICOM is a non-terminating error (error id
    /// InvalidDicomFile, category InvalidData) whose message names the file, the byte offset and the
    /// reason, and the other files are still read. A path that does not exist is a non-terminating
    /// ObjectNotFound error (PathNotFound). Without a path, the files of the current folder are read.</para>
    /// </summary>
    /// <example>
    /// <code>Get-HcDicomFile -Path D:\incoming\*.dcm | Format-Table</code>
    /// <para>Reads the header of every .dcm file in D:\incoming and shows patient, study date, modality,
    /// SOP Instance UID and file name.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem D:\incoming -Recurse -Filter *.dcm | Get-HcDicomFile | Group-Object StudyInstanceUID</code>
    /// <para>Groups every DICOM file under D:\incoming by study.</para>
    /// </example>
    /// <example>
    /// <code>Get-HcDicomFile D:\archive -Recurse -ErrorAction SilentlyContinue -ErrorVariable bad | Where-Object { $_.Modality -eq 'CT' -and $_.SliceThickness -lt 1 } | Select-Object PatientID, StudyDescription, SeriesDescription, Path</code>
    /// <para>Finds thin-slice CT files in a folder tree by any header attribute; the files that are not
    /// DICOM are collected in $bad (each error's TargetObject is the file's path).</para>
    /// </example>
    /// <example>
    /// <code>$file = Get-HcDicomFile .\image.dcm; $file['00100010']; $file['(0028,0010)']; $file.ReferencedImageSequence[0].ReferencedSOPInstanceUID</code>
    /// <para>Reads attributes by tag (with or without parentheses) and a sequence item's attribute by keyword.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "HcDicomFile", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(HcDicomFile))]
    public sealed class GetHcDicomFileCommand : HcCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>True when HcDicomAdapter serves the keyword properties; otherwise each object gets note properties.</summary>
        private bool adapted;

        /// <summary>This invocation's path expansion (it remembers folders already read).</summary>
        private FileExpansion files;

        /// <summary>
        /// <para type="description">Files or folders to read; wildcards are allowed. A folder gives the files
        /// in it (with -Recurse, in its subfolders too). Default: the current folder.</para>
        /// </summary>
        [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; }

        /// <summary>
        /// <para type="description">Files or folders to read, taken literally (no wildcards). Bound from the
        /// PSPath or FullName of objects piped from Get-ChildItem.</para>
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; }

        /// <summary>
        /// <para type="description">Also reads the files in every subfolder of the folders given.</para>
        /// </summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            adapted = HcDicomAdapter.EnsureRegistered(this);
        }

        protected override void ProcessRecord()
        {
            files = files ?? new FileExpansion(this, Recurse);
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var path in literal ? LiteralPath : Path ?? new[] { "." })
            {
                foreach (var file in files.Expand(path, literal))
                {
                    if (Stopping)
                    {
                        return;
                    }

                    ReadFile(new FileInfo(file));
                }
            }
        }

        private void ReadFile(FileInfo file)
        {
            var output = HcDicomFileReader.Read(file, out var error);
            if (output != null)
            {
                WriteObject(adapted ? (object)output : HcDicomFileReader.WithNoteProperties(output));
            }
            else
            {
                WriteError(error);
            }
        }
    }
}
