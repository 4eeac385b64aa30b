using System;
using System.Net;

namespace HealthcareTools.Client.Auth
{
    /// <summary>The base URL requests go to ("https://healthcare.googleapis.com/"; paths add "v1/...").</summary>
    public sealed class ApiEndpoint
    {
        /// <summary>Google's production endpoint.</summary>
        public const string GoogleBaseUri = "https://healthcare.googleapis.com/";
        /// <summary>"host:port" of a local emulator (plain http, loopback only).</summary>
        public const string EmulatorHostVariable = "HEALTHCARE_EMULATOR_HOST";
        /// <summary>gcloud's endpoint override, a URL with a trailing slash and without "v1/".</summary>
        public const string GcloudOverrideVariable = "CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE";

        private ApiEndpoint(Uri baseUri, string source)
        {
            BaseUri = baseUri;
            IsPlainHttp = baseUri.Scheme == Uri.UriSchemeHttp;
            Source = source;
        }

        /// <summary>Always ends with '/', never with "v1/".</summary>
        public Uri BaseUri { get; }
        /// <summary>True for plain-http (loopback-only) endpoints: no credentials are looked up or sent.</summary>
        public bool IsPlainHttp { get; }
        /// <summary>Where the value came from, for debug output: "Set-HcDefault -Endpoint", "$env:HEALTHCARE_EMULATOR_HOST", ...</summary>
        public string Source { get; }

        /// <summary>Builds an endpoint from a URL (or, for the emulator variable, "host:port"). Throws ArgumentException for
        /// a malformed value or for plain http to a non-loopback host. A trailing "v1/" is removed.</summary>
        public static ApiEndpoint FromValue(string value, string source)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                throw new ArgumentException($"The endpoint from {source} is empty.", nameof(value));
            }
            // "host:port" (the emulator variable's form) has no scheme: the emulator speaks plain http.
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                text = "http://" + text;
            }
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host)
                || !string.IsNullOrEmpty(uri.Query)
                || !string.IsNullOrEmpty(uri.Fragment)
                || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException(
                    $"The endpoint '{value}' from {source} is not a valid http(s) URL without query, fragment or user info (for example 'https://healthcare.googleapis.com/' or 'http://127.0.0.1:8080/').",
                    nameof(value));
            }
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopbackHost(uri.Host))
            {
                throw new ArgumentException(
                    $"The endpoint '{value}' from {source} uses plain http to '{uri.Host}', which is not a loopback host; plain http is only allowed for localhost, 127.0.0.0/8 and ::1. Use https.",
                    nameof(value));
            }
            return new ApiEndpoint(NormalizeBase(uri), source);
        }

        /// <summary>Order: explicit value (if any) → HEALTHCARE_EMULATOR_HOST → CLOUDSDK_API_ENDPOINT_OVERRIDES_HEALTHCARE
        /// → Google. <paramref name="getEnvironment"/> reads a variable (null when unset).</summary>
        public static ApiEndpoint Resolve(string explicitValue, string explicitSource, Func<string, string> getEnvironment)
        {
            if (!string.IsNullOrWhiteSpace(explicitValue))
            {
                return FromValue(explicitValue, explicitSource ?? "an explicit value");
            }
            getEnvironment = getEnvironment ?? Environment.GetEnvironmentVariable;
            var emulator = getEnvironment(EmulatorHostVariable);
            if (!string.IsNullOrWhiteSpace(emulator))
            {
                return FromValue(emulator, "$env:" + EmulatorHostVariable);
            }
            var gcloudOverride = getEnvironment(GcloudOverrideVariable);
            if (!string.IsNullOrWhiteSpace(gcloudOverride))
            {
                return FromValue(gcloudOverride, "$env:" + GcloudOverrideVariable);
            }
            return new ApiEndpoint(new Uri(GoogleBaseUri), "Google default");
        }

        /// <summary>True for localhost, 127.0.0.0/8 and ::1.</summary>
        internal static bool IsLoopbackHost(string host)
        {
            if (string.IsNullOrEmpty(host))
            {
                return false;
            }
            var bare = host.Trim('[', ']');
            if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
        }

        private static Uri NormalizeBase(Uri uri)
        {
            var path = uri.AbsolutePath;
            if (!path.EndsWith("/", StringComparison.Ordinal))
            {
                path += "/";
            }
            // gcloud's override must not include the version, but people often paste ".../v1/": drop it so paths
            // built as "v1/..." never double it.
            if (path.EndsWith("/v1/", StringComparison.Ordinal))
            {
                path = path.Substring(0, path.Length - "v1/".Length);
            }
            var builder = new UriBuilder(uri) { Path = path, Query = string.Empty, Fragment = string.Empty };
            return builder.Uri;
        }

        /// <summary>The base URL.</summary>
        public override string ToString() => BaseUri.ToString();
    }
}
