using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HealthcareTools.Client.Http;
using HealthcareTools.Client.Json;
using HealthcareTools.Client.Models;
using HealthcareTools.Client.Names;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client
{
    /// <summary>Where dicomStores.export writes: Cloud Storage or a BigQuery table (exactly one).</summary>
    public sealed class DicomExportDestination
    {
        /// <summary>gs://bucket/prefix; objects are named {prefix}/{study}/{series}/{instance}.dcm.</summary>
        public string GcsUriPrefix { get; set; }
        /// <summary>gcsDestination.mimeType, e.g. "application/dicom; transfer-syntax=*"; null = as stored.</summary>
        public string MimeType { get; set; }
        /// <summary>bq://project.dataset.table.</summary>
        public string BigQueryTableUri { get; set; }
        /// <summary>WRITE_EMPTY, WRITE_TRUNCATE or WRITE_APPEND; null = the API's default (WRITE_EMPTY).</summary>
        public string WriteDisposition { get; set; }
    }

    public sealed partial class HealthcareClient
    {
        /// <summary>dicomStores.import from Cloud Storage (gs://bucket/path with *, ** and ? wildcards): a long-running
        /// operation whose counters count imported (success) and unreadable (failure) objects.</summary>
        public async Task<Operation> ImportDicomDataAsync(StoreName store, string gcsUri, CancellationToken cancellationToken)
        {
            RequireDicom(store, nameof(store));
            if (string.IsNullOrWhiteSpace(gcsUri) || !gcsUri.StartsWith("gs://", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{gcsUri}' is not a Cloud Storage URI: expected gs://bucket/path (wildcards *, ** and ? allowed).", nameof(gcsUri));
            }

            // Importing the same objects again keeps what is there, so a retried request cannot duplicate data.
            var request = ApiRequest.For(HttpMethod.Post, store.ToString(), verb: "import")
                .WithBody(new JObject { ["gcsSource"] = new JObject { ["uri"] = gcsUri } })
                .SafeToRepeat();
            return ModelJson.ToOperation(await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false));
        }

        /// <summary>dicomStores.export of the whole store to Cloud Storage or BigQuery: a long-running operation.</summary>
        public async Task<Operation> ExportDicomDataAsync(StoreName store, DicomExportDestination destination, CancellationToken cancellationToken)
        {
            RequireDicom(store, nameof(store));
            Require(destination, nameof(destination));
            var toGcs = !string.IsNullOrEmpty(destination.GcsUriPrefix);
            var toBigQuery = !string.IsNullOrEmpty(destination.BigQueryTableUri);
            if (toGcs == toBigQuery)
            {
                throw new ArgumentException("An export needs exactly one destination: a gs:// prefix or a bq://project.dataset.table.", nameof(destination));
            }

            var body = new JObject();
            if (toGcs)
            {
                var gcs = new JObject { ["uriPrefix"] = destination.GcsUriPrefix };
                if (!string.IsNullOrEmpty(destination.MimeType))
                {
                    gcs["mimeType"] = destination.MimeType;
                }

                body["gcsDestination"] = gcs;
            }
            else
            {
                var bigQuery = new JObject { ["tableUri"] = destination.BigQueryTableUri };
                if (!string.IsNullOrEmpty(destination.WriteDisposition))
                {
                    bigQuery["writeDisposition"] = destination.WriteDisposition;
                }

                body["bigqueryDestination"] = bigQuery;
            }

            // Repeating an export after a lost response overwrites the same objects (or fails on WRITE_EMPTY, or replaces
            // with WRITE_TRUNCATE); only WRITE_APPEND could duplicate rows, so only that is never resent blindly.
            var request = ApiRequest.For(HttpMethod.Post, store.ToString(), verb: "export").WithBody(body);
            if (!string.Equals(destination.WriteDisposition, "WRITE_APPEND", StringComparison.OrdinalIgnoreCase))
            {
                request = request.SafeToRepeat();
            }

            return ModelJson.ToOperation(await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false));
        }
    
        /// <summary>dicomStores.deidentify into a new store of an existing dataset: a long-running operation.
        /// <paramref name="configJson"/> is a DeidentifyConfig in the API's JSON shape (see Deid.DeidentifyConfig.ToJson);
        /// <paramref name="filterResourcePathsGcsUri"/> (optional) names a gs:// file of /studies/{S}[/series/{R}[/instances/{I}]] lines.</summary>
        public async Task<Operation> DeidentifyDicomStoreAsync(StoreName source, StoreName destination, string configJson, string filterResourcePathsGcsUri, CancellationToken cancellationToken)
        {
            RequireDicom(source, nameof(source));
            RequireDicom(destination, nameof(destination));
            var body = new JObject
            {
                ["destinationStore"] = destination.ToString(),
                ["config"] = JObject.Parse(configJson ?? "{}"),
            };
            if (!string.IsNullOrEmpty(filterResourcePathsGcsUri))
            {
                body["filterConfig"] = new JObject { ["resourcePathsGcsUri"] = filterResourcePathsGcsUri };
            }

            // A repeat after a lost response meets an existing destination store and fails: never a second copy.
            var request = ApiRequest.For(HttpMethod.Post, source.ToString(), verb: "deidentify").WithBody(body).SafeToRepeat();
            return ModelJson.ToOperation(await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false));
        }

        /// <summary>datasets.deidentify into a new dataset (same location): a long-running operation.</summary>
        public async Task<Operation> DeidentifyDatasetAsync(DatasetName source, DatasetName destination, string configJson, CancellationToken cancellationToken)
        {
            Require(source, nameof(source));
            Require(destination, nameof(destination));
            var body = new JObject
            {
                ["destinationDataset"] = destination.ToString(),
                ["config"] = JObject.Parse(configJson ?? "{}"),
            };
            var request = ApiRequest.For(HttpMethod.Post, source.ToString(), verb: "deidentify").WithBody(body).SafeToRepeat();
            return ModelJson.ToOperation(await _transport.SendForJsonAsync(request, cancellationToken).ConfigureAwait(false));
        }
    }
}
