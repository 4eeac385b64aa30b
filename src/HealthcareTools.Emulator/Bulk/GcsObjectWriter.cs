using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Gcs;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Bulk
{
    /// <summary>
    /// Writes objects into the emulated Cloud Storage from inside the emulator (DICOM export), with
    /// the same storage classes and rules as the JSON API's uploads: hashed, moved into place as the
    /// new live generation inside the transaction that records it, the old generation's file
    /// removed after the commit.
    /// </summary>
    public static class GcsObjectWriter
    {
        /// <summary>False when the bucket does not exist (the source file is then deleted).</summary>
        public static async Task<bool> PutAsync(EmulatorRuntime runtime, string bucket, string name, string contentType, string sourceFile, CancellationToken cancellationToken)
        {
            var files = runtime.GcsFiles;
            try
            {
                var (size, md5, crc32c) = await GcsFiles.HashFileAsync(sourceFile, cancellationToken);
                string fileId = GcsFiles.NewObjectFileId();
                string target = files.ObjectPath(fileId);
                var (stored, oldFile) = await runtime.Database.WriteAsync(session =>
                {
                    if (session.Gcs.GetBucket(bucket) == null) return (false, null);
                    var existing = session.Gcs.GetObject(bucket, name);
                    long now = runtime.Now.UtcTicks;
                    session.Gcs.PutObject(new GcsObjectRow(bucket, name, files.NextGeneration(runtime.Now), 1, contentType,
                        size, md5, crc32c, fileId, new JsonObject(), now, now));
                    File.Move(sourceFile, target);
                    return (true, existing?.File);
                }, r =>
                {
                    if (r.Item2 != null) GcsFiles.TryDelete(files.ObjectPath(r.Item2));
                });
                return stored;
            }
            finally
            {
                GcsFiles.TryDelete(sourceFile);
            }
        }
    }
}
