using System;

namespace HealthcareTools.Client.Storage
{
    /// <summary>A Cloud Storage location: gs://bucket[/object-name-or-prefix].</summary>
    public sealed class GcsUri
    {
        private const string Scheme = "gs://";

        public GcsUri(string bucket, string objectName)
        {
            if (string.IsNullOrEmpty(bucket) || bucket.IndexOf('/') >= 0)
            {
                throw new ArgumentException($"'{bucket}' is not a bucket name.", nameof(bucket));
            }

            Bucket = bucket;
            ObjectName = objectName ?? string.Empty;
        }

        public string Bucket { get; }
        /// <summary>The object name or prefix after the bucket; empty for the bucket itself.</summary>
        public string ObjectName { get; }
        /// <summary>True when the name ends with '/' or is empty: a folder-like prefix rather than one object.</summary>
        public bool IsPrefix => ObjectName.Length == 0 || ObjectName.EndsWith("/", StringComparison.Ordinal);

        /// <summary>Parses "gs://bucket/path"; ArgumentException naming the value otherwise.</summary>
        public static GcsUri Parse(string text)
        {
            if (text == null || !text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || text.Length == Scheme.Length)
            {
                throw new ArgumentException($"'{text}' is not a Cloud Storage URI: expected gs://bucket/path.");
            }

            var rest = text.Substring(Scheme.Length);
            var slash = rest.IndexOf('/');
            return slash < 0 ? new GcsUri(rest, string.Empty) : new GcsUri(rest.Substring(0, slash), rest.Substring(slash + 1));
        }

        /// <summary>This prefix joined with a relative name ("a/" + "b/c.dcm").</summary>
        public GcsUri Child(string relativeName)
        {
            var prefix = ObjectName.Length == 0 || ObjectName.EndsWith("/", StringComparison.Ordinal) ? ObjectName : ObjectName + "/";
            return new GcsUri(Bucket, prefix + relativeName.TrimStart('/'));
        }

        public override string ToString() => Scheme + Bucket + "/" + ObjectName;
    }
}
