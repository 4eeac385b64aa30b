using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace HealthcareTools.Client.DicomWeb
{
    /// <summary>A file (or stream) the STOW content reads while it is being sent.</summary>
    internal sealed class StowPart
    {
        internal StowPart(Func<Stream> open, long length, string name)
        {
            Open = open;
            Length = length;
            Name = name;
        }

        internal Func<Stream> Open { get; }
        /// <summary>Bytes, or -1 when unknown (the request is then sent chunked).</summary>
        internal long Length { get; }
        internal string Name { get; }
    }

    /// <summary>A local read failure while sending: never a network error, so the pipeline does not retry it.</summary>
    public sealed class DicomWebLocalFileException : Exception
    {
        public DicomWebLocalFileException(string message, Exception inner = null) : base(message, inner)
        {
        }
    }

    /// <summary>
    /// multipart/related; type="application/dicom" request body written straight from the files: each part is
    /// opened and copied into the request stream when the body is sent, so memory is one copy buffer whatever the
    /// sizes. Serializable again on a retry (files are re-opened; bytes already reported are taken back).
    /// </summary>
    internal sealed class StowContent : HttpContent
    {
        private const int CopyBufferSize = 128 * 1024;
        private readonly IReadOnlyList<StowPart> _parts;
        private readonly string _boundary;
        private readonly Action<long> _onBytes;
        private long _reportedThisAttempt;

        internal StowContent(IReadOnlyList<StowPart> parts, Action<long> onBytes, string boundary = null)
        {
            _parts = parts;
            _onBytes = onBytes;
            _boundary = boundary ?? "HealthcareTools-" + Guid.NewGuid().ToString("N");
            Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + _boundary);
        }

        internal string Boundary => _boundary;

        private byte[] PartHead(int index) => Encoding.ASCII.GetBytes(
            (index == 0 ? string.Empty : "\r\n") + "--" + _boundary + "\r\nContent-Type: application/dicom\r\n\r\n");

        private byte[] Tail() => Encoding.ASCII.GetBytes("\r\n--" + _boundary + "--\r\n");

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext context)
        {
            if (_reportedThisAttempt != 0)
            {
                _onBytes?.Invoke(-_reportedThisAttempt);
                _reportedThisAttempt = 0;
            }
            var buffer = new byte[CopyBufferSize];
            for (var i = 0; i < _parts.Count; i++)
            {
                var part = _parts[i];
                var head = PartHead(i);
                await stream.WriteAsync(head, 0, head.Length).ConfigureAwait(false);
                Stream source;
                try
                {
                    source = part.Open();
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new DicomWebLocalFileException($"Cannot read '{part.Name}': {ex.Message}", ex);
                }
                using (source)
                {
                    long copied = 0;
                    while (true)
                    {
                        int read;
                        try
                        {
                            read = await source.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                        }
                        catch (IOException ex)
                        {
                            throw new DicomWebLocalFileException($"Cannot read '{part.Name}': {ex.Message}", ex);
                        }
                        if (read <= 0)
                        {
                            break;
                        }
                        copied += read;
                        if (part.Length >= 0 && copied > part.Length)
                        {
                            throw new DicomWebLocalFileException($"'{part.Name}' grew while it was being sent.");
                        }
                        await stream.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                        _reportedThisAttempt += read;
                        _onBytes?.Invoke(read);
                    }
                    if (part.Length >= 0 && copied != part.Length)
                    {
                        throw new DicomWebLocalFileException($"'{part.Name}' shrank while it was being sent ({copied} of {part.Length} bytes).");
                    }
                }
            }
            var tail = Tail();
            await stream.WriteAsync(tail, 0, tail.Length).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            for (var i = 0; i < _parts.Count; i++)
            {
                if (_parts[i].Length < 0)
                {
                    length = -1;
                    return false;
                }
                length += PartHead(i).Length + _parts[i].Length;
            }
            length += Tail().Length;
            return true;
        }
    }
}
