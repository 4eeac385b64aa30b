namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// A PN value: up to three component groups (alphabetic, ideographic, phonetic) separated by '=',
    /// each with up to five components separated by '^' (family, given, middle, prefix, suffix).
    /// </summary>
    public sealed class DicomPersonName
    {
        private DicomPersonName(string value, string alphabetic, string ideographic, string phonetic)
        {
            Value = value;
            Alphabetic = alphabetic;
            Ideographic = ideographic;
            Phonetic = phonetic;
            var components = (alphabetic ?? "").Split('^');
            FamilyName = Component(components, 0);
            GivenName = Component(components, 1);
            MiddleName = Component(components, 2);
            Prefix = Component(components, 3);
            Suffix = Component(components, 4);
        }

        /// <summary>The whole value as encoded, e.g. "Yamada^Tarou=山田^太郎=やまだ^たろう".</summary>
        public string Value { get; }

        public string Alphabetic { get; }

        public string Ideographic { get; }

        public string Phonetic { get; }

        public string FamilyName { get; }

        public string GivenName { get; }

        public string MiddleName { get; }

        public string Prefix { get; }

        public string Suffix { get; }

        public static DicomPersonName Parse(string value)
        {
            value = value ?? "";
            var groups = value.Split('=');
            return new DicomPersonName(value, Group(groups, 0), Group(groups, 1), Group(groups, 2));
        }

        /// <summary>Builds the encoded form from component groups, dropping trailing empty groups.</summary>
        public static string Compose(string alphabetic, string ideographic, string phonetic)
        {
            if (!string.IsNullOrEmpty(phonetic)) return (alphabetic ?? "") + "=" + (ideographic ?? "") + "=" + phonetic;
            if (!string.IsNullOrEmpty(ideographic)) return (alphabetic ?? "") + "=" + ideographic;
            return alphabetic ?? "";
        }

        public override string ToString() => Value;

        private static string Group(string[] groups, int index) => index < groups.Length && groups[index].Length > 0 ? groups[index] : null;

        private static string Component(string[] components, int index) => index < components.Length && components[index].Length > 0 ? components[index] : null;
    }
}
