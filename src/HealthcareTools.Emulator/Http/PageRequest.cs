using System;
using System.Globalization;
using System.Text;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>pageSize/pageToken of an admin list, validated; tokens are opaque base64url of the last name returned.</summary>
    public sealed class PageRequest
    {
        private const string TokenPrefix = "after:";

        private PageRequest(int pageSize, string afterKey)
        {
            PageSize = pageSize;
            AfterKey = afterKey;
        }

        public int PageSize { get; }

        /// <summary>Items strictly after this key come next; empty on the first page.</summary>
        public string AfterKey { get; }

        public static PageRequest From(ApiContext context, int defaultSize = 100, int maxSize = 1000)
        {
            int size = defaultSize;
            string sizeText = context.Query("pageSize");
            if (sizeText != null)
            {
                if (!int.TryParse(sizeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out size) || size < 0)
                    throw ApiException.InvalidArgument($"Invalid pageSize '{sizeText}': must be a non-negative integer.");
                if (size == 0) size = defaultSize;
                size = Math.Min(size, maxSize);
            }
            return new PageRequest(size, DecodeToken(context.Query("pageToken")));
        }

        public static string EncodeToken(string lastKey) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + lastKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static string DecodeToken(string token)
        {
            if (token == null) return string.Empty;
            try
            {
                string base64 = token.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
                string text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
                if (text.StartsWith(TokenPrefix, StringComparison.Ordinal)) return text.Substring(TokenPrefix.Length);
            }
            catch (FormatException)
            {
            }
            throw ApiException.InvalidArgument("Invalid pageToken.");
        }
    }
}
