namespace HealthcareTools
{
    /// <summary>The session defaults shown by Get-HcDefault. Never holds a token or key.</summary>
    public sealed class HcDefaults
    {
        public string Project { get; set; }
        public string Location { get; set; }
        public string Dataset { get; set; }
        /// <summary>The endpoint requests go to, after Set-HcDefault and environment overrides.</summary>
        public string Endpoint { get; set; }
        /// <summary>Where the endpoint comes from.</summary>
        public string EndpointSource { get; set; }
        /// <summary>How requests are authorized (kind and source; never the secret).</summary>
        public string Credential { get; set; }
    }
}
