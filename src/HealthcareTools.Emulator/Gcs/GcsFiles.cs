using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Numerics;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace HealthcareTools.Emulator.Gcs
{
    /// <summary>
    /// Object bytes under the data folder: <c>gcs/objects/{id}</c> (one file per generation, named
    /// by a random id kept in gcs_objects.file), <c>gcs/uploads/{uploadId}.part</c> (resumable
    /// sessions, kept across restarts) and <c>gcs/tmp</c> (single-request uploads, cleared at start).
    /// </summary>
    public sealed class GcsFiles
    {
        private long _lastGeneration;

        public GcsFiles(string dataDirectory)
        {
            Root = Path.Combine(dataDirectory, "gcs");
            ObjectsDirectory = Path.Combine(Root, "objects");
            UploadsDirectory = Path.Combine(Root, "uploads");
            TempDirectory = Path.Combine(Root, "tmp");
            Directory.CreateDirectory(ObjectsDirectory);
            Directory.CreateDirectory(UploadsDirectory);
            Directory.CreateDirectory(TempDirectory);
            foreach (string stale in Directory.EnumerateFiles(TempDirectory)) TryDelete(stale);
        }

        public string Root { get; }
        public string ObjectsDirectory { get; }
        public string UploadsDirectory { get; }
        public string TempDirectory { get; }

        public string NewTempFile() => Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".part");

        public string UploadFile(string uploadId) => Path.Combine(UploadsDirectory, uploadId + ".part");

        /// <summary>A new object file id (relative to <see cref="ObjectsDirectory"/>).</summary>
        public static string NewObjectFileId() => Guid.NewGuid().ToString("N");

        public string ObjectPath(string fileId) => Path.Combine(ObjectsDirectory, fileId);

        /// <summary>Generations are microseconds since the epoch, strictly increasing within the process (as on Google).</summary>
        public long NextGeneration(DateTimeOffset now)
        {
            long micros = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
            while (true)
            {
                long last = Interlocked.Read(ref _lastGeneration);
                long next = Math.Max(micros, last + 1);
                if (Interlocked.CompareExchange(ref _lastGeneration, next, last) == last) return next;
            }
        }

        public static void TryDelete(string path)
        {
            try
            {
                if (path != null) File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        /// <summary>Size, base64 MD5 and base64 big-endian CRC32C of a file, read in a streaming pass.</summary>
        public static async Task<(long Size, string Md5, string Crc32c)> HashFileAsync(string path, CancellationToken cancellationToken)
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            uint crc = Crc32C.Initial;
            long size = 0;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, buffer.Length), cancellationToken)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    crc = Crc32C.Append(crc, buffer.AsSpan(0, read));
                    size += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return (size, Convert.ToBase64String(md5.GetHashAndReset()), Crc32C.ToBase64(Crc32C.Finish(crc)));
        }
    }

    /// <summary>CRC-32C (Castagnoli), the checksum Cloud Storage reports as <c>crc32c</c>.</summary>
    public static class Crc32C
    {
        public const uint Initial = 0xFFFFFFFFu;

        public static uint Append(uint crc, ReadOnlySpan<byte> data)
        {
            while (data.Length >= 8)
            {
                crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data.Slice(8);
            }
            foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
            return crc;
        }

        public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

        public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Initial, data));

        /// <summary>Google's encoding: the 4 bytes big-endian, base64.</summary>
        public static string ToBase64(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            return Convert.ToBase64String(bytes);
        }
    }
}
