using System;
using HealthcareTools.Client.Storage;

namespace HealthcareTools
{
    /// <summary>A Cloud Storage object, as returned by Get-HcStorageObject and Copy-HcStorageObject.</summary>
    public sealed class HcStorageObject
    {
        /// <summary>gs://bucket/name: pipes into Copy-HcStorageObject and Import-HcDicomInstance -GcsUri.</summary>
        public string Uri { get; set; }
        public string Bucket { get; set; }
        public string Name { get; set; }
        public long Size { get; set; }
        public string ContentType { get; set; }
        /// <summary>Base64 MD5 of the content.</summary>
        public string Md5Hash { get; set; }
        public long? Generation { get; set; }
        public DateTime? Updated { get; set; }

        internal static HcStorageObject From(StorageObjectInfo item) => new HcStorageObject
        {
            Uri = item.Uri.ToString(),
            Bucket = item.Bucket,
            Name = item.Name,
            Size = item.Size,
            ContentType = item.ContentType,
            Md5Hash = item.Md5Hash,
            Generation = item.Generation,
            Updated = item.Updated?.UtcDateTime,
        };

        public override string ToString() => Uri;
    }
}
