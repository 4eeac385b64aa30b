using System;

namespace HealthcareTools.Client
{
    /// <summary>
    /// Credentials could not be found, read or turned into an access token. The message names where the
    /// engine looked (file paths, variables) and never contains a token or key material.
    /// </summary>
    public sealed class HealthcareCredentialException : InvalidOperationException
    {
        /// <summary>Creates the exception; <paramref name="message"/> must not contain secrets.</summary>
        public HealthcareCredentialException(string message, Exception inner = null) : base(message, inner)
        {
        }
    }
}
