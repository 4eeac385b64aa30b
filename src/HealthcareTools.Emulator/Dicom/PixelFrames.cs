using System;
using System.Collections.Generic;
using System.Linq;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Http;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>Frame geometry of an image and the bytes of one frame (native, or encapsulated fragments).</summary>
    public sealed class PixelFrames
    {
        private readonly DicomElement _pixelData;

        private PixelFrames(DicomFile file, DicomElement pixelData)
        {
            File = file;
            _pixelData = pixelData;
            var ds = file.Dataset;
            Rows = (int)(ds["Rows"]?.GetInt64() ?? 0);
            Columns = (int)(ds["Columns"]?.GetInt64() ?? 0);
            SamplesPerPixel = (int)(ds["SamplesPerPixel"]?.GetInt64() ?? 1);
            BitsAllocated = (int)(ds["BitsAllocated"]?.GetInt64() ?? 0);
            BitsStored = (int)(ds["BitsStored"]?.GetInt64() ?? BitsAllocated);
            PixelRepresentation = (int)(ds["PixelRepresentation"]?.GetInt64() ?? 0);
            PlanarConfiguration = (int)(ds["PlanarConfiguration"]?.GetInt64() ?? 0);
            Photometric = ds.GetString("PhotometricInterpretation")?.Trim() ?? "MONOCHROME2";
            long frames = 1;
            try
            {
                frames = ds["NumberOfFrames"]?.GetInt64() ?? 1;
            }
            catch (Exception ex) when (ex is FormatException || ex is DicomFormatException)
            {
            }
            FrameCount = (int)Math.Max(1, frames);
        }

        public DicomFile File { get; }
        public string TransferSyntax => File.TransferSyntaxUID ?? DicomTransferSyntax.ImplicitVRLittleEndian;
        public bool IsEncapsulated => _pixelData is DicomFragmentSequence;
        public int Rows { get; }
        public int Columns { get; }
        public int SamplesPerPixel { get; }
        public int BitsAllocated { get; }
        public int BitsStored { get; }
        public int PixelRepresentation { get; }
        public int PlanarConfiguration { get; }
        public string Photometric { get; }
        public int FrameCount { get; }

        public long FrameLength => (long)Rows * Columns * SamplesPerPixel * (BitsAllocated / 8);

        /// <summary>Reads the whole file (pixel data included); 400 when it has no pixel data.</summary>
        public static PixelFrames Open(string path)
        {
            var file = DicomFile.Open(path, new DicomReadOptions { ConvertKnownUN = true });
            var pixelData = file.Dataset[DicomTag.PixelData];
            if (pixelData == null) throw ApiException.InvalidArgument("The instance has no Pixel Data (7FE0,0010).");
            return new PixelFrames(file, pixelData);
        }

        /// <summary>Parses "1,2,5" (1-based) and checks each number against the frame count.</summary>
        public IReadOnlyList<int> ParseFrameList(string list)
        {
            var numbers = new List<int>();
            foreach (string item in (list ?? string.Empty).Split(','))
            {
                if (!int.TryParse(item.Trim(), out int number) || number < 1)
                    throw ApiException.InvalidArgument($"Invalid frame list '{list}': expected 1-based frame numbers separated by commas.");
                if (number > FrameCount)
                    throw ApiException.InvalidArgument($"Frame {number} does not exist: the instance has {FrameCount} frame(s).");
                numbers.Add(number);
            }
            return numbers;
        }

        /// <summary>The bytes of frame <paramref name="number"/> (1-based) as stored: raw pixels, or the compressed codestream.</summary>
        public byte[] Frame(int number)
        {
            if (_pixelData is DicomFragmentSequence encapsulated)
            {
                var fragments = encapsulated.Fragments;
                if (fragments.Count == FrameCount) return fragments[number - 1];
                if (FrameCount == 1) return fragments.SelectMany(f => f).ToArray();
                throw ApiException.InvalidArgument($"The emulator cannot split {fragments.Count} fragments into {FrameCount} frames.");
            }
            if (BitsAllocated < 8 || BitsAllocated % 8 != 0)
                throw ApiException.InvalidArgument($"Frames with BitsAllocated {BitsAllocated} are not supported by the emulator.");
            long length = FrameLength;
            long offset = length * (number - 1);
            byte[] raw = _pixelData.RawValue;
            if (length <= 0 || offset + length > raw.Length)
                throw ApiException.InvalidArgument($"Pixel Data holds {raw.Length} bytes, too few for frame {number} of {length} bytes.");
            var frame = new byte[length];
            Buffer.BlockCopy(raw, (int)offset, frame, 0, (int)length);
            return frame;
        }

        /// <summary>The media type of a compressed frame for a transfer syntax (PS3.18 table 8.7.3-5).</summary>
        public static string FrameMediaType(string transferSyntax)
        {
            switch (transferSyntax)
            {
                case "1.2.840.10008.1.2.4.50":
                case "1.2.840.10008.1.2.4.51":
                case "1.2.840.10008.1.2.4.57":
                case "1.2.840.10008.1.2.4.70":
                    return "image/jpeg";
                case "1.2.840.10008.1.2.4.80":
                case "1.2.840.10008.1.2.4.81":
                    return "image/jls";
                case "1.2.840.10008.1.2.4.90":
                case "1.2.840.10008.1.2.4.91":
                    return "image/jp2";
                case "1.2.840.10008.1.2.4.201":
                case "1.2.840.10008.1.2.4.202":
                case "1.2.840.10008.1.2.4.203":
                    return "image/jphc";
                case "1.2.840.10008.1.2.5":
                    return "image/dicom-rle";
                default:
                    return MediaTypes.OctetStream;
            }
        }
    }
}
