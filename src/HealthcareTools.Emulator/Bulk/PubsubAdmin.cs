using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Bulk
{
    /// <summary>
    /// <c>/_emulator/pubsub/</c>: the notifications the emulator would have published.
    /// GET <c>messages[?topic=projects/p/topics/t]</c> → JSON array in publish order; POST <c>reset</c> → <c>{"deleted":N}</c>.
    /// </summary>
    public sealed class PubsubAdmin
    {
        private readonly EmulatorRuntime _runtime;

        public PubsubAdmin(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        /// <summary>Handles a request whose path is relative to /_emulator/pubsub.</summary>
        public async Task HandleAsync(HttpContext http)
        {
            string path = http.Request.Path.Value?.Trim('/') ?? string.Empty;
            string method = http.Request.Method;
            if (path == "messages" && HttpMethods.IsGet(method))
            {
                string topic = http.Request.Query["topic"];
                var rows = await _runtime.Database.ReadAsync(s => s.Bulk.ListMessages(string.IsNullOrEmpty(topic) ? null : topic));
                var array = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
                {
                    ["topic"] = r.Topic,
                    ["messageId"] = r.MessageId,
                    ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(r.Data)),
                    ["dataText"] = r.Data,
                    ["attributes"] = r.Attributes,
                    ["publishTime"] = ProtoJson.Timestamp(new DateTimeOffset(r.PublishTicks, TimeSpan.Zero)),
                }).ToArray());
                await JsonResponses.WriteAsync(http, 200, array);
                return;
            }
            if (path == "reset" && HttpMethods.IsPost(method))
            {
                int deleted = await _runtime.Database.WriteAsync(s => s.Bulk.DeleteMessages());
                await JsonResponses.WriteAsync(http, 200, new JsonObject { ["deleted"] = deleted });
                return;
            }
            await JsonResponses.WriteErrorAsync(http, GoogleStatus.NotFound,
                $"Unknown admin endpoint {method} /_emulator/pubsub/{path}: use GET messages[?topic=] or POST reset.");
        }
    }
}
