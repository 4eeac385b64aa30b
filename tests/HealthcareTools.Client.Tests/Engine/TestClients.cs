using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using HealthcareTools.Client.Auth;

namespace HealthcareTools.Client.Tests
{
    /// <summary>Builds clients pointed at a fake server with tiny back-off settings, capturing the debug log.</summary>
    internal sealed class TestClient : IDisposable
    {
        private readonly ConcurrentQueue<string> _log = new ConcurrentQueue<string>();

        /// <param name="allowCredentialsOverPlainHttp">The fake server speaks plain http; credential tests need the
        /// engine's test-only permission to send a token there.</param>
        public TestClient(FakeApiServer server, HealthcareCredential credential = null, Action<HealthcareClientOptions> configure = null, bool allowCredentialsOverPlainHttp = true)
        {
            Options = new HealthcareClientOptions
            {
                Endpoint = ApiEndpoint.FromValue(server.BaseUri.ToString(), "test"),
                Credential = credential ?? HealthcareCredential.None(),
                MaxAttempts = 4,
                InitialBackOff = TimeSpan.FromMilliseconds(5),
                MaxBackOff = TimeSpan.FromMilliseconds(20),
                RequestTimeout = TimeSpan.FromSeconds(5),
                DebugLog = line => _log.Enqueue(line),
            };
            configure?.Invoke(Options);
            // No proxy variables in tests, whatever the machine has.
            Client = new HealthcareClient(Options, _ => null, allowCredentialsOverPlainHttp);
        }

        public HealthcareClientOptions Options { get; }
        public HealthcareClient Client { get; }
        public IReadOnlyList<string> Log => _log.ToArray();
        public string LogText => string.Join("\n", _log);

        public void Dispose() => Client.Dispose();

        public static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var character in text)
            {
                secure.AppendChar(character);
            }
            secure.MakeReadOnly();
            return secure;
        }

        public static Func<string, string> Environment(params (string Name, string Value)[] variables)
        {
            var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
            return name => map.TryGetValue(name, out var value) ? value : null;
        }
    }
}
