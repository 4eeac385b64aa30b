using System;
using System.Globalization;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>Parses DA, TM and DT values (PS3.5 6.2), including the old ACR-NEMA "YYYY.MM.DD" and "HH:MM:SS" forms.</summary>
    internal static class DicomDateTime
    {
        public static DateTime? Parse(DicomVR vr, string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            text = text.Trim();
            switch (vr)
            {
                case DicomVR.DA: return ParseDate(text.Replace(".", ""));
                case DicomVR.TM: return ParseTime(DateTime.MinValue.Date, text.Replace(":", ""));
                case DicomVR.DT: return ParseDateTime(text);
                default: return null;
            }
        }

        private static DateTime? ParseDate(string text)
        {
            if (text.Length != 8) return null;
            return DateTime.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateTime?)null;
        }

        private static DateTime? ParseTime(DateTime day, string text)
        {
            int hour = 0, minute = 0, second = 0;
            double fraction = 0;
            var fractionStart = text.IndexOf('.');
            var whole = fractionStart >= 0 ? text.Substring(0, fractionStart) : text;
            if (whole.Length < 2 || whole.Length > 6 || whole.Length % 2 != 0) return null;
            if (!int.TryParse(whole.Substring(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out hour)) return null;
            if (whole.Length >= 4 && !int.TryParse(whole.Substring(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out minute)) return null;
            if (whole.Length == 6 && !int.TryParse(whole.Substring(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out second)) return null;
            if (fractionStart >= 0 && fractionStart + 1 < text.Length
                && !double.TryParse("0" + text.Substring(fractionStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out fraction)) return null;
            if (hour > 23 || minute > 59 || second > 60) return null;
            if (second == 60) second = 59; // leap second: DateTime cannot hold it
            return day.AddHours(hour).AddMinutes(minute).AddSeconds(second).AddTicks((long)Math.Round(fraction * TimeSpan.TicksPerSecond));
        }

        private static DateTime? ParseDateTime(string text)
        {
            // Offset suffix &ZZXX is dropped: DateTime carries no offset; callers wanting it read the string.
            var offsetStart = text.IndexOfAny(new[] { '+', '-' }, 4);
            if (offsetStart > 0) text = text.Substring(0, offsetStart);
            var digits = text.IndexOf('.') >= 0 ? text.Substring(0, text.IndexOf('.')) : text;
            if (digits.Length < 4) return null;
            int year = 0, month = 1, day = 1;
            if (!int.TryParse(digits.Substring(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year)) return null;
            if (digits.Length >= 6 && !int.TryParse(digits.Substring(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month)) return null;
            if (digits.Length >= 8 && !int.TryParse(digits.Substring(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out day)) return null;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
            var date = new DateTime(year, month, day);
            return digits.Length <= 8 ? date : ParseTime(date, text.Substring(8));
        }
    }
}
