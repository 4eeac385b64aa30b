using System;
using System.Collections.Generic;
using System.IO;
using HealthcareTools.Client.IO;
using System.IO.Compression;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// Part 10 / raw dataset parser (PS3.5, PS3.10). Forward-only over a stream, so header-only reads
    /// never touch the pixel data. Every length is checked against its container and the input;
    /// anything malformed becomes a <see cref="DicomFormatException"/> with file, offset and reason.
    /// </summary>
    public sealed class DicomReader
    {
        private const uint UndefinedLength = 0xFFFFFFFF;
        private static readonly byte[] NoBytes = new byte[0];

        private readonly DicomReadOptions options;
        private readonly string sourceName;
        private readonly List<string> warnings = new List<string>();
        private DicomByteSource source;
        /// <summary>Every source this read created (an inflated dataset reads through the first one's buffer).</summary>
        private readonly List<DicomByteSource> sources = new List<DicomByteSource>();
        private bool inflated;

        private DicomReader(DicomReadOptions options)
        {
            this.options = options ?? new DicomReadOptions();
            sourceName = this.options.SourceName;
        }

        /// <summary>Reads a Part 10 file (or a raw dataset, detected by sniffing) from a stream.</summary>
        public static DicomFile Read(Stream stream, DicomReadOptions options = null)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            var reader = new DicomReader(options);
            try
            {
                return reader.ReadFile(stream);
            }
            catch (DicomFormatException)
            {
                throw;
            }
            catch (Exception ex) when (ex is InvalidDataException || !(ex is IOException || ex is OperationCanceledException || ex is ObjectDisposedException))
            {
                // Anything else (bad deflate data, an overflow on absurd input) is still a format problem of the input.
                throw reader.Error(reader.source?.Position ?? 0, ex.GetType().Name + ": " + ex.Message, ex);
            }
            finally
            {
                foreach (var used in reader.sources) used.Release();
            }
        }

        private DicomByteSource Track(DicomByteSource created)
        {
            sources.Add(created);
            return created;
        }

        private DicomFile ReadFile(Stream stream)
        {
            source = Track(new DicomByteSource(stream));
            var meta = new DicomDataset();
            byte[] preamble = null;

            if (source.Ensure(132) && source.PeekByte(128) == 'D' && source.PeekByte(129) == 'I' && source.PeekByte(130) == 'C' && source.PeekByte(131) == 'M')
            {
                preamble = new byte[128];
                Array.Copy(source.Buffer, source.BufferIndex, preamble, 0, 128);
                source.Advance(132);
            }

            if (!source.Ensure(8))
                throw Error(source.Position, "not DICOM: too short for a data element" + (preamble == null ? " and no 'DICM' marker at byte 128" : ""));

            bool hasMeta = source.PeekByte(0) == 0x02 && source.PeekByte(1) == 0x00;
            if (hasMeta) ReadFileMeta(meta);

            var transferSyntax = meta.GetString(DicomTag.TransferSyntaxUID);
            bool explicitVR, bigEndian;
            if (string.IsNullOrEmpty(transferSyntax))
            {
                if (hasMeta) warnings.Add("File meta information has no Transfer Syntax UID (0002,0010): guessed from the dataset.");
                if (source.IsAtEnd)
                {
                    explicitVR = true;
                    bigEndian = false;
                }
                else
                {
                    Sniff(out explicitVR, out bigEndian, preamble != null || hasMeta);
                }
                transferSyntax = null;
            }
            else
            {
                explicitVR = transferSyntax != DicomTransferSyntax.ImplicitVRLittleEndian;
                bigEndian = transferSyntax == DicomTransferSyntax.ExplicitVRBigEndian;
                if (transferSyntax == DicomTransferSyntax.DeflatedExplicitVRLittleEndian)
                {
                    long compressedStart = source.Position;
                    // Compressed bytes that inflate to nothing: the stream was cut before its first block ended.
                    // (A cut later is caught only where the inflated bytes end inside an element: DeflateStream
                    // does not report a missing final block.)
                    if (StartInflating() && source.IsAtEnd)
                        throw new DicomFormatException(sourceName, compressedStart, "truncated: the deflated dataset starting here inflates to nothing");
                }
            }

            var dataset = new DicomDataset();
            long limit = source.KnownLength >= 0 ? source.KnownLength : long.MaxValue;
            ReadDataset(dataset, -1, limit, 0, explicitVR, bigEndian, true);
            return new DicomFile(meta, dataset, preamble, transferSyntax, explicitVR, bigEndian, sourceName, warnings);
        }

        // Group 0002 is always explicit VR little endian; read while the group is 0002 rather than
        // trusting (0002,0000), which is sometimes missing or wrong.
        private void ReadFileMeta(DicomDataset meta)
        {
            long metaStart = source.Position;
            while (source.Ensure(2) && source.PeekByte(0) == 0x02 && source.PeekByte(1) == 0x00)
            {
                // A group 0002 tag with less than a full header after it is a file cut inside the meta
                // information, not the end of the group (the bytes must not reach the dataset or the inflater).
                if (!source.Ensure(8)) throw Error(source.Position, "truncated: input ends inside a data element header in the File Meta Information");
                bool explicitMeta = DicomVRInfo.FromCode(source.PeekByte(4), source.PeekByte(5)).HasValue;
                var element = ReadElement(meta, long.MaxValue, 0, explicitMeta, false, false, out _);
                if (element == null) break;
                meta.AddRead(element);
            }

            // (0002,0000) is not trusted to delimit the group, but input that ends before the end it declares
            // is a file cut on an element boundary inside the meta information.
            var groupLength = meta[DicomTag.FileMetaInformationGroupLength];
            if (groupLength != null && groupLength.VR == DicomVR.UL && groupLength.RawValue.Length == 4 && source.IsAtEnd)
            {
                long declaredEnd = metaStart + 12 + (groupLength.GetInt64() ?? 0);
                if (source.Position < declaredEnd)
                    throw Error(source.Position, "truncated: input ends at byte " + source.Position + ", inside the File Meta Information, whose group length (0002,0000) says it ends at byte " + declaredEnd);
            }
        }

        // Raw dataset without (usable) meta: the first tag and the two bytes after it tell the encoding.
        private void Sniff(out bool explicitVR, out bool bigEndian, bool afterMeta)
        {
            if (!source.Ensure(8))
            {
                explicitVR = true;
                bigEndian = false;
                return;
            }
            byte b0 = source.PeekByte(0), b1 = source.PeekByte(1);
            // Eight zero bytes read as (0000,0000) with length 0 forever: a file cut inside its (zero) preamble.
            if (!afterMeta && IsZero(0, 8))
                throw Error(source.Position, "not DICOM: no 'DICM' marker at byte 128 and the input starts with zero bytes (a file cut inside its preamble?)");
            bigEndian = b0 == 0x00 && b1 != 0x00;
            explicitVR = DicomVRInfo.FromCode(source.PeekByte(4), source.PeekByte(5)).HasValue;
            if (bigEndian && !explicitVR) bigEndian = false;
            ushort group = bigEndian ? (ushort)((b0 << 8) | b1) : (ushort)(b0 | (b1 << 8));
            // A raw dataset starts with a low group (0008 in practice); anything else is not DICOM.
            if (!afterMeta && group > 0x0008)
                throw Error(source.Position, "not DICOM: no 'DICM' marker at byte 128 and the first bytes are not a data element of group 0000-0008");
        }

        /// <summary>Switches to reading the inflated dataset; true when there was at least one compressed byte.</summary>
        private bool StartInflating()
        {
            var remaining = source.RemainingAsStream();
            // Some writers wrongly emit a zlib header (78 01 / 78 9C / 78 DA); raw deflate is the standard.
            var header = new byte[2];
            int got = remaining.Read(header, 0, 2);
            Stream compressed;
            if (got == 2 && (header[0] & 0x0F) == 8 && ((header[0] << 8) | header[1]) % 31 == 0)
            {
                compressed = remaining;
            }
            else
            {
                compressed = new PrefixedStream(header, 0, got, remaining);
            }
            source = Track(new DicomByteSource(new DeflateStream(compressed, CompressionMode.Decompress), 0));
            inflated = true;
            return got > 0;
        }

        /// <summary>
        /// Reads elements into <paramref name="dataset"/> until <paramref name="end"/> (defined-length
        /// item), an Item Delimitation Item (end == -1 inside an item), or the end of input (top level).
        /// </summary>
        private void ReadDataset(DicomDataset dataset, long end, long limit, int depth, bool explicitVR, bool bigEndian, bool topLevel)
        {
            bool undefinedItem = end < 0 && !topLevel;
            while (true)
            {
                if (end >= 0)
                {
                    if (source.Position == end) return;
                    if (source.Position > end) throw Error(source.Position, "element runs past the end of its item (item ends at " + end + ")");
                }
                if (topLevel && source.IsAtEnd) return;
                var element = ReadElement(dataset, end >= 0 ? end : limit, depth, explicitVR, bigEndian, topLevel, out bool itemEnded);
                if (itemEnded)
                {
                    if (undefinedItem) return;
                    throw Error(source.Position - 8, "Item Delimitation Item outside an undefined-length item");
                }
                if (element == null) return; // stopped before pixel data or after StopAfterTag
                if (element.Tag.IsPrivate && element.Tag.Element >= 0x1000) element.PrivateCreatorElement = dataset[element.Tag.PrivateCreatorTag];
                dataset.AddRead(element);
                if (element.Tag == DicomTag.SpecificCharacterSet)
                {
                    var characterSet = DicomCharacterSet.FromTerms(element.GetStrings());
                    if (characterSet.Warning != null) warnings.Add(element.Tag + ": " + characterSet.Warning);
                    dataset.CharacterSet = characterSet;
                }
            }
        }

        private DicomElement ReadElement(DicomDataset dataset, long limit, int depth, bool explicitVR, bool bigEndian, bool topLevel, out bool itemDelimiter)
        {
            itemDelimiter = false;
            long start = source.Position;
            if (!source.Ensure(8)) throw Error(start, "truncated: input ends inside a data element header");
            ushort group = source.ReadUInt16(bigEndian);
            ushort elementNumber = source.ReadUInt16(bigEndian);
            var tag = new DicomTag(group, elementNumber);
            if (topLevel && options.StopAfterTag.HasValue && tag.CompareTo(options.StopAfterTag.Value) > 0)
            {
                return null;
            }

            if (group == 0xFFFE)
            {
                uint delimiterLength = source.ReadUInt32(bigEndian);
                if (tag == DicomTag.ItemDelimitationItem)
                {
                    itemDelimiter = true;
                    return null;
                }
                throw Error(start, tag == DicomTag.SequenceDelimitationItem
                    ? "Sequence Delimitation Item outside a sequence"
                    : "unexpected " + tag + " (length " + delimiterLength + ") where a data element was expected");
            }

            // Header only: the Pixel Data header is still read and checked like any other (so a file cut inside
            // it is truncated, not a header-only dataset); only its value is never read.
            bool stopHere = topLevel && tag == DicomTag.PixelData && options.StopBeforePixelData;

            DicomVR vr;
            uint length;
            bool vrFromEncoding = false;
            if (explicitVR)
            {
                var code = DicomVRInfo.FromCode(source.PeekByte(0), source.PeekByte(1));
                if (code.HasValue)
                {
                    vr = code.Value;
                    vrFromEncoding = true;
                    source.Advance(2);
                    if (DicomVRInfo.HasLongLength(vr))
                    {
                        if (!source.Ensure(6)) throw Error(start, "truncated: input ends inside the header of " + tag);
                        source.Advance(2); // reserved
                        length = source.ReadUInt32(bigEndian);
                    }
                    else
                    {
                        length = source.ReadUInt16(bigEndian);
                    }
                }
                else if (IsUpperLetter(source.PeekByte(0)) && IsUpperLetter(source.PeekByte(1)))
                {
                    // A non-standard VR: keep the bytes as UN, 16-bit length as for the short VRs.
                    if (options.Strict) throw Error(start, tag + ": unknown VR '" + (char)source.PeekByte(0) + (char)source.PeekByte(1) + "'");
                    warnings.Add(tag + " at byte " + start + ": unknown VR '" + (char)source.PeekByte(0) + (char)source.PeekByte(1) + "' read as UN");
                    source.Advance(2);
                    vr = DicomVR.UN;
                    vrFromEncoding = true;
                    length = source.ReadUInt16(bigEndian);
                }
                else
                {
                    // Not a VR at all: some writers mix in implicit elements.
                    if (options.Strict) throw Error(start, tag + ": no VR in explicit VR data");
                    warnings.Add(tag + " at byte " + start + ": no VR in explicit VR data, read as implicit VR");
                    length = source.ReadUInt32(bigEndian);
                    vr = ImplicitVR(tag, dataset);
                }
            }
            else
            {
                length = source.ReadUInt32(bigEndian);
                vr = ImplicitVR(tag, dataset);
            }

            if (length == UndefinedLength)
            {
                bool encapsulated = tag == DicomTag.PixelData && (vr == DicomVR.OB || vr == DicomVR.OW || vr == DicomVR.UN);
                if (!encapsulated && vr != DicomVR.SQ && vrFromEncoding && vr != DicomVR.UN)
                    throw Error(start, tag + " has undefined length but VR " + vr + " (only SQ, UN and encapsulated pixel data may)");
                if (stopHere) return null;
                if (encapsulated)
                    return ReadFragments(tag, vr == DicomVR.UN ? DicomVR.OB : vr, limit, bigEndian, topLevel);
                if (vr == DicomVR.SQ || !vrFromEncoding)
                    return ReadSequence(tag, dataset, -1, limit, depth, explicitVR, bigEndian);
                return ReadSequence(tag, dataset, -1, limit, depth, false, false); // UN, CP-246: items are implicit VR LE
            }

            long valueStart = source.Position;
            if (length > limit - valueStart)
                throw Error(start, tag + " value length " + length + " runs past the end of " + (limit == source.KnownLength ? "the input" : "its container") + " (" + (limit - valueStart) + " bytes left)");
            if (stopHere) return null; // never read, so no value-size limit applies
            if (length > MaxValueLength)
                throw Error(start, tag + " value length " + length + " exceeds the limit of " + MaxValueLength + " bytes");

            if (vr == DicomVR.SQ)
                return ReadSequence(tag, dataset, valueStart + length, limit, depth, explicitVR, bigEndian);

            byte[] value;
            if (tag == DicomTag.PixelData && topLevel && options.SkipPixelData)
            {
                if (!source.Skip(length)) throw Error(start, "truncated: " + tag + " value length " + length + " runs past the end of the input");
                value = NoBytes;
            }
            else
            {
                value = source.ReadBytes((int)length);
                if (value == null) throw Error(start, "truncated: " + tag + " value length " + length + " runs past the end of the input");
                if (bigEndian) SwapToLittleEndian(value, vr);
            }

            if (vr == DicomVR.UN && (options.ConvertKnownUN || options.DetectPrivateSequences))
            {
                var reinterpreted = TryReinterpretUnknown(tag, dataset, value, valueStart, depth, explicitVR, vrFromEncoding);
                if (reinterpreted != null) return reinterpreted;
            }

            var element = new DicomElement(tag, vr, value) { CharacterSet = dataset.CharacterSet };
            return element;
        }

        // Optional reinterpretation of UN values (see DicomReadOptions.ConvertKnownUN and DetectPrivateSequences).
        private DicomElement TryReinterpretUnknown(DicomTag tag, DicomDataset dataset, byte[] value, long valueStart, int depth, bool explicitVR, bool vrFromEncoding)
        {
            bool startsWithItem = value.Length >= 8 && value[0] == 0xFE && value[1] == 0xFF && value[2] == 0x00 && value[3] == 0xE0;
            if (explicitVR && vrFromEncoding && options.ConvertKnownUN && !tag.IsPrivate)
            {
                var entry = DicomDictionary.Lookup(tag);
                if (entry == null || entry.DefaultVR == DicomVR.None) return null;
                var dictionaryVR = ImplicitVR(tag, dataset);
                if (dictionaryVR != DicomVR.SQ)
                    return new DicomElement(tag, dictionaryVR, value) { CharacterSet = dataset.CharacterSet };
                return startsWithItem ? TryReadSequenceFrom(tag, dataset, value, valueStart, depth, mustSucceed: false) : null;
            }
            if (!explicitVR && options.DetectPrivateSequences && startsWithItem && (tag.IsPrivate || DicomDictionary.Lookup(tag) == null))
                return TryReadSequenceFrom(tag, dataset, value, valueStart, depth, mustSucceed: false);
            return null;
        }

        // Parses a sequence (implicit VR LE) out of bytes already read; null, with a warning, when they are not one.
        private DicomSequence TryReadSequenceFrom(DicomTag tag, DicomDataset dataset, byte[] value, long valueStart, int depth, bool mustSucceed)
        {
            var outer = source;
            source = Track(new DicomByteSource(new MemoryStream(value, writable: false), valueStart));
            try
            {
                return ReadSequence(tag, dataset, valueStart + value.Length, valueStart + value.Length, depth, false, false);
            }
            catch (DicomFormatException ex) when (!mustSucceed)
            {
                warnings.Add(tag + " at byte " + valueStart + ": value looked like a sequence but is not one (" + ex.Reason + "); kept as UN");
                return null;
            }
            finally
            {
                source = outer;
            }
        }

        // A .NET array holds at most int.MaxValue bytes, whatever the option says.
        private long MaxValueLength => Math.Min(options.MaxValueLength, int.MaxValue);

        private DicomSequence ReadSequence(DicomTag tag, DicomDataset parent, long end, long limit, int depth, bool explicitVR, bool bigEndian)
        {
            if (depth + 1 > options.MaxDepth) throw Error(source.Position, "sequences nested deeper than " + options.MaxDepth + " levels");
            var sequence = new DicomSequence(tag);
            long innerLimit = end >= 0 ? end : limit;
            while (true)
            {
                if (end >= 0)
                {
                    if (source.Position == end) break;
                    if (source.Position > end) throw Error(source.Position, "item runs past the end of sequence " + tag);
                }
                long itemStart = source.Position;
                if (!source.Ensure(8)) throw Error(itemStart, "truncated: input ends inside sequence " + tag);
                var itemTag = new DicomTag(source.ReadUInt16(bigEndian), source.ReadUInt16(bigEndian));
                uint itemLength = source.ReadUInt32(bigEndian);
                if (itemTag == DicomTag.SequenceDelimitationItem)
                {
                    if (end < 0) break;
                    throw Error(itemStart, "Sequence Delimitation Item inside defined-length sequence " + tag);
                }
                if (itemTag != DicomTag.Item) throw Error(itemStart, "expected an Item (FFFE,E000) in sequence " + tag + " but found " + itemTag);
                var item = new DicomDataset { CharacterSet = parent.CharacterSet };
                long itemEnd = -1;
                if (itemLength != UndefinedLength)
                {
                    itemEnd = source.Position + itemLength;
                    if (itemLength > innerLimit - source.Position)
                    {
                        // Seen in real files (DICOMDIR edited without fixing lengths): read the item up to the end of its
                        // container; its elements are still checked one by one, so truncation is still an error.
                        if (options.Strict) throw Error(itemStart, "item length " + itemLength + " runs past the end of sequence " + tag + " (" + (innerLimit - source.Position) + " bytes left)");
                        warnings.Add("Item at byte " + itemStart + " in " + tag + " claims " + itemLength + " bytes but only " + (innerLimit - source.Position) + " remain: read up to the end of the sequence.");
                        itemEnd = innerLimit;
                    }
                }
                ReadDataset(item, itemEnd, itemEnd >= 0 ? itemEnd : innerLimit, depth + 1, explicitVR, bigEndian, false);
                sequence.Items.Add(item);
            }
            return sequence;
        }

        private DicomElement ReadFragments(DicomTag tag, DicomVR vr, long limit, bool bigEndian, bool topLevel)
        {
            bool skip = topLevel && options.SkipPixelData;
            byte[] offsetTable = null;
            var fragments = new List<byte[]>();
            while (true)
            {
                long itemStart = source.Position;
                if (!source.Ensure(8)) throw Error(itemStart, "truncated: input ends inside encapsulated pixel data");
                var itemTag = new DicomTag(source.ReadUInt16(bigEndian), source.ReadUInt16(bigEndian));
                uint itemLength = source.ReadUInt32(bigEndian);
                if (itemTag == DicomTag.SequenceDelimitationItem) break;
                if (itemTag != DicomTag.Item) throw Error(itemStart, "expected a fragment Item (FFFE,E000) in encapsulated pixel data but found " + itemTag);
                if (itemLength == UndefinedLength) throw Error(itemStart, "fragment with undefined length in encapsulated pixel data");
                if (itemLength > limit - source.Position)
                    throw Error(itemStart, "fragment length " + itemLength + " runs past the end of the input (" + (limit - source.Position) + " bytes left)");
                if (itemLength > MaxValueLength)
                    throw Error(itemStart, "fragment length " + itemLength + " exceeds the limit of " + MaxValueLength + " bytes");
                byte[] bytes;
                if (skip)
                {
                    if (!source.Skip(itemLength)) throw Error(itemStart, "truncated: fragment runs past the end of the input");
                    bytes = NoBytes;
                }
                else
                {
                    bytes = source.ReadBytes((int)itemLength) ?? throw Error(itemStart, "truncated: fragment length " + itemLength + " runs past the end of the input");
                }
                if (offsetTable == null) offsetTable = bytes;
                else if (!skip) fragments.Add(bytes);
            }
            return new DicomFragmentSequence(tag, vr, offsetTable, fragments);
        }

        // Implicit VR: the dictionary decides; alternatives resolved as PS3.5 annex A.1 describes.
        private static DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset)
        {
            if (tag.IsGroupLength) return DicomVR.UL;
            if (tag.IsPrivate) return tag.IsPrivateCreator ? DicomVR.LO : DicomVR.UN;
            var entry = DicomDictionary.Lookup(tag);
            if (entry == null) return DicomVR.UN;
            var vrs = entry.ValueRepresentations;
            if (vrs.Count <= 1) return entry.DefaultVR == DicomVR.None ? DicomVR.UN : entry.DefaultVR;
            if (Has(vrs, DicomVR.OW)) return DicomVR.OW;
            if (Has(vrs, DicomVR.SS))
            {
                var pixelRepresentation = dataset[DicomTag.PixelRepresentation];
                return pixelRepresentation != null && pixelRepresentation.GetInt64() == 1 ? DicomVR.SS : DicomVR.US;
            }
            return vrs[0];
        }

        private static bool Has(IReadOnlyList<DicomVR> vrs, DicomVR vr)
        {
            foreach (var candidate in vrs) if (candidate == vr) return true;
            return false;
        }

        private static void SwapToLittleEndian(byte[] value, DicomVR vr)
        {
            int size = DicomVRInfo.ByteSwapSize(vr);
            if (size == 1) return;
            for (int i = 0; i + size <= value.Length; i += size) Array.Reverse(value, i, size);
        }

        private bool IsZero(int from, int count)
        {
            for (int i = from; i < from + count; i++) if (source.PeekByte(i) != 0) return false;
            return true;
        }

        private static bool IsUpperLetter(byte b) => b >= (byte)'A' && b <= (byte)'Z';

        private DicomFormatException Error(long offset, string reason, Exception inner = null)
            => new DicomFormatException(sourceName, offset, inflated ? reason + " (offset in the inflated dataset)" : reason, inner);
    }
}
