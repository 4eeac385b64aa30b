using System;
using System.IO;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Emulator.Http;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>
    /// Rendered frames as PNG or JPEG: native grayscale (8/16-bit, signed or not, rescale, default
    /// window from WindowCenter/Width or the frame's min/max, MONOCHROME1 inverted), native 8-bit RGB
    /// (interleaved or planar), and JPEG baseline frames decoded by ImageSharp.
    /// </summary>
    public static class Renderer
    {
        public static byte[] Render(PixelFrames image, int frame, bool png, (int Width, int Height)? viewport)
        {
            using var picture = Decode(image, frame);
            if (viewport.HasValue)
            {
                picture.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(viewport.Value.Width, viewport.Value.Height), Mode = ResizeMode.Max }));
            }
            using var output = new MemoryStream();
            if (png) picture.SaveAsPng(output);
            else picture.SaveAsJpeg(output);
            return output.ToArray();
        }

        private static Image Decode(PixelFrames image, int frame)
        {
            byte[] bytes = image.Frame(frame);
            if (image.IsEncapsulated)
            {
                if (image.TransferSyntax != "1.2.840.10008.1.2.4.50")
                    throw ApiException.InvalidArgument($"Rendering transfer syntax {image.TransferSyntax} is not supported by the emulator (native pixel data and JPEG baseline only).");
                return Image.Load<Rgb24>(bytes);
            }
            if (image.Rows <= 0 || image.Columns <= 0) throw ApiException.InvalidArgument("The instance has no Rows/Columns.");
            if (image.SamplesPerPixel == 1 && image.Photometric.StartsWith("MONOCHROME", StringComparison.Ordinal)) return Grayscale(image, bytes);
            if (image.SamplesPerPixel == 3 && image.BitsAllocated == 8 && image.Photometric == "RGB") return Rgb(image, bytes);
            throw ApiException.InvalidArgument($"Rendering {image.Photometric} with {image.SamplesPerPixel} sample(s) of {image.BitsAllocated} bits is not supported by the emulator.");
        }

        private static Image Rgb(PixelFrames image, byte[] bytes)
        {
            int count = image.Rows * image.Columns;
            var pixels = new byte[count * 3];
            if (image.PlanarConfiguration == 1)
            {
                for (int i = 0; i < count; i++)
                {
                    pixels[i * 3] = bytes[i];
                    pixels[i * 3 + 1] = bytes[count + i];
                    pixels[i * 3 + 2] = bytes[2 * count + i];
                }
            }
            else
            {
                Buffer.BlockCopy(bytes, 0, pixels, 0, pixels.Length);
            }
            return Image.LoadPixelData<Rgb24>(pixels, image.Columns, image.Rows);
        }

        private static Image Grayscale(PixelFrames image, byte[] bytes)
        {
            if (image.BitsAllocated != 8 && image.BitsAllocated != 16)
                throw ApiException.InvalidArgument($"Rendering grayscale with BitsAllocated {image.BitsAllocated} is not supported by the emulator.");
            var ds = image.File.Dataset;
            double slope = ds["RescaleSlope"]?.GetDouble() ?? 1;
            double intercept = ds["RescaleIntercept"]?.GetDouble() ?? 0;
            if (slope == 0) slope = 1;
            int count = image.Rows * image.Columns;
            var values = new double[count];
            int bitsStored = Math.Clamp(image.BitsStored, 1, image.BitsAllocated);
            long mask = (1L << bitsStored) - 1;
            double min = double.MaxValue, max = double.MinValue;
            for (int i = 0; i < count; i++)
            {
                long raw = image.BitsAllocated == 8 ? bytes[i] : bytes[2 * i] | (bytes[2 * i + 1] << 8);
                raw &= mask;
                if (image.PixelRepresentation == 1 && (raw & (1L << (bitsStored - 1))) != 0) raw -= 1L << bitsStored;
                double value = raw * slope + intercept;
                values[i] = value;
                if (value < min) min = value;
                if (value > max) max = value;
            }

            double? center = Number(ds, "WindowCenter");
            double? width = Number(ds, "WindowWidth");
            if (!center.HasValue || !width.HasValue || width.Value < 1)
            {
                center = (min + max) / 2 + 0.5;
                width = Math.Max(1, max - min + 1);
            }
            double c = center.Value - 0.5, w = width.Value - 1, low = c - w / 2, high = c + w / 2;
            bool invert = image.Photometric == "MONOCHROME1";
            var pixels = new byte[count];
            for (int i = 0; i < count; i++)
            {
                double x = values[i];
                double y = x <= low ? 0 : x > high ? 255 : ((x - c) / Math.Max(w, 1) + 0.5) * 255;
                byte b = (byte)Math.Clamp(Math.Round(y), 0, 255);
                pixels[i] = invert ? (byte)(255 - b) : b;
            }
            return Image.LoadPixelData<L8>(pixels, image.Columns, image.Rows);
        }

        private static double? Number(DicomDataset ds, string keyword)
        {
            try
            {
                return ds[keyword]?.GetDouble();
            }
            catch (Exception ex) when (ex is FormatException || ex is DicomFormatException)
            {
                return null;
            }
        }
    }
}
