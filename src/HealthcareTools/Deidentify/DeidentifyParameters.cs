using System;
using System.Collections.Generic;
using HealthcareTools.Client.Deid;

namespace HealthcareTools.Deidentify
{
    /// <summary>The friendly profile names of the cmdlets and the API's DicomConfig they stand for.</summary>
    internal static class DeidentifyParameters
    {
        public static readonly string[] ProfileNames = { "Basic", "MinimalKeepList", "KeepAll", "None" };

        /// <summary>Builds and validates the configuration (bad tags, conflicting lists, unsupported modes are errors now,
        /// before any request).</summary>
        public static HcDeidentifyConfig Build(string profile, string[] keepTags, string[] removeTags, bool skipIdRedaction)
        {
            var config = new DeidentifyConfig
            {
                Dicom = new DicomConfig
                {
                    Profile = ToProfile(profile),
                    KeepTags = new List<string>(keepTags ?? new string[0]),
                    RemoveTags = new List<string>(removeTags ?? new string[0]),
                    SkipIdRedaction = skipIdRedaction,
                },
            };

            // The local engine checks tags and combinations the same way the server will.
            new DicomDeidentifier(config);
            return new HcDeidentifyConfig
            {
                Profile = profile ?? "Basic",
                KeepTag = keepTags ?? new string[0],
                RemoveTag = removeTags ?? new string[0],
                SkipIdRedaction = skipIdRedaction,
                Json = config.ToJson(),
            };
        }

        private static TagFilterProfile ToProfile(string profile)
        {
            switch (profile ?? "Basic")
            {
                case "Basic": return TagFilterProfile.AttributeConfidentialityBasic;
                case "MinimalKeepList": return TagFilterProfile.MinimalKeepList;
                case "KeepAll": return TagFilterProfile.KeepAll;
                case "None": return TagFilterProfile.Unspecified;
                default: throw new ArgumentException($"Unknown profile '{profile}': use {string.Join(", ", ProfileNames)}.");
            }
        }
    }
}
