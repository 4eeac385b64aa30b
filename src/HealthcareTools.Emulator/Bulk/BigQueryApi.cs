using System;
using System.Globalization;
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
    /// Read-only BigQuery REST v2 shapes over the local table store, so tests and scripts can check
    /// what a DICOM export or stream wrote: <c>tables.get</c> and <c>tabledata.list</c>. Not faulted.
    /// </summary>
    public sealed class BigQueryApi
    {
        private const int MaxPage = 100_000;
        private readonly EmulatorRuntime _runtime;

        public BigQueryApi(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        /// <summary>Handles a request whose path is relative to /bigquery/v2.</summary>
        public async Task HandleAsync(HttpContext http)
        {
            var segments = (http.Request.Path.Value ?? string.Empty).Trim('/').Split('/');
            bool table = segments.Length == 6 && segments[0] == "projects" && segments[2] == "datasets" && segments[4] == "tables";
            bool data = segments.Length == 7 && segments[0] == "projects" && segments[2] == "datasets" && segments[4] == "tables" && segments[6] == "data";
            if (!table && !data)
            {
                await WriteErrorAsync(http, 404, "NOT_FOUND", "notFound", $"Not found: URL /bigquery/v2{http.Request.Path} (the emulator serves tables.get and tabledata.list only).");
                return;
            }
            if (!HttpMethods.IsGet(http.Request.Method))
            {
                await WriteErrorAsync(http, 405, "INVALID_ARGUMENT", "invalid", $"Method {http.Request.Method} is not supported; the emulator's BigQuery surface is read-only.");
                return;
            }
            string project = Uri.UnescapeDataString(segments[1]), dataset = Uri.UnescapeDataString(segments[3]), tableName = Uri.UnescapeDataString(segments[5]);
            string id = BigQueryRows.TableId(project, dataset, tableName);
            var row = await _runtime.Database.ReadAsync(s => s.Bulk.GetTable(id));
            if (row == null)
            {
                await WriteErrorAsync(http, 404, "NOT_FOUND", "notFound", $"Not found: Table {project}:{dataset}.{tableName}");
                return;
            }
            if (table)
            {
                await JsonResponses.WriteAsync(http, 200, TableJson(row, project, dataset, tableName));
                return;
            }

            long start = 0;
            string token = http.Request.Query["pageToken"];
            string startIndex = http.Request.Query["startIndex"];
            if (!string.IsNullOrEmpty(token) && !long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start)
                || string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(startIndex) && !long.TryParse(startIndex, NumberStyles.None, CultureInfo.InvariantCulture, out start))
            {
                await WriteErrorAsync(http, 400, "INVALID_ARGUMENT", "invalid", "Invalid pageToken or startIndex.");
                return;
            }
            int max = MaxPage;
            string maxText = http.Request.Query["maxResults"];
            if (!string.IsNullOrEmpty(maxText) && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max <= 0))
            {
                await WriteErrorAsync(http, 400, "INVALID_ARGUMENT", "invalid", $"Invalid maxResults '{maxText}'.");
                return;
            }
            max = Math.Min(max, MaxPage);
            var rows = await _runtime.Database.ReadAsync(s => s.Bulk.ReadRows(id, start, max));
            var array = new JsonArray();
            foreach (var values in rows)
            {
                var cells = new JsonArray();
                foreach (string column in row.Columns) cells.Add(new JsonObject { ["v"] = values[column]?.DeepClone() });
                array.Add(new JsonObject { ["f"] = cells });
            }
            var body = new JsonObject
            {
                ["kind"] = "bigquery#tableDataList",
                ["etag"] = Etag(row),
                ["totalRows"] = row.RowCount.ToString(CultureInfo.InvariantCulture),
            };
            long next = start + rows.Count;
            if (next < row.RowCount && rows.Count > 0) body["pageToken"] = next.ToString(CultureInfo.InvariantCulture);
            if (array.Count > 0) body["rows"] = array;
            await WriteRawAsync(http, 200, body);
        }

        private static JsonObject TableJson(BigQueryTableRow row, string project, string dataset, string table)
        {
            var fields = new JsonArray(row.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["type"] = "STRING", ["mode"] = "NULLABLE" }).ToArray());
            return new JsonObject
            {
                ["kind"] = "bigquery#table",
                ["etag"] = Etag(row),
                ["id"] = $"{project}:{dataset}.{table}",
                ["tableReference"] = new JsonObject { ["projectId"] = project, ["datasetId"] = dataset, ["tableId"] = table },
                ["schema"] = new JsonObject { ["fields"] = fields },
                ["numRows"] = row.RowCount.ToString(CultureInfo.InvariantCulture),
                ["creationTime"] = Millis(row.CreateTicks),
                ["lastModifiedTime"] = Millis(row.UpdateTicks),
                ["type"] = "TABLE",
                ["location"] = "US",
            };
        }

        private static string Millis(long ticks) =>
            ((ticks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture);

        private static string Etag(BigQueryTableRow row) =>
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{row.UpdateTicks}:{row.RowCount}"));

        /// <summary>Writes JSON keeping explicit nulls (tabledata cells are {"v": null} for missing values).</summary>
        private static Task WriteRawAsync(HttpContext http, int status, JsonNode body)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = JsonResponses.ContentType;
            byte[] bytes = Encoding.UTF8.GetBytes(body.ToJsonString(ProtoJson.WriteOptions));
            http.Response.ContentLength = bytes.Length;
            return http.Response.Body.WriteAsync(bytes, 0, bytes.Length, http.RequestAborted);
        }

        /// <summary>BigQuery's error envelope: Google's plus the legacy <c>errors[]</c> with a reason.</summary>
        private static Task WriteErrorAsync(HttpContext http, int code, string status, string reason, string message) =>
            WriteRawAsync(http, code, new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
                    ["status"] = status,
                },
            });
    }
}
