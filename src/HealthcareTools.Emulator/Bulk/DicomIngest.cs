using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Dicom;
using HealthcareTools.Emulator.Endpoints;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Resources;
using HealthcareTools.Emulator.Storage;

namespace HealthcareTools.Emulator.Bulk
{
    /// <summary>How an instance arrived: DICOMweb STOW-RS or a Cloud Storage import.</summary>
    public enum IngestSource
    {
        Stow,
        Import,
    }

    /// <summary>
    /// The one path that stores a received Part 10 file into a DICOM store (STOW-RS and import):
    /// Part 10 check, header-only parse, index row, Google's duplicate rule (an instance with the
    /// same Study/Series/SOP UIDs is kept, the new copy rejected), the file moved into place in the
    /// indexing transaction, and in that same transaction the store's Pub/Sub notifications and
    /// BigQuery stream rows for the new instance.
    /// </summary>
    public static class DicomIngest
    {
        /// <summary>
        /// Stores <paramref name="tempFile"/> (consumed or deleted by the caller's clean-up). The
        /// outcome carries the STOW failure reason when the file is not stored.
        /// </summary>
        public static async Task<StowOutcome> StoreFileAsync(EmulatorRuntime runtime, string store, string pathStudy, string tempFile, long size, IngestSource source)
        {
            if (!HasPart10Prefix(tempFile))
                return StowOutcome.Failed(null, StowOutcome.CannotUnderstand, "The part is not a DICOM Part 10 file (no 'DICM' prefix after the 128-byte preamble).");

            DicomInstanceRow row;
            try
            {
                // Known UN elements (explicit UN written by some tools) take their dictionary VR, so the UIDs and
                // match keys are text and QIDO shows proper VRs.
                var parsed = DicomFile.Open(tempFile, new DicomReadOptions { StopBeforePixelData = true, ConvertKnownUN = true });
                row = InstanceIndexer.ToRow(parsed);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // DicomFormatException for malformed input; anything else from the reader is treated the same way.
                return StowOutcome.Failed(null, StowOutcome.CannotUnderstand, "The part could not be parsed as DICOM: " + ex.Message);
            }

            var outcome = new StowOutcome { StudyUid = row.StudyUid, SeriesUid = row.SeriesUid, SopClassUid = row.SopClassUid, SopInstanceUid = row.SopUid };
            var missing = new[] { ("StudyInstanceUID", row.StudyUid), ("SeriesInstanceUID", row.SeriesUid), ("SOPInstanceUID", row.SopUid), ("SOPClassUID", row.SopClassUid) }
                .Where(m => m.Item2 == null).Select(m => m.Item1).ToList();
            if (missing.Count > 0)
                return StowOutcome.Failed(outcome, StowOutcome.DatasetMismatch, "Missing required attribute(s): " + string.Join(", ", missing) + ".");
            if (pathStudy != null && row.StudyUid != pathStudy)
                return StowOutcome.Failed(outcome, StowOutcome.DatasetMismatch, $"The instance belongs to study {row.StudyUid}, not to study {pathStudy} named in the request URL.");

            row.Store = store;
            row.File = DicomFileStore.RelativePath(store, row.StudyUid, row.SeriesUid, row.SopUid);
            row.Size = size;
            row.CreateTime = runtime.Now;
            bool stored = await runtime.Database.WriteAsync(session =>
            {
                var storeResource = session.Resources.Get(store, ResourceKinds.DicomStore) ?? throw DicomStoresEndpoints.StoreNotFound(store);
                if (session.Dicom.Exists(store, row.StudyUid, row.SeriesUid, row.SopUid)) return false;
                session.Dicom.Insert(row);
                OnStored(session, storeResource.Body, row, source, runtime.Now);
                runtime.DicomFiles.Place(tempFile, row.File);
                return true;
            });
            if (!stored)
                return StowOutcome.Failed(outcome, StowOutcome.ProcessingFailure, $"Instance {row.SopUid} already exists in study {row.StudyUid}, series {row.SeriesUid}.");
            outcome.Stored = true;
            return outcome;
        }

        /// <summary>The DICOMweb resource name of an instance: the Pub/Sub message data.</summary>
        public static string InstanceResourceName(DicomInstanceRow row) =>
            $"{row.Store}/dicomWeb/studies/{row.StudyUid}/series/{row.SeriesUid}/instances/{row.SopUid}";

        /// <summary>
        /// Pub/Sub notifications (one per distinct topic of notificationConfig and notificationConfigs;
        /// imports only when notificationConfig.sendForBulkImport is true) and a row per streamConfigs table.
        /// </summary>
        private static void OnStored(StorageSession session, JsonObject store, DicomInstanceRow row, IngestSource source, DateTimeOffset now)
        {
            var topics = new List<string>();
            var config = store["notificationConfig"] as JsonObject;
            bool bulk = config?["sendForBulkImport"] is JsonValue b && b.TryGetValue(out bool flag) && flag;
            if (source == IngestSource.Stow || bulk)
            {
                if (config?["pubsubTopic"] is JsonValue t) topics.Add((string)t);
                if (store["notificationConfigs"] is JsonArray configs)
                {
                    foreach (var item in configs)
                    {
                        if (item?["pubsubTopic"] is JsonValue topic && !topics.Contains((string)topic)) topics.Add((string)topic);
                    }
                }
            }
            string data = InstanceResourceName(row);
            foreach (string topic in topics)
            {
                var attributes = new JsonObject { ["storeName"] = row.Store };
                session.Bulk.InsertMessage(topic, Guid.NewGuid().ToString("N"), data, attributes, now);
            }

            if (store["streamConfigs"] is JsonArray streams)
            {
                foreach (var stream in streams)
                {
                    if (!(stream?["bigqueryDestination"] is JsonObject destination)) continue;
                    var (project, dataset, table) = BigQueryRows.ParseTableUri((string)destination["tableUri"]);
                    bool includeSource = destination["includeSourceStore"] is JsonValue s && s.TryGetValue(out bool yes) && yes;
                    session.Bulk.AppendRows(BigQueryRows.TableId(project, dataset, table), new[] { BigQueryRows.For(row, includeSource) }, now);
                }
            }
        }

        private static bool HasPart10Prefix(string path)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (file.Length < 132) return false;
            var buffer = new byte[132];
            int read = 0;
            while (read < buffer.Length)
            {
                int n = file.Read(buffer, read, buffer.Length - read);
                if (n == 0) return false;
                read += n;
            }
            return buffer[128] == 'D' && buffer[129] == 'I' && buffer[130] == 'C' && buffer[131] == 'M';
        }
    }
}
