using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Turns -Path / -LiteralPath arguments into files, lazily: wildcards resolved by the FileSystem
    /// provider, folders expanded to their files (in name order, subfolders depth first with -Recurse).
    /// Each missing path or unreadable folder is one non-terminating error, and the rest go on.
    /// </summary>
    internal static class FileExpansion
    {
        public static IEnumerable<string> Expand(PSCmdlet cmdlet, string path, bool literal, bool recurse)
        {
            foreach (var full in Resolve(cmdlet, path, literal))
            {
                if (!Directory.Exists(full))
                {
                    yield return full;
                    continue;
                }

                foreach (var file in FilesUnder(cmdlet, new DirectoryInfo(full), recurse))
                {
                    yield return file;
                }
            }
        }

        private static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path, bool literal)
        {
            if (literal)
            {
                var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (File.Exists(full) || Directory.Exists(full))
                {
                    return new[] { full };
                }

                WritePathNotFound(cmdlet, path);
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
                WritePathNotFound(cmdlet, path);
            }

            return new string[0];
        }

        private static IEnumerable<string> FilesUnder(PSCmdlet cmdlet, DirectoryInfo root, bool recurse)
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

                // Pushed in reverse so that subfolders are visited in name order; links are not followed.
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

        private static void WritePathNotFound(PSCmdlet cmdlet, string path) =>
            cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."),
                "PathNotFound", ErrorCategory.ObjectNotFound, path));
    }
}
