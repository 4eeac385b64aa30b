using System;
using System.Management.Automation;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// Where a DICOMweb cmdlet sends its requests: a Cloud Healthcare (or emulator) DICOM store, by ID in
    /// the dataset context or by full name, or any DICOMweb server by URL. Piped stores, studies, series
    /// and instances carry either, so chains keep talking to the server their objects came from.
    /// </summary>
    public abstract class DicomWebCmdlet : DatasetScopedCmdlet
    {
        /// <summary><para type="description">DICOM store ID or full store name (piped stores bind by DicomStoreId). Default: Set-HcDefault's dataset.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("DicomStoreId")]
        public string DicomStore { get; set; }

        /// <summary><para type="description">Base URL of any DICOMweb server instead of a Cloud Healthcare store, e.g. http://127.0.0.1:8042/dicom-web/ for Orthanc. Plain http only for loopback.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string DicomWebUri { get; set; }

        /// <summary>The store this item is about (null when -DicomWebUri is used).</summary>
        internal StoreName TargetStore()
        {
            if (!string.IsNullOrEmpty(DicomWebUri))
            {
                return null;
            }

            if (string.IsNullOrEmpty(DicomStore))
            {
                throw new ContextException("DicomStoreNotSet", "No DICOM store given: pass -DicomStore (with -Dataset or Set-HcDefault -Dataset), pipe a store, or give -DicomWebUri for another DICOMweb server.");
            }

            if (!ResourceIds.IsFullName(DicomStore))
            {
                return new StoreName(ParentDataset, StoreKind.Dicom, DicomStore);
            }

            var name = StoreName.Parse(DicomStore);
            if (name.Kind != StoreKind.Dicom)
            {
                throw new ArgumentException($"'{DicomStore}' is not a DICOM store.");
            }

            return name;
        }

        /// <summary>The target store for server-side bulk work, which only Cloud Healthcare stores (and the emulator) have.</summary>
        internal StoreName TargetStoreForBulk() =>
            TargetStore() ?? throw new ArgumentException(
                "Server-side import and export are operations of a Cloud Healthcare DICOM store; -DicomWebUri servers have none. Use -DicomStore.");

        /// <summary>The DICOMweb client for this item's target.</summary>
        internal DicomWebClient DicomWeb(StoreName store) =>
            store == null ? HcSession.GetDicomWebClient(DicomWebUri, WriteDebug) : Client.GetDicomWebClient(store);

        /// <summary>Where results came from, copied onto every output object so they pipe onward.</summary>
        internal DicomSource SourceOf(StoreName store) =>
            store == null
                ? new DicomSource { DicomWebUri = HcSession.GetDicomWebClient(DicomWebUri, WriteDebug).BaseUri.ToString() }
                : new DicomSource { Project = store.Dataset.Project, Location = store.Dataset.Location, DatasetId = store.Dataset.DatasetId, DicomStoreId = store.StoreId };
    }

    /// <summary>The server a DICOM object came from: a store (IDs) or a DICOMweb URL.</summary>
    internal sealed class DicomSource
    {
        public string Project { get; set; }
        public string Location { get; set; }
        public string DatasetId { get; set; }
        public string DicomStoreId { get; set; }
        public string DicomWebUri { get; set; }
    }
}
