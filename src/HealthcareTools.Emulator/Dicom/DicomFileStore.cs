using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>
    /// Part 10 files under the data folder: <c>dicom/{store hash}/{study}/{series}/{sop}.dcm</c>
    /// (a UID that is not a plain dotted number is replaced by its hash), and request parts being
    /// received under <c>dicom/tmp</c>.
    /// </summary>
    public sealed class DicomFileStore
    {
        private static readonly Regex SafeUid = new Regex(@"^[0-9][0-9.]{0,63}$", RegexOptions.CultureInvariant);

        public DicomFileStore(string dataDirectory)
        {
            DataDirectory = dataDirectory;
            Root = Path.Combine(dataDirectory, "dicom");
            TempDirectory = Path.Combine(Root, "tmp");
            Directory.CreateDirectory(TempDirectory);
            // Parts of requests interrupted by a previous stop.
            foreach (string stale in Directory.EnumerateFiles(TempDirectory))
            {
                TryDelete(stale);
            }
        }

        public string DataDirectory { get; }
        public string Root { get; }
        public string TempDirectory { get; }

        public string NewTempFile() => Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".part");

        public static string StoreFolderName(string storeName) => Hash(storeName);

        /// <summary>The relative path (with '/') of an instance's file.</summary>
        public static string RelativePath(string store, string study, string series, string sop) =>
            $"dicom/{StoreFolderName(store)}/{Segment(study)}/{Segment(series)}/{Segment(sop)}.dcm";

        public string FullPath(string relativePath) => Path.Combine(DataDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar));

        /// <summary>Moves a received part into place (replacing a leftover of a failed earlier attempt).</summary>
        public void Place(string tempFile, string relativePath)
        {
            string target = FullPath(relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target));
            File.Move(tempFile, target, overwrite: true);
        }

        public void DeleteInstances(IEnumerable<DicomInstanceRow> rows)
        {
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                string path = FullPath(row.File);
                TryDelete(path);
                folders.Add(Path.GetDirectoryName(path));
            }
            foreach (string series in folders)
            {
                TryRemoveEmpty(series);
                TryRemoveEmpty(Path.GetDirectoryName(series));
            }
        }

        public void DeleteStore(string storeName)
        {
            string folder = Path.Combine(Root, StoreFolderName(storeName));
            try
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        public static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static void TryRemoveEmpty(string folder)
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).GetEnumerator().MoveNext()) Directory.Delete(folder);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static string Segment(string uid) => SafeUid.IsMatch(uid) ? uid : "h" + Hash(uid);

        private static string Hash(string text)
        {
            byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            return Convert.ToHexString(digest, 0, 10).ToLowerInvariant();
        }
    }
}
