using HealthcareTools.Client.Deid;

namespace HealthcareTools
{
    /// <summary>A de-identification configuration built by New-HcDeidentifyConfig; Json is what is sent to the API.</summary>
    public sealed class HcDeidentifyConfig
    {
        /// <summary>Basic, MinimalKeepList, KeepAll or None.</summary>
        public string Profile { get; set; }
        public string[] KeepTag { get; set; }
        public string[] RemoveTag { get; set; }
        public bool SkipIdRedaction { get; set; }
        /// <summary>The DeidentifyConfig in the API's JSON shape.</summary>
        public string Json { get; set; }

        public override string ToString() => Json;
    }
}
