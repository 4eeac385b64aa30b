using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace HealthcareTools.Client.Deid
{
    /// <summary>
    /// Maps original UIDs to new ones for one de-identification run. The new UID is
    /// <c>2.25.</c> followed by the decimal form of a 128-bit value taken from
    /// HMAC-SHA256(key, original UID), shaped as an RFC 9562 version 8 UUID (PS3.5 B.2). The same
    /// original therefore always gets the same new UID for one key: share one mapper (or one key)
    /// across all files of a run. A mapper built without a key draws a random 256-bit key, so two
    /// runs give different UIDs; pass the same key to reproduce a run (keep that key secret: with
    /// it and a candidate UID anyone can confirm a mapping). Thread-safe.
    /// Also derives the consistent dummy text used for action D (<see cref="Pseudonym"/>).
    /// </summary>
    public sealed class DicomUidMapper
    {
        /// <summary>Prefix of DICOM-defined UIDs (transfer syntaxes, SOP classes, well-known instances such as the standard colour palettes); never remapped.</summary>
        public const string WellKnownPrefix = "1.2.840.10008.";

        private readonly byte[] key;
        private readonly ConcurrentDictionary<string, string> map = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> produced = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        /// <summary>A mapper with a fresh random key: consistent within this instance, different from every other run.</summary>
        public DicomUidMapper() : this(NewKey()) { }

        /// <summary>A mapper with a given key (at least 16 bytes): the same key gives the same mapping in every run.</summary>
        public DicomUidMapper(byte[] key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            if (key.Length < 16) throw new ArgumentException("The UID mapping key must be at least 16 bytes.", nameof(key));
            this.key = (byte[])key.Clone();
        }

        /// <summary>Originals mapped so far and their new UIDs (a snapshot).</summary>
        public IReadOnlyDictionary<string, string> Mappings => new Dictionary<string, string>(map, StringComparer.Ordinal);

        /// <summary>
        /// The new UID for <paramref name="uid"/> (trailing NUL/space padding ignored). Null and empty
        /// stay as they are; DICOM-defined UIDs (<see cref="WellKnownPrefix"/>) are returned unchanged.
        /// </summary>
        public string Map(string uid)
        {
            if (uid == null) return null;
            var original = uid.Trim(' ', '\0');
            if (original.Length == 0 || original.StartsWith(WellKnownPrefix, StringComparison.Ordinal)) return original;
            var mapped = map.GetOrAdd(original, Derive);
            produced.TryAdd(mapped, 0);
            return mapped;
        }

        /// <summary>True when <paramref name="uid"/> is one of the new UIDs this mapper produced.</summary>
        public bool IsMapped(string uid) => uid != null && produced.ContainsKey(uid);

        private string Derive(string original)
        {
            var hash = Hmac("uid\0" + original);
            var bytes = new byte[16];
            Array.Copy(hash, bytes, 16);
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // UUID version 8 (custom)
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
            // Big-endian unsigned 128-bit integer: BigInteger wants little-endian with a zero sign byte.
            var little = new byte[17];
            for (int i = 0; i < 16; i++) little[i] = bytes[15 - i];
            return "2.25." + new BigInteger(little).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// A dummy token for <paramref name="value"/>: <c>ANON</c> and upper-case hex of a keyed hash,
        /// <paramref name="length"/> characters in all (at least 8). Consistent for one key, so the same
        /// Patient ID gets the same replacement in every file of a run.
        /// </summary>
        public string Pseudonym(string context, string value, int length)
        {
            if (length < 8) length = 8;
            var hash = Hmac("text\0" + (context ?? "") + "\0" + (value ?? ""));
            var hex = new StringBuilder("ANON", length);
            for (int i = 0; hex.Length < length && i < hash.Length; i++) hex.Append(hash[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            return hex.ToString(0, Math.Min(length, hex.Length));
        }

        private byte[] Hmac(string text)
        {
            using (var hmac = new HMACSHA256(key))
            {
                return hmac.ComputeHash(Encoding.UTF8.GetBytes(text));
            }
        }

        private static byte[] NewKey()
        {
            var bytes = new byte[32];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return bytes;
        }
    }
}
