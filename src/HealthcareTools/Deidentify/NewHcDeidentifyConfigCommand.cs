using System.Management.Automation;
using HealthcareTools.Common;

namespace HealthcareTools.Deidentify
{
    /// <summary>
    /// <para type="synopsis">Builds a DICOM de-identification configuration, so scripts need no JSON.</para>
    /// <para type="description">-Profile Basic is the DICOM PS3.15 Annex E basic confidentiality profile;
    /// MinimalKeepList keeps only what a valid object needs; KeepAll keeps every tag (UIDs are still regenerated
    /// unless -SkipIdRedaction). -KeepTag and -RemoveTag take keywords (StudyDate) or tags (00080020). The
    /// configuration is checked now — an unknown tag or a tag in both lists is an error — and its Json is what
    /// Invoke-HcDeidentify sends.</para>
    /// </summary>
    /// <example>
    /// <code>$config = New-HcDeidentifyConfig -Profile Basic -KeepTag StudyDate, Modality; $config.Json</code>
    /// <para>Builds a basic-profile configuration that keeps two tags, and shows its JSON.</para>
    /// </example>
    /// <example>
    /// <code>New-HcDeidentifyConfig -Profile KeepAll -RemoveTag PatientName | Invoke-HcDeidentify -DicomStore ct -DestinationStore ct_names_removed</code>
    /// <para>Pipes a configuration into a de-identification.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "HcDeidentifyConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.None)]
    [OutputType(typeof(HcDeidentifyConfig))]
    public sealed class NewHcDeidentifyConfigCommand : HcCmdlet
    {
        /// <summary><para type="description">Basic (the default), MinimalKeepList, KeepAll or None.</para></summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Basic", "MinimalKeepList", "KeepAll", "None")]
        public string Profile { get; set; } = "Basic";

        /// <summary><para type="description">Tags to keep whatever the profile says (keywords or 8-digit tags).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [DicomTagArgument]
        public string[] KeepTag { get; set; }

        /// <summary><para type="description">Tags to remove whatever the profile says.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [DicomTagArgument]
        public string[] RemoveTag { get; set; }

        /// <summary><para type="description">Keep the Study, Series and SOP Instance UIDs instead of regenerating them.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter SkipIdRedaction { get; set; }

        protected override void ProcessRecord()
        {
            if (ShouldProcess("de-identification configuration", "Build"))
            {
                ForItem(Profile, () => WriteObject(DeidentifyParameters.Build(Profile, KeepTag, RemoveTag, SkipIdRedaction)));
            }
        }
    }
}
