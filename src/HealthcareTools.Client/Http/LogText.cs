using System;
using System.Collections.Generic;

namespace HealthcareTools.Client.Http
{
    /// <summary>What of a URL may appear in the debug log: the path and the names of query parameters, never their
    /// values (page tokens, filters that may hold patient identifiers).</summary>
    internal static class LogText
    {
        internal static string PathOf(Uri uri)
        {
            if (uri == null)
            {
                return "(no URI)";
            }
            var path = uri.AbsolutePath;
            var query = uri.Query;
            if (string.IsNullOrEmpty(query) || query == "?")
            {
                return path;
            }
            var names = new List<string>();
            foreach (var pair in query.TrimStart('?').Split('&'))
            {
                var equals = pair.IndexOf('=');
                var name = equals < 0 ? pair : pair.Substring(0, equals);
                if (name.Length > 0)
                {
                    names.Add(Uri.UnescapeDataString(name));
                }
            }
            return path + " [query: " + string.Join(", ", names) + "]";
        }
    }
}
