using System.Linq;
using HealthcareTools.Client.Json;
using HealthcareTools.Client.Models;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.DicomWeb
{
    /// <summary>DicomStore ↔ JSON; unknown fields ride along in OtherFieldsJson.</summary>
    internal static class DicomStoreJson
    {
        private static readonly string[] Known = { "name", "labels", "notificationConfig", "streamConfigs" };

        internal static DicomStore ToDicomStore(JObject json)
        {
            var store = new DicomStore { Name = ModelJson.Str(json, "name") };
            if (json["labels"] is JObject labels)
            {
                foreach (var label in labels.Properties())
                {
                    store.Labels[label.Name] = (string)label.Value;
                }
            }
            if (json["notificationConfig"] is JObject notification)
            {
                store.NotificationConfig = new DicomNotificationConfig
                {
                    PubsubTopic = ModelJson.Str(notification, "pubsubTopic"),
                    SendForBulkImport = notification["sendForBulkImport"]?.Type == JTokenType.Boolean && (bool)notification["sendForBulkImport"],
                };
            }
            if (json["streamConfigs"] is JArray streams)
            {
                foreach (var stream in streams.OfType<JObject>())
                {
                    var destination = stream["bigqueryDestination"] as JObject ?? new JObject();
                    var others = new JObject(destination.Properties().Where(p => p.Name != "tableUri").Select(p => new JProperty(p.Name, p.Value)));
                    store.StreamConfigs.Add(new DicomStreamConfig
                    {
                        BigQueryTableUri = ModelJson.Str(destination, "tableUri"),
                        OtherDestinationFieldsJson = others.Count > 0 ? JsonText.Compact(others) : null,
                    });
                }
            }
            var rest = new JObject(json.Properties().Where(p => !Known.Contains(p.Name)).Select(p => new JProperty(p.Name, p.Value)));
            store.OtherFieldsJson = rest.Count > 0 ? JsonText.Compact(rest) : null;
            return store;
        }

        /// <summary>The writable fields; "name" is never sent (it comes from the URL).</summary>
        internal static JObject FromDicomStore(DicomStore store)
        {
            var json = new JObject();
            if (store == null)
            {
                return json;
            }
            if (!string.IsNullOrEmpty(store.OtherFieldsJson) && JsonText.Parse(store.OtherFieldsJson) is JObject other)
            {
                foreach (var property in other.Properties())
                {
                    if (!Known.Contains(property.Name))
                    {
                        json[property.Name] = property.Value;
                    }
                }
            }
            if (store.Labels != null && store.Labels.Count > 0)
            {
                json["labels"] = new JObject(store.Labels.Select(pair => new JProperty(pair.Key, pair.Value ?? string.Empty)));
            }
            if (store.NotificationConfig != null)
            {
                var notification = new JObject();
                if (store.NotificationConfig.PubsubTopic != null)
                {
                    notification["pubsubTopic"] = store.NotificationConfig.PubsubTopic;
                }
                if (store.NotificationConfig.SendForBulkImport)
                {
                    notification["sendForBulkImport"] = true;
                }
                json["notificationConfig"] = notification;
            }
            if (store.StreamConfigs != null && store.StreamConfigs.Count > 0)
            {
                var streams = new JArray();
                foreach (var stream in store.StreamConfigs.Where(s => s != null))
                {
                    var destination = !string.IsNullOrEmpty(stream.OtherDestinationFieldsJson) && JsonText.Parse(stream.OtherDestinationFieldsJson) is JObject o
                        ? o
                        : new JObject();
                    if (stream.BigQueryTableUri != null)
                    {
                        destination["tableUri"] = stream.BigQueryTableUri;
                    }
                    streams.Add(new JObject { ["bigqueryDestination"] = destination });
                }
                json["streamConfigs"] = streams;
            }
            return json;
        }
    }
}
