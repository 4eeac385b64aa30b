using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Hosting;
using HealthcareTools.Emulator.Http;
using HealthcareTools.Emulator.Operations;
using HealthcareTools.Emulator.Resources;

namespace HealthcareTools.Emulator.Endpoints
{
    /// <summary>operations.get, list and cancel under a dataset.</summary>
    public sealed class OperationsEndpoints : IEndpointGroup
    {
        private readonly EmulatorRuntime _runtime;

        public OperationsEndpoints(EmulatorRuntime runtime)
        {
            _runtime = runtime;
        }

        public IReadOnlyDictionary<string, ApiHandler> Match(ApiPath path)
        {
            if (path.Verb == null && path.Matches("projects", "*", "locations", "*", "datasets", "*", "operations"))
                return Methods.Of(("GET", List));
            if (path.Matches("projects", "*", "locations", "*", "datasets", "*", "operations", "*"))
            {
                if (path.Verb == null) return Methods.Of(("GET", Get));
                if (path.Verb == "cancel") return Methods.Of(("POST", Cancel));
            }
            return null;
        }

        private async Task<ApiResult> Get(ApiContext context)
        {
            string name = OperationName(context.Path);
            var operation = await _runtime.Database.ReadAsync(s => s.Resources.Get(name, ResourceKinds.Operation)) ?? throw OperationNotFound(name);
            return ApiResult.Ok(OperationService.Render(operation, _runtime.Now));
        }

        private async Task<ApiResult> List(ApiContext context)
        {
            string datasetName = DatasetsEndpoints.DatasetName(context.Path);
            var page = PageRequest.From(context);
            var rows = await _runtime.Database.ReadAsync(s =>
            {
                if (s.Resources.Get(datasetName, ResourceKinds.Dataset) == null) throw DatasetsEndpoints.DatasetNotFound(datasetName);
                return s.Resources.List(ResourceKinds.Operation, datasetName, page.AfterKey, page.PageSize + 1);
            });
            var now = _runtime.Now;
            var body = new JsonObject();
            if (rows.Count > 0) body["operations"] = new JsonArray(rows.Take(page.PageSize).Select(r => (JsonNode)OperationService.Render(r, now)).ToArray());
            if (rows.Count > page.PageSize) body["nextPageToken"] = PageRequest.EncodeToken(rows[page.PageSize - 1].Name);
            return ApiResult.Ok(body);
        }

        private async Task<ApiResult> Cancel(ApiContext context)
        {
            string name = OperationName(context.Path);
            await context.ReadJsonObjectAsync();
            await _runtime.Database.WriteAsync(session =>
            {
                var operation = session.Resources.Get(name, ResourceKinds.Operation) ?? throw OperationNotFound(name);
                _runtime.Operations.Cancel(session, operation, _runtime.Now);
                return true;
            });
            return ApiResult.Empty();
        }

        private static string OperationName(ApiPath path)
        {
            NameValidation.Project(path[1]);
            return path.Name;
        }

        private static ApiException OperationNotFound(string name) => ApiException.NotFound($"Operation {name} not found.");
    }
}
