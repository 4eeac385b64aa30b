using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>
    /// The single entry point for /v1: applies fault injection, parses the path (names contain
    /// ':' verbs, so no route templates), finds the endpoint group that owns the path shape, and
    /// writes the result or the error envelope.
    /// </summary>
    public sealed class ApiDispatcher
    {
        private readonly IReadOnlyList<IEndpointGroup> _groups;
        private readonly FaultInjector _faults;
        private readonly ILogger _logger;

        public ApiDispatcher(IReadOnlyList<IEndpointGroup> groups, FaultInjector faults, ILogger logger)
        {
            _groups = groups;
            _faults = faults;
            _logger = logger;
        }

        /// <summary>Handles a request whose path is relative to /v1.</summary>
        public async Task HandleAsync(HttpContext http)
        {
            var plan = _faults.Plan();
            if (plan.LatencyMs > 0) await Task.Delay(plan.LatencyMs, http.RequestAborted);
            if (plan.ErrorStatus != 0)
            {
                // Injected before anything is read or stored, so the request has no side effect.
                _faults.RecordFault();
                if (plan.RetryAfterSeconds > 0) http.Response.Headers.RetryAfter = plan.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                var status = GoogleStatus.ForHttpStatus(plan.ErrorStatus);
                await JsonResponses.WriteErrorAsync(http, status, $"Injected fault: {status.Name} (emulator fault injection).", plan.ErrorStatus);
                return;
            }

            var (statusCode, body, allow, writer) = await ProcessAsync(http);

            if (plan.Drop)
            {
                // The work is committed; the client never learns the outcome ("lost response").
                _faults.RecordDrop();
                http.Abort();
                return;
            }
            if (allow != null) http.Response.Headers.Allow = allow;
            if (writer != null)
            {
                http.Response.StatusCode = statusCode;
                await writer(http);
                return;
            }
            await JsonResponses.WriteAsync(http, statusCode, body);
        }

        private async Task<(int StatusCode, JsonNode Body, string Allow, Func<HttpContext, Task> Writer)> ProcessAsync(HttpContext http)
        {
            string relative = http.Request.Path.HasValue ? http.Request.Path.Value.TrimStart('/') : string.Empty;
            var path = relative.Length == 0 ? null : ApiPath.Parse(relative);
            if (path == null) return NotFoundRoute(http);

            foreach (var group in _groups)
            {
                var methods = group.Match(path);
                if (methods == null) continue;
                if (!methods.TryGetValue(http.Request.Method, out var handler))
                {
                    string allowed = string.Join(", ", methods.Keys.OrderBy(k => k, StringComparer.Ordinal));
                    var envelope = JsonResponses.ErrorEnvelope(GoogleStatus.NotFound,
                        $"Method {http.Request.Method} is not supported for /v1/{relative}; allowed: {allowed}.");
                    return (404, envelope, allowed, null);
                }
                try
                {
                    var result = await handler(new ApiContext(http, path));
                    return (result.StatusCode, result.Body, null, result.Writer);
                }
                catch (ApiException ex)
                {
                    return (ex.HttpStatus ?? ex.Status.HttpStatus, JsonResponses.ErrorEnvelope(ex.Status, ex.Message, ex.HttpStatus), null, null);
                }
                catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
                {
                    _logger.LogError(ex, "Unhandled error for {Method} /v1/{Path}", http.Request.Method, relative);
                    return (500, JsonResponses.ErrorEnvelope(GoogleStatus.Internal, "Internal error in the emulator: " + ex.Message), null, null);
                }
            }
            return NotFoundRoute(http);
        }

        private static (int, JsonNode, string, Func<HttpContext, Task>) NotFoundRoute(HttpContext http) =>
            (404, JsonResponses.ErrorEnvelope(GoogleStatus.NotFound, $"The requested URL {http.Request.PathBase}{http.Request.Path} was not found (no such API method)."), null, null);
    }
}
