using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Google.Apis.Http;
using Google.Apis.Util;
using Google.Cloud.Storage.V1;
using System.Net.Http;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>The real Google.Cloud.Storage.V1 client pointed at an in-process emulator (never at Google).</summary>
    internal static class StorageTestSupport
    {
        public const string Project = "test-project";

        /// <summary>The smallest chunk the client accepts; uploads larger than this take several PUTs.</summary>
        public const int ChunkSize = UploadObjectOptions.MinimumChunkSize;

        public static StorageClient NewClient(TestEmulator emulator) => new StorageClientBuilder
        {
            BaseUri = $"{emulator.Host.BaseUri}storage/v1/",
            UnauthenticatedAccess = true,
        }.Build();

        /// <summary>
        /// A client that retries 429 and 5xx answers and dropped connections on every request, with
        /// millisecond back-off. Out of the box the client retries only some calls (a 429 on an
        /// upload's session start is final) and waits about a second per retry, so this replaces the
        /// library's default 503 back-off with one handler for all of them.
        /// </summary>
        public static StorageClient NewRetryingClient(TestEmulator emulator) => new StorageClientBuilder
        {
            BaseUri = $"{emulator.Host.BaseUri}storage/v1/",
            UnauthenticatedAccess = true,
            HttpClientFactory = new FastRetryHttpClientFactory(),
        }.Build();

        private sealed class FastRetryHttpClientFactory : Google.Apis.Http.IHttpClientFactory
        {
            private readonly HttpClientFactory _inner = new HttpClientFactory();

            public ConfigurableHttpClient CreateHttpClient(CreateHttpClientArgs args)
            {
                foreach (var slow in args.Initializers.OfType<ExponentialBackOffInitializer>().ToList()) args.Initializers.Remove(slow);
                var client = _inner.CreateHttpClient(args);
                var handler = new BackOffHandler(new BackOffHandler.Initializer(new ExponentialBackOff(TimeSpan.FromMilliseconds(5), 20))
                {
                    HandleUnsuccessfulResponseFunc = response => (int)response.StatusCode == 429 || (int)response.StatusCode >= 500,
                    HandleExceptionFunc = exception => exception is HttpRequestException || exception is IOException,
                });
                client.MessageHandler.AddUnsuccessfulResponseHandler(handler);
                client.MessageHandler.AddExceptionHandler(handler);
                // The handler gives up after NumTries attempts (3 by default): at 25% faults per
                // attempt that fails about one request in 64; 20 (the maximum) makes it negligible.
                client.MessageHandler.NumTries = 20;
                return client;
            }
        }

        public static UploadObjectOptions Chunked => new UploadObjectOptions { ChunkSize = ChunkSize };

        /// <summary>Deterministic pseudo-random bytes (not compressible, so no accidental gzip shortcuts).</summary>
        public static byte[] Bytes(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        public static async Task<byte[]> DownloadAsync(StorageClient client, string bucket, string name, DownloadObjectOptions options = null)
        {
            using var buffer = new MemoryStream();
            await client.DownloadObjectAsync(bucket, name, buffer, options);
            return buffer.ToArray();
        }

        /// <summary>The object files under DATA/gcs/objects.</summary>
        public static string[] ObjectFiles(TestEmulator emulator) =>
            Directory.GetFiles(Path.Combine(emulator.DataDirectory, "gcs", "objects")).OrderBy(f => f, StringComparer.Ordinal).ToArray();

        public static void AssertBytes(byte[] expected, byte[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            Assert.True(expected.AsSpan().SequenceEqual(actual), "bytes differ");
        }
    }
}
