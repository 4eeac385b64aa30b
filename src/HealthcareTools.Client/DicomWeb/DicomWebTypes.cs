using System;
using System.Collections.Generic;
using System.IO;
using HealthcareTools.Client.Auth;
using HealthcareTools.Client.Models;

namespace HealthcareTools.Client.DicomWeb
{
    /// <summary>Behaviour shared by every DICOMweb call of a client.</summary>
    public sealed class DicomWebOptions
    {
        /// <summary>QIDO page size (limit) when the query sets none; 0 = server default per level (100 studies/series,
        /// 1000 instances, Google's defaults).</summary>
        public int DefaultPageSize { get; set; }
    }

    /// <summary>Connection settings for a DICOMweb server given by URL (Orthanc, dcm4chee, …).</summary>
    public sealed class DicomWebConnectionOptions
    {
        /// <summary>Optional credentials (bearer token, key file, ADC). Never sent over plain http, which is only allowed to
        /// loopback hosts (the ApiEndpoint rule).</summary>
        public HealthcareCredential Credential { get; set; }
        public int MaxAttempts { get; set; } = 8;
        public TimeSpan InitialBackOff { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan MaxBackOff { get; set; } = TimeSpan.FromSeconds(32);
        /// <summary>Per attempt, up to the response headers (bodies stream without a limit).</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);
        public Action<string> DebugLog { get; set; }
        public string UserAgent { get; set; } = "HealthcareTools/0.1";
        public DicomWebOptions DicomWeb { get; set; }
    }

    /// <summary>A QIDO-RS query.</summary>
    public sealed class DicomWebQuery
    {
        /// <summary>Match keys: keyword ("PatientName") or tag ("00100010", "(0010,0010)") → value ("DOE*",
        /// "20240101-20240131", UID lists "1.2,1.3").</summary>
        public IDictionary<string, string> MatchKeys { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        /// <summary>includefield values (keywords or tags).</summary>
        public IList<string> IncludeFields { get; set; } = new List<string>();
        /// <summary>includefield=all.</summary>
        public bool IncludeAllFields { get; set; }
        public bool FuzzyMatching { get; set; }
        /// <summary>limit per request (page size); null = DicomWebOptions.DefaultPageSize or the level default.</summary>
        public int? PageSize { get; set; }
        /// <summary>offset of the first result.</summary>
        public int Offset { get; set; }
        /// <summary>Stop after this many results (null = all).</summary>
        public int? MaxResults { get; set; }
    }

    /// <summary>One file or stream to store with STOW-RS.</summary>
    public sealed class DicomWebStowItem
    {
        /// <summary>A file on disk.</summary>
        public DicomWebStowItem(string path)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            DisplayName = path;
        }

        /// <summary>Any stream source: <paramref name="open"/> is called each time the bytes are needed (header read, send,
        /// retry) and must return a new stream positioned at the start; <paramref name="length"/> -1 when unknown.</summary>
        public DicomWebStowItem(Func<Stream> open, long length, string displayName)
        {
            Open = open ?? throw new ArgumentNullException(nameof(open));
            Length = length;
            DisplayName = displayName ?? "(stream)";
        }

        public string Path { get; }
        public Func<Stream> Open { get; }
        public long Length { get; } = -1;
        public string DisplayName { get; }
        /// <summary>Caller state carried to the result (a FileInfo, a pipeline object…).</summary>
        public object State { get; set; }
    }

    /// <summary>Outcome of one instance.</summary>
    public enum DicomWebStowStatus
    {
        Stored,
        /// <summary>The server already held an instance with these UIDs (Google: failure 0x0110 "already exists"; any
        /// server with SkipExisting).</summary>
        AlreadyPresent,
        Failed,
    }

    /// <summary>The result for one STOW item (one per input, in completion order).</summary>
    public sealed class DicomWebStowResult
    {
        public DicomWebStowItem Item { get; internal set; }
        public DicomWebStowStatus Status { get; internal set; }
        public string StudyInstanceUid { get; internal set; }
        public string SeriesInstanceUid { get; internal set; }
        public string SopInstanceUid { get; internal set; }
        public string SopClassUid { get; internal set; }
        public long Bytes { get; internal set; }
        /// <summary>RetrieveURL of the instance when the server sent one.</summary>
        public string RetrieveUrl { get; internal set; }
        /// <summary>FailureReason (0008,1197) when the server gave one (272 = 0x0110 processing failure).</summary>
        public int? FailureReason { get; internal set; }
        /// <summary>Readable failure text (Google's FailureDetail, an HTTP error, a local read error).</summary>
        public string FailureDetail { get; internal set; }
        /// <summary>HTTP status of the request that decided this outcome (null when nothing was sent).</summary>
        public int? HttpStatus { get; internal set; }
        /// <summary>How the outcome was decided, for the debug stream ("response", "skip-existing", "single retry", …).</summary>
        public string Note { get; internal set; }
    }

