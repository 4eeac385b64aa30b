using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Primitives;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>One media range of an Accept header (or a Content-Type), parameters unquoted, names lower case.</summary>
    public sealed class MediaRange
    {
        public MediaRange(string type, IReadOnlyDictionary<string, string> parameters, double quality)
        {
            Type = type;
            Parameters = parameters;
            Quality = quality;
        }

        /// <summary>"type/subtype" in lower case.</summary>
        public string Type { get; }

        public IReadOnlyDictionary<string, string> Parameters { get; }
        public double Quality { get; }

        public string Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

        public override string ToString() => Type + string.Concat(Parameters.Select(p => $"; {p.Key}={p.Value}"));
    }

    public static class MediaTypes
    {
        public const string DicomJson = "application/dicom+json";
        public const string DicomXml = "application/dicom+xml";
        public const string Dicom = "application/dicom";
        public const string MultipartRelated = "multipart/related";
        public const string OctetStream = "application/octet-stream";

        /// <summary>
        /// Parses one media type with parameters, leniently: parameter values may be quoted or not
        /// (<c>type=application/dicom</c> is common although '/' is not a token character).
        /// </summary>
        public static MediaRange Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var pieces = Split(text, ';');
            string type = pieces[0].Trim().ToLowerInvariant();
            int slash = type.IndexOf('/');
            if (slash <= 0 || slash == type.Length - 1 || type.IndexOf(' ') >= 0) return null;
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            double quality = 1;
            foreach (string piece in pieces.Skip(1))
            {
                int equals = piece.IndexOf('=');
                if (equals <= 0) continue;
                string name = piece.Substring(0, equals).Trim().ToLowerInvariant();
                string value = piece.Substring(equals + 1).Trim();
                if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"') value = value.Substring(1, value.Length - 2).Replace("\\\"", "\"");
                if (name == "q")
                {
                    if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double q)) quality = q;
                    continue;
                }
                parameters[name] = value;
            }
            return new MediaRange(type, parameters, quality);
        }

        /// <summary>The ranges of an Accept header by descending q (stable); "*/*" when absent.</summary>
        public static IReadOnlyList<MediaRange> ParseAccept(StringValues headers)
        {
            var ranges = new List<MediaRange>();
            foreach (string header in headers)
            {
                if (string.IsNullOrWhiteSpace(header)) continue;
                foreach (string part in Split(header, ','))
                {
                    var range = Parse(part);
                    if (range != null) ranges.Add(range);
                }
            }
            if (ranges.Count == 0) ranges.Add(new MediaRange("*/*", new Dictionary<string, string>(), 1));
            return ranges.Where(r => r.Quality > 0).Select((r, i) => (r, i)).OrderByDescending(x => x.r.Quality).ThenBy(x => x.i).Select(x => x.r).ToList();
        }

        /// <summary>True when the range accepts <paramref name="type"/> (exact, "type/*" or "*/*").</summary>
        public static bool Accepts(MediaRange range, string type)
        {
            if (range.Type == "*/*" || range.Type == type) return true;
            return range.Type.EndsWith("/*", StringComparison.Ordinal) && type.StartsWith(range.Type.Substring(0, range.Type.Length - 1), StringComparison.Ordinal);
        }

        private static List<string> Split(string text, char separator)
        {
            var parts = new List<string>();
            int start = 0;
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '"') quoted = !quoted;
                else if (text[i] == separator && !quoted)
                {
                    parts.Add(text.Substring(start, i - start));
                    start = i + 1;
                }
            }
            parts.Add(text.Substring(start));
            return parts;
        }
    }
}
