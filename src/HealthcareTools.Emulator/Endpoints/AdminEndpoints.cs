using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using Microsoft.AspNetCore.Http;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>
    /// Test-control endpoints under /_emulator (never faulted): health, fault settings,
    /// operation duration and request statistics.
    /// </summary>
    public sealed class AdminEndpoints
    {
        private static readonly JsonSerializerOptions AdminJson = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // A mistyped knob should fail loudly rather than silently do nothing.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };

        private readonly EmulatorRuntime _runtime;

        public AdminEndpoints(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        /// <summary>Handles a request whose path is relative to /_emulator.</summary>
        public async Task HandleAsync(HttpContext http)
        {
            string path = http.Request.Path.Value?.Trim('/') ?? string.Empty;
            string method = http.Request.Method;
            try
            {
                switch (path, method)
                {
                    case ("health", "GET"):
                        await Ok(http, new JsonObject { ["status"] = "ok" });
                        return;
                    case ("faults", "GET"):
                        await Ok(http, JsonSerializer.SerializeToNode(_runtime.Faults.Settings, AdminJson));
                        return;
                    case ("faults", "PUT"):
                        var settings = await ReadAsync<FaultSettings>(http);
                        string problem = settings.Validate();
                        if (problem != null) throw ApiException.InvalidArgument(problem);
                        _runtime.Faults.Settings = settings;
                        await Ok(http, JsonSerializer.SerializeToNode(_runtime.Faults.Settings, AdminJson));
                        return;
                    case ("operations", "GET"):
                        await Ok(http, new JsonObject { ["durationMs"] = _runtime.OperationSettings.DurationMs });
                        return;
                    case ("operations", "PUT"):
                        var operations = await ReadAsync<OperationDurationRequest>(http);
                        if (operations.DurationMs < 0) throw ApiException.InvalidArgument("durationMs must not be negative.");
                        _runtime.OperationSettings.DurationMs = operations.DurationMs;
                        await Ok(http, new JsonObject { ["durationMs"] = _runtime.OperationSettings.DurationMs });
                        return;
                    case ("stats", "GET"):
                        var stats = _runtime.Faults.Stats;
                        await Ok(http, new JsonObject { ["requests"] = stats.Requests, ["faultsInjected"] = stats.FaultsInjected, ["drops"] = stats.Drops });
                        return;
                    case ("reset-stats", "POST"):
                        _runtime.Faults.ResetStats();
                        await Ok(http, new JsonObject());
                        return;
                    default:
                        await JsonResponses.WriteErrorAsync(http, GoogleStatus.NotFound, $"No admin endpoint {method} /_emulator/{path}.");
                        return;
                }
            }
            catch (ApiException ex)
            {
                await JsonResponses.WriteErrorAsync(http, ex.Status, ex.Message);
            }
        }

        private static Task Ok(HttpContext http, JsonNode body) => JsonResponses.WriteAsync(http, 200, body);

        private static async Task<T> ReadAsync<T>(HttpContext http) where T : new()
        {
            try
            {
                if (http.Request.ContentLength == 0) return new T();
                return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, AdminJson, http.RequestAborted) ?? new T();
            }
            catch (JsonException ex)
            {
                throw ApiException.InvalidArgument("Invalid JSON: " + ex.Message);
            }
        }

        private sealed class OperationDurationRequest
        {
            public int DurationMs { get; set; }
        }
    }
}
