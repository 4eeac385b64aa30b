namespace HealthcareTools.Client.Dicom
{
    /// <summary>Value representations (PS3.5 6.2). The numeric value is the two ASCII letters, first letter high.</summary>
    public enum DicomVR : ushort
    {
        /// <summary>No VR: items and delimiters.</summary>
        None = 0,
        AE = ('A' << 8) | 'E', AS = ('A' << 8) | 'S', AT = ('A' << 8) | 'T',
        CS = ('C' << 8) | 'S',
        DA = ('D' << 8) | 'A', DS = ('D' << 8) | 'S', DT = ('D' << 8) | 'T',
        FD = ('F' << 8) | 'D', FL = ('F' << 8) | 'L',
        IS = ('I' << 8) | 'S',
        LO = ('L' << 8) | 'O', LT = ('L' << 8) | 'T',
        OB = ('O' << 8) | 'B', OD = ('O' << 8) | 'D', OF = ('O' << 8) | 'F', OL = ('O' << 8) | 'L', OV = ('O' << 8) | 'V', OW = ('O' << 8) | 'W',
        PN = ('P' << 8) | 'N',
        SH = ('S' << 8) | 'H', SL = ('S' << 8) | 'L', SQ = ('S' << 8) | 'Q', SS = ('S' << 8) | 'S', ST = ('S' << 8) | 'T', SV = ('S' << 8) | 'V',
        TM = ('T' << 8) | 'M',
        UC = ('U' << 8) | 'C', UI = ('U' << 8) | 'I', UL = ('U' << 8) | 'L', UN = ('U' << 8) | 'N', UR = ('U' << 8) | 'R', US = ('U' << 8) | 'S', UT = ('U' << 8) | 'T', UV = ('U' << 8) | 'V',
    }

    /// <summary>Encoding facts about each VR, used by the reader, the writer and the JSON converter.</summary>
    public static class DicomVRInfo
    {
        /// <summary>Parses two letters ("PN"); null when they are not a known VR.</summary>
        public static DicomVR? Parse(string text)
        {
            if (text == null || text.Length != 2) return null;
            return FromCode((byte)text[0], (byte)text[1]);
        }

        internal static DicomVR? FromCode(byte first, byte second)
        {
            var vr = (DicomVR)((first << 8) | second);
            return IsKnown(vr) ? vr : (DicomVR?)null;
        }

        public static bool IsKnown(DicomVR vr)
        {
            switch (vr)
            {
                case DicomVR.AE: case DicomVR.AS: case DicomVR.AT: case DicomVR.CS: case DicomVR.DA: case DicomVR.DS: case DicomVR.DT:
                case DicomVR.FD: case DicomVR.FL: case DicomVR.IS: case DicomVR.LO: case DicomVR.LT: case DicomVR.OB: case DicomVR.OD:
                case DicomVR.OF: case DicomVR.OL: case DicomVR.OV: case DicomVR.OW: case DicomVR.PN: case DicomVR.SH: case DicomVR.SL:
                case DicomVR.SQ: case DicomVR.SS: case DicomVR.ST: case DicomVR.SV: case DicomVR.TM: case DicomVR.UC: case DicomVR.UI:
                case DicomVR.UL: case DicomVR.UN: case DicomVR.UR: case DicomVR.US: case DicomVR.UT: case DicomVR.UV:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Explicit VR encodes these with 2 reserved bytes and a 32-bit length; all others with a 16-bit length.</summary>
        public static bool HasLongLength(DicomVR vr)
        {
            switch (vr)
            {
                case DicomVR.OB: case DicomVR.OD: case DicomVR.OF: case DicomVR.OL: case DicomVR.OV: case DicomVR.OW:
                case DicomVR.SQ: case DicomVR.SV: case DicomVR.UC: case DicomVR.UN: case DicomVR.UR: case DicomVR.UT: case DicomVR.UV:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Size of one binary value, i.e. the unit a big-endian file swaps; 1 for text, OB and UN.</summary>
        public static int ByteSwapSize(DicomVR vr)
        {
            switch (vr)
            {
                case DicomVR.US: case DicomVR.SS: case DicomVR.OW: case DicomVR.AT: return 2;
                case DicomVR.UL: case DicomVR.SL: case DicomVR.FL: case DicomVR.OF: case DicomVR.OL: return 4;
                case DicomVR.FD: case DicomVR.OD: case DicomVR.SV: case DicomVR.UV: case DicomVR.OV: return 8;
                default: return 1;
            }
        }

        /// <summary>Character string VRs (values are text, possibly backslash separated).</summary>
        public static bool IsString(DicomVR vr)
        {
            switch (vr)
            {
                case DicomVR.AE: case DicomVR.AS: case DicomVR.CS: case DicomVR.DA: case DicomVR.DS: case DicomVR.DT: case DicomVR.IS:
                case DicomVR.LO: case DicomVR.LT: case DicomVR.PN: case DicomVR.SH: case DicomVR.ST: case DicomVR.TM: case DicomVR.UC:
                case DicomVR.UI: case DicomVR.UR: case DicomVR.UT:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Text VRs whose bytes follow Specific Character Set (0008,0005); the rest are always ASCII.</summary>
        public static bool UsesSpecificCharacterSet(DicomVR vr)
            => vr == DicomVR.SH || vr == DicomVR.LO || vr == DicomVR.UC || vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT || vr == DicomVR.PN;

        /// <summary>Single-valued text VRs: a backslash is part of the text.</summary>
        public static bool IsSingleValuedText(DicomVR vr) => vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || vr == DicomVR.UR;

        /// <summary>Binary bulk VRs: never "Value" in JSON, raw bytes.</summary>
        public static bool IsBulkBinary(DicomVR vr)
            => vr == DicomVR.OB || vr == DicomVR.OD || vr == DicomVR.OF || vr == DicomVR.OL || vr == DicomVR.OV || vr == DicomVR.OW || vr == DicomVR.UN;

        /// <summary>Binary number VRs with one value per fixed-size unit.</summary>
        public static bool IsBinaryNumber(DicomVR vr)
            => vr == DicomVR.US || vr == DicomVR.SS || vr == DicomVR.UL || vr == DicomVR.SL || vr == DicomVR.FL || vr == DicomVR.FD || vr == DicomVR.SV || vr == DicomVR.UV;

        /// <summary>The byte used to pad an odd-length value to even length.</summary>
        public static byte PaddingByte(DicomVR vr) => vr == DicomVR.UI || !IsString(vr) ? (byte)0 : (byte)' ';
    }
}
