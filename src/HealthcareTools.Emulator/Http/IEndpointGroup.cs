using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>A request handler bound to one HTTP method of one path shape.</summary>
    public delegate Task<ApiResult> ApiHandler(ApiContext context);

    /// <summary>
    /// One area of the API (locations, datasets, operations, IAM, later stores). The dispatcher
    /// asks each group in turn whether it owns a path shape.
    /// </summary>
    public interface IEndpointGroup
    {
        /// <summary>The handlers for this path keyed by HTTP method, or null when the shape is not this group's.</summary>
        IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path);
    }

    /// <summary>Builds the method table returned by <see cref="IEndpointGroup.Match"/>.</summary>
    public static class Methods
    {
        public static IReadOnlyDictionary<string, ApiHandler> Of(params (string Method, ApiHandler Handler)[] handlers)
        {
            var table = new Dictionary<string, ApiHandler>(StringComparer.OrdinalIgnoreCase);
            foreach (var (method, handler) in handlers) table[method] = handler;
            return table;
        }
    }
}
