using System;
using System.Collections.Generic;
using System.Linq;
using HealthcareTools.Client.Dicom;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.Deid
{
    /// <summary>DicomConfig.filterProfile of the Cloud Healthcare API v1 (wire names in <see cref="DeidentifyConfig"/>).</summary>
    public enum TagFilterProfile
    {
        /// <summary>TAG_FILTER_PROFILE_UNSPECIFIED: none given; behaves as <see cref="KeepAll"/>.</summary>
        Unspecified = 0,
        /// <summary>MINIMAL_KEEP_LIST_PROFILE: keep only what a valid object needs (our list: <see cref="DeidentifyOptions.MinimalKeepList"/>).</summary>
        MinimalKeepList = 1,
        /// <summary>ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE: PS3.15 Table E.1-1 Basic Profile.</summary>
        AttributeConfidentialityBasic = 2,
        /// <summary>KEEP_ALL_PROFILE: keep all tags (the primary UIDs are still regenerated unless SkipIdRedaction).</summary>
        KeepAll = 3,
        /// <summary>DEIDENTIFY_TAG_CONTENTS: text inspection by infoTypes. Not supported locally (NotSupportedException).</summary>
        DeidentifyTagContents = 4,
    }

    /// <summary>ImageConfig.textRedactionMode (burned-in text). Only "no redaction" is supported locally.</summary>
    public enum TextRedactionMode
    {
        Unspecified = 0,
        RedactAllText = 1,
        RedactSensitiveText = 2,
        RedactSensitiveTextCleanDescriptors = 3,
        RedactNoText = 4,
    }

    /// <summary>Mirror of the API's DicomConfig.</summary>
    public sealed class DicomConfig
    {
        public TagFilterProfile Profile { get; set; }

        /// <summary>keepList.tags: keywords ("StudyDate") or 8 hex digits ("00080020"); parsed with <see cref="DicomTag.Parse"/>.</summary>
        public List<string> KeepTags { get; set; } = new List<string>();

        /// <summary>removeList.tags, same forms as <see cref="KeepTags"/>.</summary>
        public List<string> RemoveTags { get; set; } = new List<string>();

        /// <summary>true: StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID and MediaStorageSOPInstanceUID are left unchanged.</summary>
        public bool SkipIdRedaction { get; set; }
    }

    /// <summary>Mirror of the API's ImageConfig.</summary>
    public sealed class ImageConfig
    {
        public TextRedactionMode TextRedactionMode { get; set; }
    }

    /// <summary>
    /// The DICOM part of the API's DeidentifyConfig (<c>{"dicom": {...}, "image": {...}}</c>), with
    /// <see cref="ToJson"/> / <see cref="FromJson"/> in the wire shape. Other members (fhir, text,
    /// useRegionalDataProcessing) are kept as raw JSON so a round trip does not lose them.
    /// </summary>
    public sealed class DeidentifyConfig
    {
        private static readonly string[][] ProfileNames =
        {
            new[] { "TAG_FILTER_PROFILE_UNSPECIFIED" },
            new[] { "MINIMAL_KEEP_LIST_PROFILE" },
            new[] { "ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE" },
            new[] { "KEEP_ALL_PROFILE" },
            new[] { "DEIDENTIFY_TAG_CONTENTS" },
        };

        private static readonly string[] RedactionNames =
        {
            "TEXT_REDACTION_MODE_UNSPECIFIED", "REDACT_ALL_TEXT", "REDACT_SENSITIVE_TEXT", "REDACT_SENSITIVE_TEXT_CLEAN_DESCRIPTORS", "REDACT_NO_TEXT",
        };

        public DicomConfig Dicom { get; set; } = new DicomConfig();

        public ImageConfig Image { get; set; } = new ImageConfig();

        private JObject otherMembers = new JObject();

        /// <summary>The API wire name of a profile ("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE").</summary>
        public static string ToWireName(TagFilterProfile profile) => ProfileNames[(int)profile][0];

        public static string ToWireName(TextRedactionMode mode) => RedactionNames[(int)mode];

        /// <summary>Parses a wire name, or (case-insensitive) the enum name ("Basic" is accepted for AttributeConfidentialityBasic).</summary>
        public static TagFilterProfile ParseProfile(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            for (int i = 0; i < ProfileNames.Length; i++)
            {
                if (string.Equals(ProfileNames[i][0], text, StringComparison.OrdinalIgnoreCase)) return (TagFilterProfile)i;
            }
            if (string.Equals(text, "Basic", StringComparison.OrdinalIgnoreCase)) return TagFilterProfile.AttributeConfidentialityBasic;
            if (string.Equals(text, "Minimal", StringComparison.OrdinalIgnoreCase)) return TagFilterProfile.MinimalKeepList;
            if (string.Equals(text, "KeepAllProfile", StringComparison.OrdinalIgnoreCase)) return TagFilterProfile.KeepAll;
            if (Enum.TryParse(text, true, out TagFilterProfile parsed) && Enum.IsDefined(typeof(TagFilterProfile), parsed) && !int.TryParse(text, out _)) return parsed;
            throw new FormatException("Unknown DICOM tag filter profile '" + text + "'. Expected one of: " + string.Join(", ", ProfileNames.Select(n => n[0])) + ".");
        }

        public static TextRedactionMode ParseTextRedactionMode(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            for (int i = 0; i < RedactionNames.Length; i++)
            {
                if (string.Equals(RedactionNames[i], text, StringComparison.OrdinalIgnoreCase)) return (TextRedactionMode)i;
            }
            if (Enum.TryParse(text, true, out TextRedactionMode parsed) && Enum.IsDefined(typeof(TextRedactionMode), parsed) && !int.TryParse(text, out _)) return parsed;
            throw new FormatException("Unknown text redaction mode '" + text + "'. Expected one of: " + string.Join(", ", RedactionNames) + ".");
        }

        /// <summary>
        /// Serializes in the API's DeidentifyConfig shape. Defaults are omitted (no filterProfile when
        /// Unspecified, no empty lists, skipIdRedaction only when true, no image when Unspecified).
        /// </summary>
        public string ToJson(bool indented = false)
        {
            var root = (JObject)otherMembers.DeepClone();
            var dicom = Dicom ?? new DicomConfig();
            var d = new JObject();
            if (dicom.Profile != TagFilterProfile.Unspecified) d["filterProfile"] = ToWireName(dicom.Profile);
            if (dicom.KeepTags != null && dicom.KeepTags.Count > 0) d["keepList"] = new JObject { ["tags"] = new JArray(dicom.KeepTags.Cast<object>().ToArray()) };
            if (dicom.RemoveTags != null && dicom.RemoveTags.Count > 0) d["removeList"] = new JObject { ["tags"] = new JArray(dicom.RemoveTags.Cast<object>().ToArray()) };
            if (dicom.SkipIdRedaction) d["skipIdRedaction"] = true;
            root["dicom"] = d;
            if (Image != null && Image.TextRedactionMode != TextRedactionMode.Unspecified)
                root["image"] = new JObject { ["textRedactionMode"] = ToWireName(Image.TextRedactionMode) };
            else
                root.Remove("image");
            return root.ToString(indented ? Formatting.Indented : Formatting.None);
        }

        /// <summary>Reads a DeidentifyConfig JSON object. Unknown enum values and malformed members raise <see cref="FormatException"/>.</summary>
        public static DeidentifyConfig FromJson(string json)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            JObject root;
            try
            {
                using (var reader = new JsonTextReader(new System.IO.StringReader(json)) { DateParseHandling = DateParseHandling.None })
                {
                    root = JObject.Load(reader);
                }
            }
            catch (JsonException e)
            {
                throw new FormatException("DeidentifyConfig is not a JSON object: " + e.Message, e);
            }
            var config = new DeidentifyConfig();
            if (root["dicom"] is JToken dicomToken && dicomToken.Type != JTokenType.Null)
            {
                if (!(dicomToken is JObject d)) throw new FormatException("DeidentifyConfig.dicom must be an object.");
                if (d["filterProfile"] is JToken p && p.Type != JTokenType.Null) config.Dicom.Profile = ParseProfile(RequireString(p, "dicom.filterProfile"));
                config.Dicom.KeepTags = ReadTagList(d["keepList"], "dicom.keepList");
                config.Dicom.RemoveTags = ReadTagList(d["removeList"], "dicom.removeList");
                if (d["skipIdRedaction"] is JToken s && s.Type != JTokenType.Null)
                {
                    if (s.Type != JTokenType.Boolean) throw new FormatException("dicom.skipIdRedaction must be a boolean.");
                    config.Dicom.SkipIdRedaction = s.Value<bool>();
                }
            }
            if (root["image"] is JToken imageToken && imageToken.Type != JTokenType.Null)
            {
                if (!(imageToken is JObject i)) throw new FormatException("DeidentifyConfig.image must be an object.");
                if (i["textRedactionMode"] is JToken m && m.Type != JTokenType.Null) config.Image.TextRedactionMode = ParseTextRedactionMode(RequireString(m, "image.textRedactionMode"));
            }
            root.Remove("dicom");
            root.Remove("image");
            config.otherMembers = root;
            return config;
        }

        private static string RequireString(JToken token, string what)
        {
            if (token.Type != JTokenType.String) throw new FormatException(what + " must be a string.");
            return token.Value<string>();
        }

        private static List<string> ReadTagList(JToken token, string what)
        {
            var result = new List<string>();
            if (token == null || token.Type == JTokenType.Null) return result;
            if (!(token is JObject list)) throw new FormatException(what + " must be an object with a 'tags' array.");
            var tags = list["tags"];
            if (tags == null || tags.Type == JTokenType.Null) return result;
            if (!(tags is JArray array)) throw new FormatException(what + ".tags must be an array.");
            foreach (var item in array) result.Add(RequireString(item, what + ".tags[]"));
            return result;
        }
    }
}
