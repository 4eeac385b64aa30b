using System;
using System.Collections.Generic;
using System.Text;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// Specific Character Set (0008,0005) → text decoding (PS3.5 6.1, PS3.3 C.12.1.1.2). Single-valued
    /// sets map to a .NET encoding; multi-valued sets (ISO 2022 code extensions) are decoded by our own
    /// escape-sequence state machine, which resets to the initial sets at value, line and PN delimiters.
    /// Unknown terms never throw: they fall back to Latin-1 and report a warning.
    /// </summary>
    public sealed class DicomCharacterSet
    {
        private enum G0 { Ascii, JisRoman, Jis0208, Jis0212 }

        private enum G1Kind { None, SingleByte, Katakana, DoubleByte }

        private struct G1
        {
            public G1Kind Kind;
            public Encoding Encoding;
        }

        private static readonly object RegistrationLock = new object();
        private static bool providerRegistered;

        /// <summary>The default repertoire (ISO-IR 6), decoded leniently as Latin-1 so stray bytes survive.</summary>
        public static readonly DicomCharacterSet Default = new DicomCharacterSet(new string[0], Latin1, null, false, G0.Ascii, default);

        private readonly Encoding singleEncoding;
        private readonly bool usesCodeExtensions;
        private readonly G0 initialG0;
        private readonly G1 initialG1;

        private DicomCharacterSet(string[] terms, Encoding encoding, string warning, bool codeExtensions, G0 g0, G1 g1)
        {
            Terms = terms;
            singleEncoding = encoding;
            Warning = warning;
            usesCodeExtensions = codeExtensions;
            initialG0 = g0;
            initialG1 = g1;
        }

        /// <summary>The defined terms of (0008,0005), e.g. ["", "ISO 2022 IR 87"].</summary>
        public IReadOnlyList<string> Terms { get; }

        /// <summary>Set when a term is not supported; text is then decoded as Latin-1.</summary>
        public string Warning { get; }

        /// <summary>True when the set uses ISO 2022 escape sequences (multi-valued (0008,0005)).</summary>
        public bool UsesCodeExtensions => usesCodeExtensions;

        internal static Encoding Latin1 => Encoding.GetEncoding(28591);

        /// <summary>Builds the decoder for the values of (0008,0005).</summary>
        public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
        {
            EnsureCodePagesRegistered();
            if (terms == null || terms.Count == 0 || (terms.Count == 1 && string.IsNullOrWhiteSpace(terms[0]))) return Default;
            var normalized = new string[terms.Count];
            for (int i = 0; i < terms.Count; i++) normalized[i] = (terms[i] ?? "").Trim();
            string warning = null;

            if (normalized.Length == 1 && !normalized[0].StartsWith("ISO 2022", StringComparison.Ordinal))
            {
                var encoding = SingleEncoding(normalized[0]);
                if (encoding == null)
                {
                    warning = "Specific Character Set '" + normalized[0] + "' is not supported; text decoded as Latin-1.";
                    encoding = Latin1;
                }
                return new DicomCharacterSet(normalized, encoding, warning, false, G0.Ascii, default);
            }

            var g0 = G0.Ascii;
            var g1 = default(G1);
            var first = normalized[0];
            if (first.Length > 0 && first != "ISO 2022 IR 6" && first != "ISO_IR 6")
            {
                if (!ApplyTerm(first, ref g0, ref g1)) warning = "Specific Character Set term '" + first + "' is not supported.";
            }
            for (int i = 1; i < normalized.Length; i++)
            {
                if (!IsKnownExtensionTerm(normalized[i])) warning = "Specific Character Set term '" + normalized[i] + "' is not supported.";
            }
            return new DicomCharacterSet(normalized, null, warning, true, g0, g1);
        }

        /// <summary>Decodes ASCII-only VRs (AE, CS, UI, DA, …); non-ASCII bytes are kept as Latin-1 characters.</summary>
        public static string DecodeDefaultRepertoire(byte[] bytes, int offset, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++) chars[i] = (char)bytes[offset + i];
            return new string(chars);
        }

        /// <summary>Decodes a value of the given VR (PN resets the ISO 2022 state at '^' and '=' as well).</summary>
        public string Decode(byte[] bytes, int offset, int count, DicomVR vr)
        {
            if (count == 0) return string.Empty;
            if (!usesCodeExtensions) return singleEncoding.GetString(bytes, offset, count);
            return DecodeWithEscapes(bytes, offset, count, vr == DicomVR.PN);
        }

        /// <summary>Encodes text for this set; null when it cannot be represented (ISO 2022 sets: ASCII text only).</summary>
        public byte[] TryEncode(string text)
        {
            if (string.IsNullOrEmpty(text)) return new byte[0];
            Encoding encoding = usesCodeExtensions ? null : singleEncoding;
            if (encoding == null)
            {
                foreach (var c in text) if (c > 0x7F) return null;
                return Encoding.ASCII.GetBytes(text);
            }
            var bytes = encoding.GetBytes(text);
            return encoding.GetString(bytes) == text ? bytes : null;
        }

        internal static void EnsureCodePagesRegistered()
        {
            if (providerRegistered) return;
            lock (RegistrationLock)
            {
                if (providerRegistered) return;
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                providerRegistered = true;
            }
        }

        private static Encoding SingleEncoding(string term)
        {
            switch (term)
            {
                case "ISO_IR 6": return Latin1;
                case "ISO_IR 100": return GetEncoding(28591);
                case "ISO_IR 101": return GetEncoding(28592);
                case "ISO_IR 109": return GetEncoding(28593);
                case "ISO_IR 110": return GetEncoding(28594);
                case "ISO_IR 144": return GetEncoding(28595);
                case "ISO_IR 127": return GetEncoding(28596);
                case "ISO_IR 126": return GetEncoding(28597);
                case "ISO_IR 138": return GetEncoding(28598);
                case "ISO_IR 148": return GetEncoding(28599);
                case "ISO_IR 203": return GetEncoding(28605);
                case "ISO_IR 13": return GetEncoding(932);
                case "ISO_IR 166": return GetEncoding(874);
                case "ISO_IR 192": return new UTF8Encoding(false, false);
                case "GB18030": return GetEncoding(54936);
                case "GBK": return GetEncoding(936);
                default: return null;
            }
        }

        private static Encoding GetEncoding(int codePage)
        {
            EnsureCodePagesRegistered();
            try { return Encoding.GetEncoding(codePage); }
            catch (NotSupportedException) { return null; }
            catch (ArgumentException) { return null; }
        }

        private static bool IsKnownExtensionTerm(string term)
        {
            var g0 = G0.Ascii;
            var g1 = default(G1);
            return term.Length == 0 || term == "ISO 2022 IR 6" || ApplyTerm(term, ref g0, ref g1);
        }

        // Sets the initial G0/G1 designation for a code-extension term (PS3.3 table C.12-3/C.12-4).
        private static bool ApplyTerm(string term, ref G0 g0, ref G1 g1)
        {
            switch (term)
            {
                case "ISO 2022 IR 6": g0 = G0.Ascii; return true;
                case "ISO 2022 IR 13": case "ISO_IR 13": g0 = G0.JisRoman; g1 = new G1 { Kind = G1Kind.Katakana }; return true;
                case "ISO 2022 IR 87": g0 = G0.Jis0208; return true;
                case "ISO 2022 IR 159": g0 = G0.Jis0212; return true;
                case "ISO 2022 IR 149": return SetDoubleByte(ref g1, 51949);
                case "ISO 2022 IR 58": return SetDoubleByte(ref g1, 936);
                case "ISO 2022 IR 100": return SetSingleByte(ref g1, 28591);
                case "ISO 2022 IR 101": return SetSingleByte(ref g1, 28592);
                case "ISO 2022 IR 109": return SetSingleByte(ref g1, 28593);
                case "ISO 2022 IR 110": return SetSingleByte(ref g1, 28594);
                case "ISO 2022 IR 144": return SetSingleByte(ref g1, 28595);
                case "ISO 2022 IR 127": return SetSingleByte(ref g1, 28596);
                case "ISO 2022 IR 126": return SetSingleByte(ref g1, 28597);
                case "ISO 2022 IR 138": return SetSingleByte(ref g1, 28598);
                case "ISO 2022 IR 148": return SetSingleByte(ref g1, 28599);
                case "ISO 2022 IR 203": return SetSingleByte(ref g1, 28605);
                case "ISO 2022 IR 166": return SetSingleByte(ref g1, 874);
                default: return false;
            }
        }

        private static bool SetSingleByte(ref G1 g1, int codePage)
        {
            var encoding = GetEncoding(codePage);
            if (encoding == null) return false;
            g1 = new G1 { Kind = G1Kind.SingleByte, Encoding = encoding };
            return true;
        }

        private static bool SetDoubleByte(ref G1 g1, int codePage)
        {
            var encoding = GetEncoding(codePage);
            if (encoding == null) return false;
            g1 = new G1 { Kind = G1Kind.DoubleByte, Encoding = encoding };
            return true;
        }

        private static Encoding EucJp => GetEncoding(20932) ?? GetEncoding(51932);

        private string DecodeWithEscapes(byte[] bytes, int offset, int count, bool isPersonName)
        {
            var output = new StringBuilder(count);
            var g0 = initialG0;
            var g1 = initialG1;
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                byte b = bytes[i];
                if (b == 0x1B)
                {
                    i = ApplyEscape(bytes, i, end, ref g0, ref g1);
                    continue;
                }
                if (b < 0x80)
                {
                    if (g0 == G0.Jis0208 || g0 == G0.Jis0212)
                    {
                        // Two 7-bit bytes per character; CR/LF/TAB still act as controls.
                        if (b < 0x21 || i + 1 >= end)
                        {
                            output.Append((char)b);
                            i++;
                            continue;
                        }
                        var euc = g0 == G0.Jis0208
                            ? new[] { (byte)(b | 0x80), (byte)(bytes[i + 1] | 0x80) }
                            : new[] { (byte)0x8F, (byte)(b | 0x80), (byte)(bytes[i + 1] | 0x80) };
                        output.Append((EucJp ?? Latin1).GetString(euc));
                        i += 2;
                        continue;
                    }
                    output.Append((char)b);
                    i++;
                    if (IsResetDelimiter(b, isPersonName))
                    {
                        g0 = initialG0;
                        g1 = initialG1;
                    }
                    continue;
                }
                switch (g1.Kind)
                {
                    case G1Kind.Katakana:
                        output.Append(b >= 0xA1 && b <= 0xDF ? (char)(0xFF61 + (b - 0xA1)) : (char)b);
                        i++;
                        break;
                    case G1Kind.SingleByte:
                        output.Append(g1.Encoding.GetString(bytes, i, 1));
                        i++;
                        break;
                    case G1Kind.DoubleByte:
                        if (i + 1 < end && bytes[i + 1] >= 0x80)
                        {
                            output.Append(g1.Encoding.GetString(bytes, i, 2));
                            i += 2;
                        }
                        else
                        {
                            output.Append((char)b);
                            i++;
                        }
                        break;
                    default:
                        output.Append((char)b); // no G1 designated: keep the byte as Latin-1
                        i++;
                        break;
                }
            }
            return output.ToString();
        }

        private static bool IsResetDelimiter(byte b, bool isPersonName)
            => b == (byte)'\\' || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x09 || (isPersonName && (b == (byte)'^' || b == (byte)'='));

        // Returns the index after the escape sequence; unknown sequences are skipped by their length.
        private static int ApplyEscape(byte[] bytes, int i, int end, ref G0 g0, ref G1 g1)
        {
            int Remaining(int at) => end - at;
            if (Remaining(i) >= 3 && bytes[i + 1] == (byte)'(')
            {
                if (bytes[i + 2] == (byte)'B') g0 = G0.Ascii;
                else if (bytes[i + 2] == (byte)'J') g0 = G0.JisRoman;
                return i + 3;
            }
            if (Remaining(i) >= 3 && bytes[i + 1] == (byte)')')
            {
                if (bytes[i + 2] == (byte)'I') g1 = new G1 { Kind = G1Kind.Katakana };
                return i + 3;
            }
            if (Remaining(i) >= 3 && bytes[i + 1] == (byte)'-')
            {
                int codePage;
                switch ((char)bytes[i + 2])
                {
                    case 'A': codePage = 28591; break;
                    case 'B': codePage = 28592; break;
                    case 'C': codePage = 28593; break;
                    case 'D': codePage = 28594; break;
                    case 'L': codePage = 28595; break;
                    case 'G': codePage = 28596; break;
                    case 'F': codePage = 28597; break;
                    case 'H': codePage = 28598; break;
                    case 'M': codePage = 28599; break;
                    case 'T': codePage = 874; break;
                    case 'b': codePage = 28605; break;
                    default: codePage = 0; break;
                }
                if (codePage != 0) SetSingleByte(ref g1, codePage);
                return i + 3;
            }
            if (Remaining(i) >= 3 && bytes[i + 1] == (byte)'$')
            {
                if (bytes[i + 2] == (byte)'B' || bytes[i + 2] == (byte)'@') { g0 = G0.Jis0208; return i + 3; }
                if (Remaining(i) >= 4 && bytes[i + 2] == (byte)'(' && bytes[i + 3] == (byte)'D') { g0 = G0.Jis0212; return i + 4; }
                if (Remaining(i) >= 4 && bytes[i + 2] == (byte)')')
                {
                    if (bytes[i + 3] == (byte)'C') SetDoubleByte(ref g1, 51949);
                    else if (bytes[i + 3] == (byte)'A') SetDoubleByte(ref g1, 936);
                    return i + 4;
                }
                return i + 3;
            }
            return i + 1; // lone ESC: drop it
        }
    }
}
