using System;
using System.Text;
using System.Text.RegularExpressions;
using HealthcareTools.Emulator.Http;

namespace HealthcareTools.Emulator.Bulk
{
    /// <summary>
    /// A <c>gs://bucket/object</c> URI of an import source, with Google's wildcards in the object
    /// part: <c>*</c> any run of characters without '/', <c>**</c> any run including '/' (only at the
    /// end, possibly followed by a suffix without wildcards such as <c>**.dcm</c>), <c>?</c> one character.
    /// </summary>
    public sealed class GcsGlob
    {
        private readonly Regex _regex;

        private GcsGlob(string bucket, string pattern, string literalPrefix, Regex regex)
        {
            Bucket = bucket;
            Pattern = pattern;
            LiteralPrefix = literalPrefix;
            _regex = regex;
        }

        public string Bucket { get; }

        /// <summary>The object part of the URI, wildcards included.</summary>
        public string Pattern { get; }

        /// <summary>The object-name prefix before the first wildcard (used to list candidates).</summary>
        public string LiteralPrefix { get; }

        public bool Matches(string objectName) => _regex.IsMatch(objectName);

        public static GcsGlob Parse(string uri, string field)
        {
            var (bucket, pattern) = GcsUri.Split(uri, field, requireObject: true);
            int firstWildcard = pattern.IndexOfAny(new[] { '*', '?' });
            string literal = firstWildcard < 0 ? pattern : pattern.Substring(0, firstWildcard);
            int doubleStar = pattern.IndexOf("**", StringComparison.Ordinal);
            if (doubleStar >= 0)
            {
                string rest = pattern.Substring(doubleStar + 2);
                if (rest.IndexOfAny(new[] { '*', '?', '/' }) >= 0)
                    throw ApiException.InvalidArgument($"Invalid {field} '{uri}': '**' is only allowed at the end of the URI (optionally followed by a suffix such as '.dcm').");
            }
            var regex = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    regex.Append(".*");
                    i++;
                }
                else if (c == '*') regex.Append("[^/]*");
                else if (c == '?') regex.Append("[^/]");
                else regex.Append(Regex.Escape(c.ToString()));
            }
            regex.Append('$');
            return new GcsGlob(bucket, pattern, literal, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline));
        }
    }

    public static class GcsUri
    {
        /// <summary>Splits gs://bucket/object into its parts; 400 when it is not such a URI.</summary>
        public static (string Bucket, string Object) Split(string uri, string field, bool requireObject)
        {
            if (string.IsNullOrEmpty(uri)) throw ApiException.InvalidArgument($"{field} is required.");
            if (!uri.StartsWith("gs://", StringComparison.Ordinal))
                throw ApiException.InvalidArgument($"Invalid {field} '{uri}': expected gs://bucket/path.");
            string rest = uri.Substring(5);
            int slash = rest.IndexOf('/');
            string bucket = slash < 0 ? rest : rest.Substring(0, slash);
            string name = slash < 0 ? string.Empty : rest.Substring(slash + 1);
            if (bucket.Length == 0 || bucket.IndexOfAny(new[] { '*', '?' }) >= 0)
                throw ApiException.InvalidArgument($"Invalid {field} '{uri}': the bucket name is missing or contains a wildcard.");
            if (requireObject && name.Length == 0)
                throw ApiException.InvalidArgument($"Invalid {field} '{uri}': an object name or pattern is required after the bucket (e.g. gs://{bucket}/**).");
            return (bucket, name);
        }
    }
}
