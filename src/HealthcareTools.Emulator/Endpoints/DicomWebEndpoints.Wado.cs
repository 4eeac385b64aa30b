using System.Threading.Tasks;
using HealthcareTools.Emulator.Http;

namespace HealthcareTools.Emulator.Endpoints
{
    public sealed partial class DicomWebEndpoints
    {
        private Task<ApiResult> Retrieve(ApiContext context, string study, string series, string sop) => throw new ApiException(GoogleStatus.Unimplemented, "WADO-RS retrieve is not implemented yet.");
        private Task<ApiResult> Metadata(ApiContext context, string study, string series, string sop) => throw new ApiException(GoogleStatus.Unimplemented, "not implemented yet.");
        private Task<ApiResult> Rendered(ApiContext context, string study, string series, string sop, string frames) => throw new ApiException(GoogleStatus.Unimplemented, "not implemented yet.");
        private Task<ApiResult> Frames(ApiContext context, string study, string series, string sop, string frames) => throw new ApiException(GoogleStatus.Unimplemented, "not implemented yet.");
        private Task<ApiResult> BulkData(ApiContext context, string study, string series, string sop, string tag) => throw new ApiException(GoogleStatus.Unimplemented, "not implemented yet.");
    }
}
