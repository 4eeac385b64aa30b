using System;
using System.IO;
using Google.Apis.Auth.OAuth2;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HealthcareTools.Client.Auth
{
    /// <summary>A Google credential loaded from a JSON file, with a description safe to print.</summary>
    internal sealed class LoadedGoogleCredential
    {
        internal LoadedGoogleCredential(GoogleCredential credential, string description, string projectId)
        {
            Credential = credential;
            Description = description;
            ProjectId = projectId;
        }

        internal GoogleCredential Credential { get; }
        internal string Description { get; }
        internal string ProjectId { get; }
    }

    /// <summary>Loads credential JSON files (service-account keys, gcloud's ADC file, external-account configs).</summary>
    internal static class KeyFileLoader
    {
        internal static readonly string[] Scopes =
        {
            "https://www.googleapis.com/auth/cloud-healthcare",
            "https://www.googleapis.com/auth/cloud-platform",
        };

        /// <param name="path">The file to read.</param>
        /// <param name="origin">How the path was chosen, for messages ("-KeyFile", "$env:GOOGLE_APPLICATION_CREDENTIALS").</param>
        internal static LoadedGoogleCredential Load(string path, string origin)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new HealthcareCredentialException($"No credential file path was given ({origin}).");
            }
            string json;
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw new HealthcareCredentialException($"Cannot read the credential file '{path}' ({origin}): {ex.Message}", ex);
            }

            JObject document;
            try
            {
                document = JObject.Parse(json);
            }
            catch (JsonException ex)
            {
                // The parser's message may quote file content (key material): keep only the position.
                throw new HealthcareCredentialException($"The credential file '{path}' ({origin}) is not valid JSON (line {LineOf(ex)}).");
            }

            var type = (string)document["type"];
            if (string.IsNullOrEmpty(type))
            {
                throw new HealthcareCredentialException($"The credential file '{path}' ({origin}) has no \"type\" field; expected a service-account key or a gcloud credentials file.");
            }

            GoogleCredential credential;
            try
            {
                credential = CredentialFactory.FromJson(json, type);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is FormatException || ex is ArgumentException || ex is System.Security.Cryptography.CryptographicException)
            {
                throw new HealthcareCredentialException($"The credential file '{path}' ({origin}) of type '{type}' cannot be used: {ex.Message}", ex);
            }

            var description = Describe(type, path, document);
            var projectId = (string)document["project_id"] ?? (string)document["quota_project_id"];
            return new LoadedGoogleCredential(credential.CreateScoped(Scopes), description, projectId);
        }

        private static string Describe(string type, string path, JObject document)
        {
            switch (type)
            {
                case "service_account":
                    return $"service-account key file {path} ({(string)document["client_email"]})";
                case "authorized_user":
                    return $"user credentials file {path}";
                case "impersonated_service_account":
                    return $"impersonated service-account file {path}";
                case "external_account":
                case "external_account_authorized_user":
                    return $"workload/workforce identity configuration {path}";
                default:
                    return $"credential file {path} (type {type})";
            }
        }

        private static string LineOf(JsonException ex) =>
            ex is JsonReaderException reader ? reader.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
    }
}
