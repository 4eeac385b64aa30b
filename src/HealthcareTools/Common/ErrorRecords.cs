using System;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using HealthcareTools.Client;

namespace HealthcareTools.Common
{
    /// <summary>Engine failures → ErrorRecords with stable ids and the category map of the conventions.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception ex, object target, string notFoundErrorId = "NotFound")
        {
            switch (ex)
            {
                case HealthcareApiException api:
                    var id = api.HttpStatus == 404 ? notFoundErrorId : PascalCase(api.Status) ?? ("Http" + api.HttpStatus);
                    return new ErrorRecord(api, id, CategoryOf(api.HttpStatus), target ?? api.ResourceName);
                case HealthcareCredentialException credential:
                    return new ErrorRecord(credential, "CredentialUnavailable", ErrorCategory.AuthenticationError, target);
                case ArgumentException argument:
                    return new ErrorRecord(argument, "InvalidArgument", ErrorCategory.InvalidArgument, target);
                case FormatException format:
                    return new ErrorRecord(format, "InvalidArgument", ErrorCategory.InvalidArgument, target);
                case NotSupportedException notSupported:
                    return new ErrorRecord(notSupported, "NotSupported", ErrorCategory.NotImplemented, target);
                case TimeoutException timeout:
                    return new ErrorRecord(timeout, "OperationTimeout", ErrorCategory.OperationTimeout, target);
                case HttpRequestException _:
                case IOException _:
                    return new ErrorRecord(ex, "ConnectionFailed", ErrorCategory.ConnectionError, target);
                case OperationCanceledException _:
                    return new ErrorRecord(ex, "Cancelled", ErrorCategory.OperationStopped, target);
                default:
                    return new ErrorRecord(ex, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        public static ErrorCategory CategoryOf(int httpStatus)
        {
            switch (httpStatus)
            {
                case 400: return ErrorCategory.InvalidArgument;
                case 401: return ErrorCategory.AuthenticationError;
                case 403: return ErrorCategory.PermissionDenied;
                case 404: return ErrorCategory.ObjectNotFound;
                case 409: return ErrorCategory.ResourceExists;
                case 429: return ErrorCategory.LimitsExceeded;
                default: return httpStatus >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.NotSpecified;
            }
        }

        /// <summary>NOT_FOUND → NotFound, ALREADY_EXISTS → AlreadyExists.</summary>
        internal static string PascalCase(string statusName)
        {
            if (string.IsNullOrEmpty(statusName))
            {
                return null;
            }

            var result = new StringBuilder(statusName.Length);
            foreach (var word in statusName.Split(new[] { '_' }, StringSplitOptions.RemoveEmptyEntries))
            {
                result.Append(char.ToUpperInvariant(word[0])).Append(word.Substring(1).ToLowerInvariant());
            }

            return result.ToString();
        }
    }
}