    /// <summary>STOW settings.</summary>
    public sealed class DicomWebStowOptions
    {
        /// <summary>Instances per request (1 = one request per file).</summary>
        public int MaxInstancesPerRequest { get; set; } = 16;
        /// <summary>A request is closed before it exceeds this many bytes (a single larger file still goes alone).</summary>
        public long MaxBytesPerRequest { get; set; } = 32L * 1024 * 1024;
        /// <summary>Requests in flight at once.</summary>
        public int MaxParallelRequests { get; set; } = 4;
        /// <summary>POST to studies/{uid} (the server then rejects other studies) instead of studies.</summary>
        public string StudyInstanceUid { get; set; }
        /// <summary>Before sending, list each study's instances once (QIDO) and report those already there as
        /// AlreadyPresent without sending them: re-runs are fast, and servers that accept duplicates silently (Orthanc)
        /// still report them.</summary>
        public bool SkipExisting { get; set; }
    }

    /// <summary>Running totals of a STOW run; given to the progress callback (serialized, at most every 100 ms plus at
    /// every finished request and at the end).</summary>
    public sealed class DicomWebStowProgress
    {
        public int ItemsSeen { get; internal set; }
        public int InstancesDone { get; internal set; }
        public int Stored { get; internal set; }
        public int AlreadyPresent { get; internal set; }
        public int Failed { get; internal set; }
        /// <summary>Body bytes written to the network so far (bytes of a retried attempt are taken back).</summary>
        public long BytesSent { get; internal set; }
        /// <summary>File bytes of the finished items.</summary>
        public long BytesDone { get; internal set; }
        public TimeSpan Elapsed { get; internal set; }
        public int Requests { get; internal set; }
    }

    /// <summary>Where and how SaveAsync writes instances.</summary>
    public sealed class DicomWebSaveOptions
    {
        /// <summary>Accept transfer syntax: "*" (default) = as stored; or a UID the server should transcode to.</summary>
        public string TransferSyntax { get; set; } = "*";
        /// <summary>Relative path for an instance from (study, series, sop); default "{Study}/{Series}/{SOP}.dcm".</summary>
        public Func<string, string, string, string> Layout { get; set; }
        /// <summary>Replace existing files (default true); when false an existing file is kept and reported Skipped.</summary>
        public bool Overwrite { get; set; } = true;
        /// <summary>Attempts of the whole retrieve when the transfer breaks after the headers (the pipeline already retries
        /// before them). A new attempt downloads again and skips instances this call already saved.</summary>
        public int MaxAttempts { get; set; } = 3;
        /// <summary>A transfer with no data for this long is broken off and retried like a dropped connection (default:
        /// the connection's request timeout).</summary>
        public TimeSpan? IdleTimeout { get; set; }
    }

    /// <summary>One instance written by SaveAsync.</summary>
    public sealed class DicomWebSavedInstance
    {
        public string Path { get; internal set; }
        public string StudyInstanceUid { get; internal set; }
        public string SeriesInstanceUid { get; internal set; }
        public string SopInstanceUid { get; internal set; }
        public string TransferSyntaxUid { get; internal set; }
        public long Bytes { get; internal set; }
        /// <summary>True when the file existed and Overwrite was false.</summary>
        public bool Skipped { get; internal set; }
    }

    /// <summary>Download progress (serialized, throttled to 100 ms, plus at the end).</summary>
    public sealed class DicomWebTransferProgress
    {
        public int Parts { get; internal set; }
        public long Bytes { get; internal set; }
        public TimeSpan Elapsed { get; internal set; }
    }

    /// <summary>What a DICOMweb delete did.</summary>
    public sealed class DicomWebDeleteResult
    {
        /// <summary>Google/emulator study and series deletes: the long-running operation (wait with
        /// HealthcareClient.WaitForOperationAsync). Null when the server deleted synchronously.</summary>
        public Operation Operation { get; internal set; }
        public int HttpStatus { get; internal set; }
        /// <summary>"dicomweb" or "orthanc-rest" (Orthanc's DICOMweb plugin has no DELETE: its REST API was used).</summary>
        public string Method { get; internal set; }
    }

    /// <summary>An error answer from a DICOMweb server that is not Google's (non-JSON bodies included).</summary>
    public sealed class DicomWebException : HealthcareApiException
    {
        private readonly string _message;

        public DicomWebException(int httpStatus, string status, string text, string url)
            : base(httpStatus, status, text, null, url)
        {
            var head = string.IsNullOrEmpty(status) ? $"HTTP {httpStatus}" : $"{status} (HTTP {httpStatus})";
            _message = $"The DICOMweb server answered {head} for '{url}': {text}";
        }

        public override string Message => _message;
    }
}
