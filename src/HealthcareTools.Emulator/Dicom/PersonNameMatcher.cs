using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>
    /// QIDO matching of PN values (PatientName, ReferringPhysicianName): exact or with '*'/'?'
    /// wildcards, case-insensitive, against the whole value or its alphabetic group; or Google's
    /// fuzzy matching (any query token is a prefix of any stored token).
    /// </summary>
    public static class PersonNameMatcher
    {
        private static readonly char[] TokenSeparators = { '^', '=', ' ', ',', '-', '.', '\'' };

        public static bool Matches(string value, string pattern, bool fuzzy)
        {
            if (string.IsNullOrEmpty(pattern)) return true;
            if (value == null) return false;
            if (fuzzy) return FuzzyMatches(value, pattern);
            string alphabetic = value.Split('=')[0];
            if (pattern.IndexOf('*') < 0 && pattern.IndexOf('?') < 0)
            {
                return string.Equals(value, pattern, StringComparison.OrdinalIgnoreCase) ||
                       string.Equals(alphabetic, pattern, StringComparison.OrdinalIgnoreCase) ||
                       string.Equals(TrimEmptyComponents(alphabetic), TrimEmptyComponents(pattern), StringComparison.OrdinalIgnoreCase);
            }
            var regex = WildcardRegex(pattern);
            return regex.IsMatch(value) || regex.IsMatch(alphabetic);
        }

        public static bool FuzzyMatches(string value, string pattern)
        {
            var stored = Tokens(value);
            return Tokens(pattern).Any(q => stored.Any(s => s.StartsWith(q, StringComparison.Ordinal)));
        }

        private static List<string> Tokens(string text) =>
            text.Split(TokenSeparators, StringSplitOptions.RemoveEmptyEntries).Select(Normalize).Where(t => t.Length > 0).ToList();

        /// <summary>Lower case without diacritics, so "José" and "jose" are the same token.</summary>
        private static string Normalize(string token)
        {
            var builder = new StringBuilder(token.Length);
            foreach (char c in token.Normalize(NormalizationForm.FormD))
            {
                if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                    builder.Append(char.ToLowerInvariant(c));
            }
            return builder.ToString();
        }

        private static string TrimEmptyComponents(string name) => name.TrimEnd('^', ' ');

        private static Regex WildcardRegex(string pattern)
        {
            var builder = new StringBuilder("^");
            foreach (char c in pattern)
            {
                if (c == '*') builder.Append(".*");
                else if (c == '?') builder.Append('.');
                else builder.Append(Regex.Escape(c.ToString()));
            }
            builder.Append('$');
            return new Regex(builder.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }
}
