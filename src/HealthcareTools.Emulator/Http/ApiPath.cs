using System;
using System.Collections.Generic;
using System.Linq;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>
    /// A /v1 request path split into resource-name segments plus an optional custom verb
    /// (<c>datasets/d1:getIamPolicy</c> → segments ending "d1", verb "getIamPolicy").
    /// </summary>
    public sealed class ApiPath
    {
        private ApiPath(string[] segments, string verb)
        {
            Segments = segments;
            Verb = verb;
            Name = string.Join('/', segments);
        }

        public IReadOnlyList<string> Segments { get; }

        /// <summary>The custom method after ':' in the last segment, or null.</summary>
        public string Verb { get; }

        /// <summary>The resource name: the segments joined with '/', without the verb.</summary>
        public string Name { get; }

        public int Count => Segments.Count;

        public string this[int index] => Segments[index];

        /// <summary>Parses the part after <c>/v1/</c>; null when the path has empty segments.</summary>
        public static ApiPath Parse(string relativePath)
        {
            var segments = relativePath.TrimEnd('/').Split('/');
            foreach (string segment in segments)
            {
                if (segment.Length == 0) return null;
            }

            string verb = null;
            string last = segments[^1];
            int colon = last.LastIndexOf(':');
            // IDs cannot contain ':', so a colon in the last segment always introduces a verb.
            if (colon >= 0)
            {
                verb = last.Substring(colon + 1);
                segments[^1] = last.Substring(0, colon);
                if (segments[^1].Length == 0 || verb.Length == 0) return null;
            }
            return new ApiPath(segments, verb);
        }

        /// <summary>
        /// True when the segments match the pattern exactly, where "*" matches any one segment
        /// and every other pattern element is a literal.
        /// </summary>
        public bool Matches(params string[] pattern)
        {
            if (pattern.Length != Segments.Count) return false;
            for (int i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] != "*" && !string.Equals(pattern[i], Segments[i], StringComparison.Ordinal)) return false;
            }
            return true;
        }

        /// <summary>The name made of the first <paramref name="count"/> segments.</summary>
        public string Prefix(int count) => string.Join('/', Segments.Take(count));
    }
}
