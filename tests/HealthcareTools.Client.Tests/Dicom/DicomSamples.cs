using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HealthcareTools.Client.Tests.Dicom
{
    /// <summary>The public sample corpus copied into tests/data/dicom-samples (see its README and MANIFEST.tsv).</summary>
    internal static class DicomSamples
    {
        public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "data", "dicom-samples");

        /// <summary>Files that are deliberately broken beyond reading (truncated; a stray leading byte before a raw dataset).</summary>
        public static readonly HashSet<string> Unreadable = new HashSet<string>(StringComparer.Ordinal)
        {
            "pydicom/test_files/MR_truncated.dcm",
            "pydicom/test_files/rtplan_truncated.dcm",
            // No preamble, no meta, and one stray byte 0x20 before (0008,0005): neither we nor dcmdump can find the elements.
            "pydicom/test_files/no_meta.dcm",
        };

        private static readonly Lazy<IReadOnlyList<string>> manifest = new Lazy<IReadOnlyList<string>>(() =>
            File.ReadAllLines(Path.Combine(Root, "MANIFEST.tsv")).Skip(1)
                .Where(line => line.Length > 0)
                .Select(line => line.Split('\t')[0])
                .ToList());

        /// <summary>Every DICOM (not JSON) file of the manifest, relative path with '/'.</summary>
        public static IReadOnlyList<string> AllDicom => manifest.Value.Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).ToList();

        public static IReadOnlyList<string> Readable => AllDicom.Where(f => !Unreadable.Contains(f)).ToList();

        public static IReadOnlyList<string> Json => manifest.Value.Where(f => f.EndsWith(".json", StringComparison.Ordinal)).ToList();

        public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        public static IEnumerable<object[]> ReadableData() => Readable.Select(f => new object[] { f });

        public static IEnumerable<object[]> UnreadableData() => Unreadable.Select(f => new object[] { f });

        public static IEnumerable<object[]> JsonData() => Json.Select(f => new object[] { f });
    }
}
