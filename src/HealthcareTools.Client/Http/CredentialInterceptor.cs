using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using HealthcareTools.Client.Auth;

namespace HealthcareTools.Client.Http
{
    /// <summary>
    /// Puts the Authorization header on each attempt. For Google credentials (key file, ADC) the token comes from
    /// Google.Apis, which caches and refreshes it in-process; a 401 is handed to the underlying credential so it can
    /// refresh and let the message handler retry once more.
    /// </summary>
    internal sealed class CredentialInterceptor : IHttpExecuteInterceptor, IHttpUnsuccessfulResponseHandler
    {
        private readonly HealthcareCredential _credential;
        private readonly Action<string> _log;
        private readonly IWebProxy _proxy;
        private GoogleCredential _proxied;
        private int _described;

        /// <param name="proxy">When set (from the environment), token requests use it too: on .NET Framework
        /// Google.Apis' own HTTP client would otherwise ignore HTTPS_PROXY.</param>
        internal CredentialInterceptor(HealthcareCredential credential, Action<string> log, IWebProxy proxy = null)
        {
            _credential = credential;
            _log = log;
            _proxy = proxy;
        }

        public async Task InterceptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = null;
            switch (_credential.Kind)
            {
                case HealthcareCredential.KindNone:
                    DescribeOnce();
                    return;
                case HealthcareCredential.KindAccessToken:
                    DescribeOnce();
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Reveal(_credential.AccessToken));
                    return;
                default:
                    await AuthorizeWithGoogleAsync(request, cancellationToken).ConfigureAwait(false);
                    return;
            }
        }

        public async Task<bool> HandleResponseAsync(HandleUnsuccessfulResponseArgs args)
        {
            if (args.Response.StatusCode != System.Net.HttpStatusCode.Unauthorized || !_credential.UsesGoogleCredential)
            {
                return false;
            }
            var google = await _credential.GetGoogleCredentialAsync(_log, args.CancellationToken).ConfigureAwait(false);
            if (WithProxy(google.Credential).UnderlyingCredential is IHttpUnsuccessfulResponseHandler refresher
                && await refresher.HandleResponseAsync(args).ConfigureAwait(false))
            {
                _log?.Invoke("Credentials: HTTP 401, token refreshed; retrying.");
                return true;
            }
            return false;
        }

        private async Task AuthorizeWithGoogleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LoadedGoogleCredential google;
            AccessTokenWithHeaders token;
            try
            {
                google = await _credential.GetGoogleCredentialAsync(_log, cancellationToken).ConfigureAwait(false);
                DescribeOnce();
                var access = (ITokenAccessWithHeaders)WithProxy(google.Credential);
                token = await access.GetAccessTokenWithHeadersForRequestAsync(request.RequestUri.ToString(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is HealthcareCredentialException))
            {
                // Token endpoint answers (TokenResponseException) carry an error code and description, not secrets.
                throw new HealthcareCredentialException($"Could not get an access token from {_credential.Description}: {ex.Message}", ex);
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            foreach (var header in token.Headers)
            {
                // An explicit quota project set by the client wins over the one in the credential file.
                if (!request.Headers.Contains(header.Key))
                {
                    request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }

        private GoogleCredential WithProxy(GoogleCredential credential)
        {
            if (_proxy == null)
            {
                return credential;
            }
            // One copy per client, so its token cache lives as long as the client.
            var proxied = Volatile.Read(ref _proxied);
            if (proxied == null)
            {
                proxied = credential.CreateWithHttpClientFactory(HttpClientFactory.ForProxy(_proxy));
                proxied = Interlocked.CompareExchange(ref _proxied, proxied, null) ?? proxied;
            }
            return proxied;
        }

        private void DescribeOnce()
        {
            if (Interlocked.Exchange(ref _described, 1) == 0)
            {
                _log?.Invoke("Credentials: " + _credential.Kind + " - " + _credential.Description);
            }
        }

        private static string Reveal(System.Security.SecureString secure)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
