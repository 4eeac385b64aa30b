using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// Writes Part 10 files in Explicit VR Little Endian (PS3.10 7): 128-byte preamble, "DICM", group
    /// 0002 with a computed group length, then the dataset. Encapsulated pixel data keeps its
    /// fragments, and then the file keeps the compressed transfer syntax it was read with.
    /// </summary>
    public static class DicomWriter
    {
        /// <summary>Our Implementation Class UID: a UUID-derived OID (2.25 arc, PS3.5 B.2), fixed for this implementation.</summary>
        public const string ImplementationClassUID = "2.25.156587164426178712468931218372531620618";

        public const string ImplementationVersionName = "HCTOOLS_0_1";

        private const uint UndefinedLength = 0xFFFFFFFF;

        /// <summary>Writes <paramref name="file"/> as Part 10; the meta header is rebuilt from it.</summary>
        public static void WriteFile(Stream stream, DicomFile file, DicomWriteOptions options = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            WriteFile(stream, file.Dataset, file.FileMetaInformation, file.TransferSyntaxUID, options);
        }

        /// <summary>Writes a dataset as Part 10 with a new meta header (SOP class/instance from the dataset).</summary>
        public static void WriteFile(Stream stream, DicomDataset dataset, DicomWriteOptions options = null)
            => WriteFile(stream, dataset, null, null, options);

        private static void WriteFile(Stream stream, DicomDataset dataset, DicomDataset sourceMeta, string sourceTransferSyntax, DicomWriteOptions options)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            options = options ?? new DicomWriteOptions();
            var transferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian;
            if (dataset.Any(e => e is DicomFragmentSequence))
            {
                transferSyntax = sourceTransferSyntax ?? sourceMeta?.GetString(DicomTag.TransferSyntaxUID);
                if (string.IsNullOrEmpty(transferSyntax) || !DicomTransferSyntax.IsEncapsulated(transferSyntax))
                    throw new InvalidOperationException("The dataset holds encapsulated pixel data but no compressed transfer syntax is known for it.");
            }

            var meta = BuildMeta(dataset, sourceMeta, transferSyntax, options);
            var output = new BufferedStream(stream, 64 * 1024);
            output.Write(new byte[128], 0, 128);
            output.Write(new[] { (byte)'D', (byte)'I', (byte)'C', (byte)'M' }, 0, 4);
            var writer = new ElementWriter(output, options);
            foreach (var element in meta) writer.Write(element);
            foreach (var element in dataset) writer.Write(element);
            output.Flush();
        }

        /// <summary>Writes the dataset alone (no preamble, no meta), Explicit VR Little Endian.</summary>
        public static void WriteDataset(Stream stream, DicomDataset dataset, DicomWriteOptions options = null)
        {
            var output = new BufferedStream(stream, 64 * 1024);
            var writer = new ElementWriter(output, options ?? new DicomWriteOptions());
            foreach (var element in dataset) writer.Write(element);
            output.Flush();
        }

        private static List<DicomElement> BuildMeta(DicomDataset dataset, DicomDataset sourceMeta, string transferSyntax, DicomWriteOptions options)
        {
            var sopClass = sourceMeta?.GetString(DicomTag.MediaStorageSOPClassUID) ?? dataset.GetString(DicomTag.SOPClassUID);
            var sopInstance = sourceMeta?.GetString(DicomTag.MediaStorageSOPInstanceUID) ?? dataset.GetString(DicomTag.SOPInstanceUID);
            var elements = new SortedDictionary<uint, DicomElement>();
            if (sourceMeta != null)
            {
                // Keep optional meta elements (source AE title, private information …) that we do not set ourselves.
                foreach (var element in sourceMeta)
                {
                    if (element.Tag.Group == 0x0002 && element.Tag.Element > 0x0013) elements[element.Tag.Value] = element;
                }
            }
            elements[DicomTag.FileMetaInformationVersion.Value] = new DicomElement(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
            if (sopClass != null) elements[DicomTag.MediaStorageSOPClassUID.Value] = Uid(DicomTag.MediaStorageSOPClassUID, sopClass);
            if (sopInstance != null) elements[DicomTag.MediaStorageSOPInstanceUID.Value] = Uid(DicomTag.MediaStorageSOPInstanceUID, sopInstance);
            elements[DicomTag.TransferSyntaxUID.Value] = Uid(DicomTag.TransferSyntaxUID, transferSyntax);
            elements[DicomTag.ImplementationClassUID.Value] = Uid(DicomTag.ImplementationClassUID, options.ImplementationClassUID);
            if (!string.IsNullOrEmpty(options.ImplementationVersionName))
                elements[DicomTag.ImplementationVersionName.Value] = DicomElementFactory.FromStrings(DicomTag.ImplementationVersionName, DicomVR.SH, new[] { options.ImplementationVersionName }, DicomCharacterSet.Default);

            long groupLength = 0;
            foreach (var element in elements.Values) groupLength += EncodedLength(element, options);
            var result = new List<DicomElement>(elements.Count + 1)
            {
                new DicomElement(DicomTag.FileMetaInformationGroupLength, DicomVR.UL, BitConverterLEBytes((uint)groupLength)),
            };
            result.AddRange(elements.Values);
            return result;
        }

        private static DicomElement Uid(DicomTag tag, string uid) => DicomElementFactory.FromStrings(tag, DicomVR.UI, new[] { uid }, DicomCharacterSet.Default);

        private static byte[] BitConverterLEBytes(uint value) => new[] { (byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24) };

        /// <summary>The VR actually written: a short-length VR whose value does not fit 16 bits becomes UN.</summary>
        private static DicomVR WrittenVR(DicomElement element)
            => !DicomVRInfo.HasLongLength(element.VR) && element.RawValue.Length > 0xFFFE ? DicomVR.UN : element.VR;

        private static long PaddedLength(DicomElement element) => element.RawValue.Length + (element.RawValue.Length & 1);

        /// <summary>Bytes the element occupies, header included, for defined-length encodings.</summary>
        internal static long EncodedLength(DicomElement element, DicomWriteOptions options)
        {
            if (element is DicomSequence sequence) return 12 + SequenceValueLength(sequence, options) + (options.UndefinedLengthSequences ? 8 : 0);
            if (element is DicomFragmentSequence fragments)
            {
                long total = 12 + 8 + fragments.BasicOffsetTable.Length + 8;
                foreach (var fragment in fragments.Fragments) total += 8 + fragment.Length;
                return total;
            }
            var vr = WrittenVR(element);
            return (DicomVRInfo.HasLongLength(vr) ? 12 : 8) + PaddedLength(element);
        }

        private static long SequenceValueLength(DicomSequence sequence, DicomWriteOptions options)
        {
            long total = 0;
            foreach (var item in sequence.Items) total += 8 + ItemValueLength(item, options) + (options.UndefinedLengthSequences ? 8 : 0);
            return total;
        }

        private static long ItemValueLength(DicomDataset item, DicomWriteOptions options)
        {
            long total = 0;
            foreach (var element in item) total += EncodedLength(element, options);
            return total;
        }

        private sealed class ElementWriter
        {
            private readonly Stream output;
            private readonly DicomWriteOptions options;
            private readonly byte[] scratch = new byte[12];

            public ElementWriter(Stream output, DicomWriteOptions options)
            {
                this.output = output;
                this.options = options;
            }

            public void Write(DicomElement element)
            {
                switch (element)
                {
                    case DicomSequence sequence:
                        WriteSequence(sequence);
                        return;
                    case DicomFragmentSequence fragments:
                        WriteHeader(fragments.Tag, fragments.VR == DicomVR.OW ? DicomVR.OW : DicomVR.OB, UndefinedLength);
                        WriteItemHeader(DicomTag.Item, (uint)fragments.BasicOffsetTable.Length);
                        output.Write(fragments.BasicOffsetTable, 0, fragments.BasicOffsetTable.Length);
                        foreach (var fragment in fragments.Fragments)
                        {
                            WriteItemHeader(DicomTag.Item, (uint)fragment.Length);
                            output.Write(fragment, 0, fragment.Length);
                        }
                        WriteItemHeader(DicomTag.SequenceDelimitationItem, 0);
                        return;
                }
                if (element.BulkDataUri != null && element.RawValue.Length == 0)
                    throw new InvalidOperationException(element.Tag + " holds only a BulkDataURI (" + element.BulkDataUri + "): fetch the bytes (DicomJsonOptions.BulkDataResolver) before writing Part 10.");
                var vr = WrittenVR(element);
                var value = element.RawValue;
                WriteHeader(element.Tag, vr, (uint)PaddedLength(element));
                output.Write(value, 0, value.Length);
                if ((value.Length & 1) == 1) output.WriteByte(DicomVRInfo.PaddingByte(element.VR));
            }

            private void WriteSequence(DicomSequence sequence)
            {
                bool undefined = options.UndefinedLengthSequences;
                WriteHeader(sequence.Tag, DicomVR.SQ, undefined ? UndefinedLength : (uint)SequenceValueLength(sequence, options));
                foreach (var item in sequence.Items)
                {
                    WriteItemHeader(DicomTag.Item, undefined ? UndefinedLength : (uint)ItemValueLength(item, options));
                    foreach (var child in item) Write(child);
                    if (undefined) WriteItemHeader(DicomTag.ItemDelimitationItem, 0);
                }
                if (undefined) WriteItemHeader(DicomTag.SequenceDelimitationItem, 0);
            }

            private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
            {
                PutTag(tag);
                scratch[4] = (byte)((ushort)vr >> 8);
                scratch[5] = (byte)vr;
                if (DicomVRInfo.HasLongLength(vr))
                {
                    scratch[6] = 0;
                    scratch[7] = 0;
                    PutUInt32(8, length);
                    output.Write(scratch, 0, 12);
                }
                else
                {
                    scratch[6] = (byte)length;
                    scratch[7] = (byte)(length >> 8);
                    output.Write(scratch, 0, 8);
                }
            }

            private void WriteItemHeader(DicomTag tag, uint length)
            {
                PutTag(tag);
                PutUInt32(4, length);
                output.Write(scratch, 0, 8);
            }

            private void PutTag(DicomTag tag)
            {
                scratch[0] = (byte)tag.Group;
                scratch[1] = (byte)(tag.Group >> 8);
                scratch[2] = (byte)tag.Element;
                scratch[3] = (byte)(tag.Element >> 8);
            }

            private void PutUInt32(int at, uint value)
            {
                scratch[at] = (byte)value;
                scratch[at + 1] = (byte)(value >> 8);
                scratch[at + 2] = (byte)(value >> 16);
                scratch[at + 3] = (byte)(value >> 24);
            }
        }
    }
}
