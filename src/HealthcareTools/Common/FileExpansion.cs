using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Turns the -Path / -LiteralPath arguments of one invocation into files, lazily: wildcards resolved by
    /// the FileSystem provider, folders expanded to their files (in name order, subfolders depth first with
    /// -Recurse, links not followed). A file already covered by a folder expanded earlier is skipped, so
    /// `Get-ChildItem -Recurse | …`, which lists folders and their files, yields each file once. Each
    /// missing path or unreadable folder is one non-terminating error, and the rest go on.
    /// </summary>
    internal sealed class FileExpansion
    {
        private static readonly StringComparer PathComparer =
            Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        private readonly PSCmdlet cmdlet;
        private readonly bool recurse;
        private readonly HashSet<string> expandedFolders = new HashSet<string>(PathComparer);
        private readonly HashSet<string> recursiveFolders = new HashSet<string>(PathComparer);

        public FileExpansion(PSCmdlet cmdlet, bool recurse)
        {
            this.cmdlet = cmdlet;
            this.recurse = recurse;
        }

        public IEnumerable<string> Expand(string path, bool literal)
        {
            foreach (var file in ExpandWithRoots(path, literal))
            {
                yield return file.FullName;
            }
        }

        /// <summary>As <see cref="Expand"/>, with each file's path relative to the folder holding what the argument
        /// named (so a folder argument keeps its own name: "scans/a/1.dcm" for the folder "scans").</summary>
        public IEnumerable<(string FullName, string RelativeName)> ExpandWithRoots(string path, bool literal)
        {
            foreach (var resolved in Resolve(path, literal))
            {
                var full = WithoutTrailingSeparator(resolved);
                var root = Path.GetDirectoryName(full) ?? full;
                if (!Directory.Exists(full))
                {
                    if (!IsCovered(root))
                    {
                        yield return (full, Relative(root, full));
                    }

                    continue;
                }

                if (IsCovered(full))
                {
                    continue;
                }

                (recurse ? recursiveFolders : expandedFolders).Add(full);
                foreach (var file in FilesUnder(new DirectoryInfo(full)))
                {
                    yield return (file, Relative(root, file));
                }
            }
        }

        private static string Relative(string root, string file) =>
            file.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

        private IEnumerable<string> Resolve(string path, bool literal)
        {
            if (literal)
            {
                var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (File.Exists(full) || Directory.Exists(full))
                {
                    return new[] { full };
                }

                WritePathNotFound(path);
                return new string[0];
            }

            try
            {
                var resolved = cmdlet.GetResolvedProviderPathFromPSPath(path, out var provider);
                if (provider.Name == "FileSystem")
                {
                    return resolved;
                }

                cmdlet.WriteError(new ErrorRecord(new ArgumentException($"'{path}' is not a file system path."),
                    "NotFileSystemPath", ErrorCategory.InvalidArgument, path));
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
            {
                WritePathNotFound(path);
            }

            return new string[0];
        }

        private IEnumerable<string> FilesUnder(DirectoryInfo root)
        {
            var pending = new Stack<DirectoryInfo>();
            pending.Push(root);
            while (pending.Count > 0 && !cmdlet.Stopping)
            {
                var folder = pending.Pop();
                FileInfo[] files;
                DirectoryInfo[] subfolders;
                try
                {
                    files = folder.GetFiles();
                    subfolders = recurse ? folder.GetDirectories() : new DirectoryInfo[0];
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
                {
                    cmdlet.WriteError(new ErrorRecord(ex, "FolderReadError", ErrorCategory.ReadError, folder.FullName));
                    continue;
                }

                Array.Sort(files, (a, b) => string.CompareOrdinal(a.Name, b.Name));
                foreach (var file in files)
                {
                    yield return file.FullName;
                }

                // Pushed in reverse so that subfolders are visited in name order.
                Array.Sort(subfolders, (a, b) => string.CompareOrdinal(b.Name, a.Name));
                foreach (var subfolder in subfolders)
                {
                    if ((subfolder.Attributes & FileAttributes.ReparsePoint) == 0)
                    {
                        pending.Push(subfolder);
                    }
                }
            }
        }

        private bool IsCovered(string folder)
        {
            if (string.IsNullOrEmpty(folder))
            {
                return false;
            }

            if (expandedFolders.Contains(folder))
            {
                return true;
            }

            for (var ancestor = folder; !string.IsNullOrEmpty(ancestor) && recursiveFolders.Count > 0; ancestor = Path.GetDirectoryName(ancestor))
            {
                if (recursiveFolders.Contains(ancestor))
                {
                    return true;
                }
            }

            return false;
        }

        private static string WithoutTrailingSeparator(string path)
        {
            var root = Path.GetPathRoot(path) ?? string.Empty;
            var trimmed = path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return trimmed.Length < root.Length ? root : trimmed;
        }

        private void WritePathNotFound(string path) =>
            cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."),
                "PathNotFound", ErrorCategory.ObjectNotFound, path));
    }
}
