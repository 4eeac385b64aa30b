using System;
using System.Collections.Generic;
using System.Linq;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>A google.protobuf.FieldMask from the query string: comma-separated, possibly dotted paths.</summary>
    public static class UpdateMask
    {
        /// <summary>Parses a required mask; missing or empty is INVALID_ARGUMENT as on all v1 patch methods.</summary>
        public static IReadOnlyList<string> Parse(string mask)
        {
            var paths = Split(mask);
            if (paths.Count == 0) throw ApiException.InvalidArgument("updateMask is required.");
            return paths;
        }

        public static IReadOnlyList<string> Split(string mask) =>
            (mask ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
