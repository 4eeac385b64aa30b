using System;
using System.Collections.Generic;
using System.Net;
using HealthcareTools.Client.Auth;

namespace HealthcareTools.Client.Http
{
    /// <summary>
    /// A proxy built from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case). .NET Core honours these by itself, but
    /// .NET Framework (Windows PowerShell 5.1) does not, so the engine applies them explicitly on both; loopback hosts
    /// are never proxied. Returns null when no variable is set, leaving the system default proxy in charge.
    /// </summary>
    internal sealed class EnvironmentProxy : IWebProxy
    {
        private readonly Uri _httpsProxy;
        private readonly Uri _httpProxy;
        private readonly IList<string> _noProxy;

        private EnvironmentProxy(Uri httpsProxy, Uri httpProxy, IList<string> noProxy)
        {
            _httpsProxy = httpsProxy;
            _httpProxy = httpProxy;
            _noProxy = noProxy;
        }

        public ICredentials Credentials { get; set; }

        internal static EnvironmentProxy FromEnvironment(Func<string, string> getEnvironment)
        {
            var https = ParseProxyUri(Read(getEnvironment, "HTTPS_PROXY"));
            var http = ParseProxyUri(Read(getEnvironment, "HTTP_PROXY"));
            if (https == null && http == null)
            {
                return null;
            }
            var noProxy = new List<string>();
            foreach (var entry in (Read(getEnvironment, "NO_PROXY") ?? string.Empty).Split(','))
            {
                var trimmed = entry.Trim();
                if (trimmed.Length > 0)
                {
                    noProxy.Add(trimmed);
                }
            }
            return new EnvironmentProxy(https, http, noProxy) { Credentials = CredentialsOf(https ?? http) };
        }

        /// <summary>"http://user:password@proxy:3128" carries the proxy's own login.</summary>
        private static ICredentials CredentialsOf(Uri proxy)
        {
            var userInfo = proxy?.UserInfo;
            if (string.IsNullOrEmpty(userInfo))
            {
                return null;
            }
            var colon = userInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo.Substring(0, colon));
            var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(userInfo.Substring(colon + 1));
            return new NetworkCredential(user, password);
        }

        /// <summary>A description without any credentials embedded in the proxy URL, for the debug log.</summary>
        internal string Describe() =>
            "proxy from environment: " + string.Join(", ", Describe("https", _httpsProxy), Describe("http", _httpProxy)) +
            (_noProxy.Count > 0 ? "; NO_PROXY " + string.Join(",", _noProxy) : string.Empty);

        public Uri GetProxy(Uri destination)
        {
            if (IsBypassed(destination))
            {
                return destination;
            }
            return destination.Scheme == Uri.UriSchemeHttps ? (_httpsProxy ?? _httpProxy) : _httpProxy;
        }

        public bool IsBypassed(Uri host)
        {
            if (ApiEndpoint.IsLoopbackHost(host.Host) || IsMetadataServer(host.Host))
            {
                return true;
            }
            var proxy = host.Scheme == Uri.UriSchemeHttps ? (_httpsProxy ?? _httpProxy) : _httpProxy;
            if (proxy == null)
            {
                return true;
            }
            foreach (var rule in _noProxy)
            {
                if (Matches(rule, host))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>The metadata server (link-local 169.254.0.0/16 or its DNS name) is only reachable directly.</summary>
        private static bool IsMetadataServer(string host) =>
            string.Equals(host, "metadata.google.internal", StringComparison.OrdinalIgnoreCase)
            || host.StartsWith("169.254.", StringComparison.Ordinal);

        private static bool Matches(string rule, Uri host)
        {
            if (rule == "*")
            {
                return true;
            }
            var name = rule;
            var colon = name.LastIndexOf(':');
            if (colon > 0 && name.IndexOf(']') < colon && int.TryParse(name.Substring(colon + 1), out var port))
            {
                if (port != host.Port)
                {
                    return false;
                }
                name = name.Substring(0, colon);
            }
            name = name.TrimStart('*').TrimStart('.');
            var target = host.Host.Trim('[', ']');
            return string.Equals(target, name, StringComparison.OrdinalIgnoreCase)
                || target.EndsWith("." + name, StringComparison.OrdinalIgnoreCase);
        }

        private static string Read(Func<string, string> getEnvironment, string name)
        {
            var value = getEnvironment(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                value = getEnvironment(name.ToLowerInvariant());
            }
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        private static Uri ParseProxyUri(string value)
        {
            if (value == null)
            {
                return null;
            }
            if (value.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                value = "http://" + value;
            }
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
        }

        private static string Describe(string scheme, Uri proxy) =>
            proxy == null ? scheme + " none" : scheme + " " + proxy.Scheme + "://" + proxy.Host + ":" + proxy.Port;
    }
}
