using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.Json
{
    /// <summary>Parsing and writing that keeps proto3 JSON as sent: timestamps stay strings (Newtonsoft would turn
    /// them into DateTime by default), numbers keep their precision.</summary>
    internal static class JsonText
    {
        internal static JToken Parse(string text)
        {
            using (var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
            })
            {
                var token = JToken.ReadFrom(reader);
                // Reject trailing garbage rather than silently ignoring it.
                while (reader.Read())
                {
                    if (reader.TokenType != JsonToken.Comment)
                    {
                        throw new JsonReaderException("Unexpected content after the JSON value.");
                    }
                }
                return token;
            }
        }

        internal static JObject ParseObject(string text) =>
            string.IsNullOrWhiteSpace(text) ? new JObject() : Parse(text) as JObject ?? throw new JsonReaderException("Expected a JSON object.");

        internal static string Compact(JToken token) => token?.ToString(Formatting.None);
    }
}
