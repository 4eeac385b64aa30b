using System;
using System.Collections.Generic;
using System.IO;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>A Part 10 file: preamble, File Meta Information (group 0002) and the dataset.</summary>
    public sealed class DicomFile
    {
        internal DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, byte[] preamble, string transferSyntaxUID, bool explicitVR, bool bigEndian, string filePath, IReadOnlyList<string> warnings)
        {
            FileMetaInformation = fileMetaInformation;
            Dataset = dataset;
            Preamble = preamble;
            TransferSyntaxUID = transferSyntaxUID;
            IsExplicitVR = explicitVR;
            IsBigEndian = bigEndian;
            FilePath = filePath;
            Warnings = warnings;
        }

        public DicomFile(DicomDataset dataset, DicomDataset fileMetaInformation = null)
            : this(fileMetaInformation ?? new DicomDataset(), dataset ?? throw new ArgumentNullException(nameof(dataset)), null, null, true, false, null, new string[0])
        {
        }

        /// <summary>Group 0002 elements (empty for a raw dataset without meta information).</summary>
        public DicomDataset FileMetaInformation { get; }

        public DicomDataset Dataset { get; }

        /// <summary>The 128-byte preamble, or null when the input had none.</summary>
        public byte[] Preamble { get; }

        /// <summary>(0002,0010) as found; null when absent (the encoding was then sniffed).</summary>
        public string TransferSyntaxUID { get; }

        public bool IsExplicitVR { get; }

        public bool IsBigEndian { get; }

        /// <summary>Path of the file read, when read from a path.</summary>
        public string FilePath { get; }

        /// <summary>Problems tolerated while reading (unsupported character set, missing transfer syntax, …).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Reads a file. Use <see cref="DicomReadOptions.HeaderOnly"/> to stop before the pixel data.</summary>
        public static DicomFile Open(string path, DicomReadOptions options = null)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            options = options ?? new DicomReadOptions();
            if (options.SourceName == null)
            {
                var copy = new DicomReadOptions
                {
                    StopBeforePixelData = options.StopBeforePixelData,
                    StopAfterTag = options.StopAfterTag,
                    SkipPixelData = options.SkipPixelData,
                    MaxDepth = options.MaxDepth,
                    MaxValueLength = options.MaxValueLength,
                    ConvertKnownUN = options.ConvertKnownUN,
                    DetectPrivateSequences = options.DetectPrivateSequences,
                    Strict = options.Strict,
                    SourceName = path,
                };
                options = copy;
            }
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan))
            {
                return DicomReader.Read(stream, options);
            }
        }

        /// <summary>Reads from a stream (left open).</summary>
        public static DicomFile Open(Stream stream, DicomReadOptions options = null) => DicomReader.Read(stream, options);

        /// <summary>Writes this file as Part 10 (see <see cref="DicomWriter"/>).</summary>
        public void Save(string path, DicomWriteOptions options = null)
        {
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Save(stream, options);
            }
        }

        public void Save(Stream stream, DicomWriteOptions options = null) => DicomWriter.WriteFile(stream, this, options);
    }
}
