using System;

namespace HealthcareTools.Common
{
    /// <summary>A required context value (project, location, dataset) could not be found anywhere.</summary>
    internal sealed class ContextException : Exception
    {
        public ContextException(string errorId, string message)
            : base(message)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }
}
