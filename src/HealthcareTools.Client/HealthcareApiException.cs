using System;
using System.Collections.Generic;

namespace HealthcareTools.Client
{
    /// <summary>
    /// An error answer from the API (the google.rpc.Status envelope), or a failed long-running operation.
    /// The message never contains credentials or request bodies.
    /// </summary>
    public class HealthcareApiException : Exception
    {
        public HealthcareApiException(int httpStatus, string status, string apiMessage, IList<string> detailsJson, string resourceName, Exception inner = null)
            : base(BuildMessage(httpStatus, status, apiMessage, resourceName), inner)
        {
            HttpStatus = httpStatus;
            Status = status;
            ApiMessage = apiMessage;
            DetailsJson = detailsJson ?? new List<string>();
            ResourceName = resourceName;
        }

        /// <summary>HTTP status code (for a failed operation: the HTTP code mapped from its gRPC code).</summary>
        public int HttpStatus { get; }
        /// <summary>Status name such as NOT_FOUND, ALREADY_EXISTS, RESOURCE_EXHAUSTED.</summary>
        public string Status { get; }
        /// <summary>The server's message text.</summary>
        public string ApiMessage { get; }
        /// <summary>details[] of the status, each as compact JSON text.</summary>
        public IList<string> DetailsJson { get; }
        /// <summary>The resource the request was about, when known.</summary>
        public string ResourceName { get; }

        private static string BuildMessage(int httpStatus, string status, string apiMessage, string resourceName)
        {
            var head = string.IsNullOrEmpty(status) ? $"HTTP {httpStatus}" : $"{status} (HTTP {httpStatus})";
            var about = string.IsNullOrEmpty(resourceName) ? string.Empty : $" for '{resourceName}'";
            return $"The Cloud Healthcare API answered {head}{about}: {apiMessage}";
        }
    }
}
