using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace HealthcareTools.Client.Tests.Dicom
{
    /// <summary>One line of dcmdump output: depth, tag, VR code and the printed value.</summary>
    internal sealed class DumpLine
    {
        public int Depth;
        public string Tag;      // "0010,0010" lower-case hex
        public string VR;       // DCMTK code: PN, up, xs, ??, na, pi …
        public string Value;    // decoded text between [ ] or the raw printed value
        public bool IsText;     // value was printed in brackets
        public string Length;   // "12" or "u/l"
        public string Raw;      // the whole line, for messages

        public override string ToString() => Raw;
    }

    /// <summary>Runs DCMTK's dcmdump and parses its indented output.</summary>
    internal static class DcmdumpOracle
    {
        private static readonly Regex LinePattern = new Regex(
            @"^(?<indent> *)\((?<tag>[0-9a-f]{4},[0-9a-f]{4})\) (?<vr>[a-zA-Z?]{2}) (?<value>.*?) *# *(?<len>u/l|\d+), *\d+ .*$",
            RegexOptions.Compiled);

        public static string FindExecutable()
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (dir.Length == 0) continue;
                var candidate = Path.Combine(dir, "dcmdump");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>
        /// Dumps a file: +L full values, -Un numeric UIDs, +Qn XML-style quoting of non-ASCII and
        /// control characters (so multi-line text stays on one line), +U8 conversion to UTF-8.
        /// Returns null output when dcmdump rejects the file.
        /// </summary>
        public static (List<DumpLine> Lines, bool ConvertedToUtf8, bool RetriedWithImplicitVR, string Error) Dump(string executable, string path, string extraOptions = null)
        {
            var options = "+L -Un +Qn" + (string.IsNullOrEmpty(extraOptions) ? "" : " " + extraOptions);
            var (code, output, error) = Run(executable, options + " +U8", path);
            if (code != 0 && error.Contains("Non-standard VR", StringComparison.Ordinal))
            {
                // Implicit VR elements inside an explicit VR dataset (SC_rgb_jpeg.dcm): -vr makes DCMTK retry such
                // elements as implicit VR, which is what our reader does by default.
                options += " -vr";
                (code, output, error) = Run(executable, options + " +U8", path);
            }
            bool utf8 = true;
            if (code != 0 && error.Contains("character", StringComparison.OrdinalIgnoreCase))
            {
                // DCMTK's iconv cannot convert some ISO 2022 sets (e.g. IR 87): dump the raw bytes instead.
                (code, output, error) = Run(executable, options, path);
                utf8 = false;
            }
            bool retried = options.EndsWith("-vr", StringComparison.Ordinal);
            if (code != 0) return (null, utf8, retried, error);
            return (Parse(output), utf8, retried, error);
        }

        private static (int, string, string) Run(string executable, string options, string path)
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.Latin1,
            };
            foreach (var option in options.Split(' ')) start.ArgumentList.Add(option);
            start.ArgumentList.Add(path);
            using (var process = Process.Start(start))
            {
                var stderrTask = process.StandardError.ReadToEndAsync();
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return (process.ExitCode, output, stderrTask.Result);
            }
        }

        private static List<DumpLine> Parse(string output)
        {
            var lines = new List<DumpLine>();
            foreach (var raw in output.Split('\n'))
            {
                var match = LinePattern.Match(raw);
                if (!match.Success) continue;
                var value = match.Groups["value"].Value;
                bool isText = value.StartsWith("[", StringComparison.Ordinal) && value.EndsWith("]", StringComparison.Ordinal);
                if (isText) value = Unquote(value.Substring(1, value.Length - 2));
                else if (value == "(no value available)") value = "";
                lines.Add(new DumpLine
                {
                    Depth = match.Groups["indent"].Value.Length / 2,
                    Tag = match.Groups["tag"].Value,
                    VR = match.Groups["vr"].Value,
                    Value = value,
                    IsText = isText,
                    Length = match.Groups["len"].Value,
                    Raw = raw,
                });
            }
            return lines;
        }

        /// <summary>Turns +Qn markup (&amp;#195; …) back into bytes, then into text (UTF-8 when valid, else Latin-1).</summary>
        private static string Unquote(string text)
        {
            var bytes = new List<byte>(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '&')
                {
                    int semicolon = text.IndexOf(';', i);
                    if (semicolon > i)
                    {
                        var entity = text.Substring(i + 1, semicolon - i - 1);
                        int? code = entity switch
                        {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            _ => entity.StartsWith("#", StringComparison.Ordinal) && int.TryParse(entity.Substring(1), out var n) ? n : (int?)null,
                        };
                        if (code.HasValue)
                        {
                            bytes.Add((byte)code.Value);
                            i = semicolon;
                            continue;
                        }
                    }
                }
                bytes.Add((byte)text[i]);
            }
            return BytesToText(bytes.ToArray());
        }

        /// <summary>UTF-8 when the bytes are valid UTF-8, else Latin-1 (how both sides are normalised when dcmdump could not convert).</summary>
        public static string BytesToText(byte[] array)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(array);
            }
            catch (DecoderFallbackException)
            {
                return Encoding.Latin1.GetString(array);
            }
        }
    }
}
