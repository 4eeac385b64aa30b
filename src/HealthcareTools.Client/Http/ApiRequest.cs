using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.Http
{
    /// <summary>One API call: method, "v1/"-relative path built from escaped segments, query, optional JSON body and
    /// whether repeating it after a lost response is harmless.</summary>
    internal sealed class ApiRequest
    {
        internal static readonly HttpMethod Patch = new HttpMethod("PATCH");

        private readonly List<KeyValuePair<string, string>> _query = new List<KeyValuePair<string, string>>();

        private ApiRequest(HttpMethod method, string path, string resourceName)
        {
            Method = method;
            Path = path;
            ResourceName = resourceName;
            // GET, PUT and DELETE are idempotent by definition; POST and PATCH opt in per method.
            RetryOnNetworkError = method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete;
        }

        internal HttpMethod Method { get; }
        /// <summary>Relative to the version root, already escaped ("projects/p/locations/l/datasets").</summary>
        internal string Path { get; }
        internal string ResourceName { get; }
        internal JToken Body { get; private set; }
        internal bool RetryOnNetworkError { get; private set; }
        internal IReadOnlyList<KeyValuePair<string, string>> Query => _query;

        /// <summary>A request on a resource name ("projects/p/...") with an optional custom verb (":cancel").</summary>
        internal static ApiRequest For(HttpMethod method, string resourceName, string suffix = null, string verb = null)
        {
            var path = EscapePath(resourceName);
            if (!string.IsNullOrEmpty(suffix))
            {
                path += "/" + EscapePath(suffix);
            }
            if (!string.IsNullOrEmpty(verb))
            {
                path += ":" + verb;
            }
            return new ApiRequest(method, path, resourceName);
        }

        internal ApiRequest WithQuery(string name, string value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                _query.Add(new KeyValuePair<string, string>(name, value));
            }
            return this;
        }

        internal ApiRequest WithQuery(string name, int? value) =>
            value.HasValue ? WithQuery(name, value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : this;

        internal ApiRequest WithBody(JToken body)
        {
            Body = body;
            return this;
        }

        /// <summary>A copy naming another resource in errors (a create names the new child, not the parent URL).</summary>
        internal ApiRequest About(string resourceName)
        {
            var copy = new ApiRequest(Method, Path, resourceName) { Body = Body, RetryOnNetworkError = RetryOnNetworkError };
            copy._query.AddRange(_query);
            return copy;
        }

        /// <summary>Declares that sending this request twice has the same effect as sending it once.</summary>
        internal ApiRequest SafeToRepeat(bool safe = true)
        {
            RetryOnNetworkError = safe;
            return this;
        }

        internal Uri BuildUri(Uri baseUri)
        {
            var builder = new StringBuilder("v1/").Append(Path);
            if (_query.Count > 0)
            {
                builder.Append('?').Append(string.Join("&", _query.Select(pair => Escape(pair.Key) + "=" + Escape(pair.Value))));
            }
            return new Uri(baseUri, builder.ToString());
        }

        /// <summary>Escapes each segment on its own, so IDs with spaces, '%', '?' or '#' (DICOM store IDs allow them)
        /// cannot change the path; ':' and '@' are legal in a segment and stay readable.</summary>
        internal static string EscapePath(string path) =>
            string.Join("/", path.Split('/').Select(Escape).Select(segment => segment.Replace("%3A", ":").Replace("%40", "@")));

        private static string Escape(string text) => Uri.EscapeDataString(text ?? string.Empty);
    }
}
