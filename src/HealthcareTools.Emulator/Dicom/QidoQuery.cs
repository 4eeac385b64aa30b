using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>
    /// A QIDO-RS search as Google supports it: match keys per level (exact, PN wildcards, fuzzy PN,
    /// StudyDate ranges, UID lists), includefield, limit and offset; and the attributes returned.
    /// </summary>
    public sealed class QidoQuery
    {
        public const string StudyInstanceUID = "0020000D";
        public const string SeriesInstanceUID = "0020000E";
        public const string SOPInstanceUID = "00080018";
        public const string PatientName = "00100010";
        public const string PatientID = "00100020";
        public const string AccessionNumber = "00080050";
        public const string ReferringPhysicianName = "00080090";
        public const string StudyDate = "00080020";
        public const string Modality = "00080060";

        private static readonly string[] StudyKeys = { StudyInstanceUID, PatientName, PatientID, AccessionNumber, ReferringPhysicianName, StudyDate };
        private static readonly string[] SeriesKeys = StudyKeys.Concat(new[] { SeriesInstanceUID, Modality }).ToArray();
        private static readonly string[] InstanceKeys = SeriesKeys.Concat(new[] { SOPInstanceUID }).ToArray();

        private static readonly string[] StudyDefaults =
        {
            "00080020", "00080030", "00080050", "00080090", "00100010", "00100020", "00100030", "00100040", "0020000D", "00200010",
        };

        private static readonly string[] StudyExtras =
        {
            "00080080", "00081030", "00081060", "00081080", "00100021", "00100032", "00101000", "00101010", "00101020", "00101030",
            "00102160", "00102180", "001021B0", "00104000",
        };

        private static readonly string[] SeriesDefaults = { "00080060", "0008103E", "0020000E", "00200011", "00400244", "00400245" };

        private static readonly string[] SeriesExtras =
        {
            "00080021", "00080031", "00080070", "00081010", "00081050", "00081070", "00081090", "00180015", "00181030", "00185100",
            "00200052", "00200060", "00400275",
        };

        private static readonly string[] InstanceDefaults = { "00080016", "00080018", "00200013", "00280010", "00280011", "00280100", "00280008" };

        private static readonly HashSet<string> Ignored = new HashSet<string>(StringComparer.Ordinal)
        {
            "alt", "key", "access_token", "prettyPrint", "fields", "$.xgafv", "quotaUser", "callback", "upload_protocol", "uploadType", "oauth_token",
        };

        private static readonly Regex Date = new Regex(@"^\d{8}$", RegexOptions.CultureInvariant);

        private QidoQuery()
        {
        }

        public DicomLevel Level { get; private set; }
        public DicomSearchFilter Filter { get; } = new DicomSearchFilter();
        public int Limit { get; private set; }
        public int Offset { get; private set; }
        public bool IncludeAll { get; private set; }
        public HashSet<string> IncludeFields { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Parses the query string; <paramref name="study"/>/<paramref name="series"/> come from the path.</summary>
        public static QidoQuery Parse(DicomLevel level, IQueryCollection query, string study, string series)
        {
            var result = new QidoQuery { Level = level };
            bool fuzzy = false;
            int? limit = null;
            var keys = new List<(string Tag, string Name, string Value)>();
            foreach (var (name, values) in query)
            {
                string value = values.Count > 0 ? values[values.Count - 1] : string.Empty;
                switch (name)
                {
                    case "limit":
                        limit = ParseInt(name, value, 1);
                        continue;
                    case "offset":
                        result.Offset = ParseInt(name, value, 0);
                        if (result.Offset > 1_000_000) throw ApiException.InvalidArgument($"offset {result.Offset} is too large: the maximum is 1000000.");
                        continue;
                    case "fuzzymatching":
                        if (value != "true" && value != "false") throw ApiException.InvalidArgument($"Invalid fuzzymatching '{value}': expected true or false.");
                        fuzzy = value == "true";
                        continue;
                    case "includefield":
                        foreach (string field in values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                        {
                            if (field == "all") result.IncludeAll = true;
                            else result.IncludeFields.Add(ResolveTag(field, "includefield"));
                        }
                        continue;
                }
                if (Ignored.Contains(name)) continue;
                string tag = ResolveTag(name, "QIDO parameter");
                string[] allowed = level == DicomLevel.Study ? StudyKeys : level == DicomLevel.Series ? SeriesKeys : InstanceKeys;
                if (Array.IndexOf(allowed, tag) < 0)
                    throw ApiException.InvalidArgument($"Invalid QIDO-RS query parameter '{name}': it is not a supported match key for {level.ToString().ToLowerInvariant()} searches " +
                        $"(supported: {string.Join(", ", allowed.Select(KeywordOf))}, includefield, limit, offset, fuzzymatching).");
                keys.Add((tag, name, value));
            }

            int defaultLimit = level == DicomLevel.Instance ? 1000 : 100;
            int maxLimit = level == DicomLevel.Instance ? 50000 : 5000;
            result.Limit = Math.Min(limit ?? defaultLimit, maxLimit);

            var filter = result.Filter;
            if (study != null) filter.Conditions.Add("study_uid = " + filter.AddParameter(study));
            if (series != null) filter.Conditions.Add("series_uid = " + filter.AddParameter(series));
            foreach (var (tag, name, value) in keys)
            {
                if (string.IsNullOrEmpty(value)) continue; // universal match
                switch (tag)
                {
                    case StudyInstanceUID: AddUidList(filter, "study_uid", value); break;
                    case SeriesInstanceUID: AddUidList(filter, "series_uid", value); break;
                    case SOPInstanceUID: AddUidList(filter, "sop_uid", value); break;
                    case PatientName:
                        filter.Conditions.Add($"hc_pn_match(patient_name, {filter.AddParameter(value)}, {(fuzzy ? 1 : 0)})");
                        break;
                    case ReferringPhysicianName:
                        filter.Conditions.Add($"hc_pn_match(referring_physician_name, {filter.AddParameter(value)}, 0)");
                        break;
                    case PatientID: filter.Conditions.Add("patient_id = " + filter.AddParameter(value)); break;
                    case AccessionNumber: filter.Conditions.Add("accession_number = " + filter.AddParameter(value)); break;
                    case Modality: filter.Conditions.Add("modality = " + filter.AddParameter(value)); break;
                    case StudyDate: AddDate(filter, name, value); break;
                }
            }
            return result;
        }

        /// <summary>The JSON dataset returned for one result row.</summary>
        public JsonObject Render(DicomSearchRow row)
        {
            var header = (JsonObject)JsonNode.Parse(row.Instance.HeaderJson);
            var tags = new SortedSet<string>(StringComparer.Ordinal);
            tags.UnionWith(StudyDefaults);
            if (IncludeAll) tags.UnionWith(StudyExtras);
            if (Level != DicomLevel.Study)
            {
                tags.UnionWith(SeriesDefaults);
                if (IncludeAll) tags.UnionWith(SeriesExtras);
            }
            if (Level == DicomLevel.Instance)
            {
                tags.UnionWith(InstanceDefaults);
                if (IncludeAll) tags.UnionWith(header.Select(p => p.Key));
            }
            tags.UnionWith(IncludeFields);

            var result = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (string tag in tags)
            {
                if (header.TryGetPropertyValue(tag, out var node) && node != null) result[tag] = node.DeepClone();
            }
            if (Level == DicomLevel.Study)
            {
                if (row.Modalities.Count > 0) result["00080061"] = new JsonObject { ["vr"] = "CS", ["Value"] = new JsonArray(row.Modalities.Select(m => (JsonNode)m).ToArray()) };
                result["00201206"] = new JsonObject { ["vr"] = "IS", ["Value"] = new JsonArray(row.SeriesCount) };
                result["00201208"] = new JsonObject { ["vr"] = "IS", ["Value"] = new JsonArray(row.InstanceCount) };
            }
            else if (Level == DicomLevel.Series)
            {
                result["00201209"] = new JsonObject { ["vr"] = "IS", ["Value"] = new JsonArray(row.InstanceCount) };
            }
            var json = new JsonObject();
            foreach (var (tag, node) in result) json[tag] = node;
            return json;
        }

        private static void AddUidList(DicomSearchFilter filter, string column, string value)
        {
            var uids = value.Split(new[] { ',', '\\' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (uids.Length == 0) return;
            filter.Conditions.Add($"{column} IN ({string.Join(", ", uids.Select(u => filter.AddParameter(u)))})");
        }

        private static void AddDate(DicomSearchFilter filter, string name, string value)
        {
            int dash = value.IndexOf('-');
            string from = dash < 0 ? value : value.Substring(0, dash);
            string to = dash < 0 ? value : value.Substring(dash + 1);
            if ((from.Length > 0 && !Date.IsMatch(from)) || (to.Length > 0 && !Date.IsMatch(to)) || (from.Length == 0 && to.Length == 0))
                throw ApiException.InvalidArgument($"Invalid {name} '{value}': expected YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be open).");
            if (from.Length > 0) filter.Conditions.Add("study_date >= " + filter.AddParameter(from));
            if (to.Length > 0) filter.Conditions.Add("study_date <= " + filter.AddParameter(to));
        }

        private static int ParseInt(string name, string value, int minimum)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < minimum)
                throw ApiException.InvalidArgument($"Invalid {name} '{value}': expected an integer >= {minimum}.");
            return number;
        }

        /// <summary>"PatientName", "00100010" or "(0010,0010)" → "00100010"; unknown → INVALID_ARGUMENT.</summary>
        public static string ResolveTag(string text, string what)
        {
            if (!DicomTag.TryParse(text, out var tag))
                throw ApiException.InvalidArgument($"Invalid {what} '{text}': not a DICOM keyword or tag.");
            return tag.ToJsonKey();
        }

        private static string KeywordOf(string tag) => DicomTag.Parse(tag).Keyword ?? tag;
    }
}
