using System;
using System.Text.Json.Nodes;

namespace HealthcareTools.Emulator.Storage
{
    /// <summary>
    /// A row of the generic resource table: any API resource keyed by its full name, with its
    /// kind ("dataset", "operation", later "dicomStore", ...) and parent name for listing.
    /// </summary>
    public sealed class StoredResource
    {
        public StoredResource(string name, string kind, string parent, JsonObject body, DateTimeOffset createTime, DateTimeOffset updateTime)
        {
            Name = name;
            Kind = kind;
            Parent = parent;
            Body = body;
            CreateTime = createTime;
            UpdateTime = updateTime;
        }

        public string Name { get; }
        public string Kind { get; }
        public string Parent { get; }

        /// <summary>The stored JSON; its shape is up to the area that owns the kind.</summary>
        public JsonObject Body { get; }

        public DateTimeOffset CreateTime { get; }
        public DateTimeOffset UpdateTime { get; }
    }
}
