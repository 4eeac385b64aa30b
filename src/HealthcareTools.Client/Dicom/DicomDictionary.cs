using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// The PS3.6 data dictionary: tag ↔ keyword, VR, VM, name, retired. Built on first use from the
    /// generated <see cref="DicomDictionaryData"/> text so that loading the assembly (module import)
    /// costs nothing.
    /// </summary>
    public static class DicomDictionary
    {
        private sealed class Tables
        {
            public readonly Dictionary<uint, DicomDictionaryEntry> ByTag = new Dictionary<uint, DicomDictionaryEntry>(DicomDictionaryData.EntryCount);
            public readonly Dictionary<string, DicomDictionaryEntry> ByKeyword = new Dictionary<string, DicomDictionaryEntry>(DicomDictionaryData.EntryCount, StringComparer.OrdinalIgnoreCase);
            public readonly List<DicomDictionaryEntry> Repeating = new List<DicomDictionaryEntry>();
            public readonly List<DicomDictionaryEntry> All = new List<DicomDictionaryEntry>(DicomDictionaryData.EntryCount);
        }

        private static Tables tables;

        private static Tables Data => LazyInitializer.EnsureInitialized(ref tables, Build);

        /// <summary>All entries in dictionary order (single tags and repeating-group patterns).</summary>
        public static IReadOnlyList<DicomDictionaryEntry> Entries => Data.All;

        /// <summary>The entry for a tag, matching repeating groups (60xx, 50xx, …); null for private or unknown tags.</summary>
        public static DicomDictionaryEntry Lookup(DicomTag tag)
        {
            var data = Data;
            if (data.ByTag.TryGetValue(tag.Value, out var entry)) return entry;
            foreach (var candidate in data.Repeating)
            {
                if ((tag.Value & candidate.Mask) == candidate.Tag && IsAllowedRepeat(candidate, tag)) return candidate;
            }
            return null;
        }

        /// <summary>The entry for a keyword (case-insensitive), or null.</summary>
        public static DicomDictionaryEntry LookupKeyword(string keyword)
        {
            if (string.IsNullOrEmpty(keyword)) return null;
            return Data.ByKeyword.TryGetValue(keyword, out var entry) ? entry : null;
        }

        /// <summary>
        /// The VR to use when the encoding does not carry one (implicit VR): dictionary VR, LO for
        /// private creators, UL for group lengths, UN otherwise. Alternatives are returned unresolved
        /// (the first one); the reader resolves US/SS and OB/OW from context.
        /// </summary>
        public static DicomVR GetImplicitVR(DicomTag tag)
        {
            if (tag.IsGroupLength) return DicomVR.UL;
            if (tag.IsPrivate) return tag.IsPrivateCreator ? DicomVR.LO : DicomVR.UN;
            var entry = Lookup(tag);
            return entry == null ? DicomVR.UN : entry.DefaultVR;
        }

        // 50xx/60xx/7Fxx groups only take even group numbers (PS3.5 7.6).
        private static bool IsAllowedRepeat(DicomDictionaryEntry entry, DicomTag tag)
            => (entry.Mask & 0x00FF0000) != 0 || (tag.Group & 1) == 0;

        private static Tables Build()
        {
            var result = new Tables();
            var text = DicomDictionaryData.Entries;
            int start = 0;
            while (start < text.Length)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0) end = text.Length;
                var line = text.Substring(start, end - start).TrimEnd('\r');
                start = end + 1;
                if (line.Length == 0) continue;
                var entry = ParseLine(line);
                result.All.Add(entry);
                if (entry.IsRepeatingGroup) result.Repeating.Add(entry);
                else result.ByTag[entry.Tag] = entry;
                if (entry.Keyword.Length > 0 && !result.ByKeyword.ContainsKey(entry.Keyword)) result.ByKeyword.Add(entry.Keyword, entry);
            }
            return result;
        }

        internal static DicomDictionaryEntry ParseLine(string line)
        {
            var fields = line.Split('|');
            uint tag = 0, mask = 0;
            foreach (var c in fields[0])
            {
                tag <<= 4;
                mask <<= 4;
                if (c == 'x') continue;
                tag |= uint.Parse(c.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                mask |= 0xF;
            }
            var vrs = new List<DicomVR>(1);
            if (fields[1] != "NONE")
            {
                foreach (var code in fields[1].Split('/'))
                {
                    var vr = DicomVRInfo.Parse(code) ?? throw new InvalidOperationException("Unknown VR in dictionary: " + line);
                    vrs.Add(vr);
                }
            }
            return new DicomDictionaryEntry(tag, mask, vrs, fields[2], fields[3], fields[4], fields[5] == "1");
        }
    }
}
