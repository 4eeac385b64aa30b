using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using HealthcareTools.Client;
using HealthcareTools.Client.Names;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Completes dataset IDs in the project/location typed on the command line (or the defaults).
    /// Answers from a one-minute cache, gives up after two seconds and never prompts or throws.
    /// </summary>
    public sealed class DatasetCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
        private static readonly ConcurrentDictionary<string, (DateTime At, string[] Ids)> Cache =
            new ConcurrentDictionary<string, (DateTime, string[])>();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var context = new ContextResolver(_ => { });
                var location = context.LocationName(fakeBoundParameters["Project"] as string, fakeBoundParameters["Location"] as string);
                var ids = DatasetIds(location);
                var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
                return ids.Where(id => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .Select(id => new CompletionResult(Quote(id), id, CompletionResultType.ParameterValue, id))
                    .ToList();
            }
            catch (Exception)
            {
                // Completion must never disturb typing: no context, no credentials or no network = no suggestions.
                return Enumerable.Empty<CompletionResult>();
            }
        }

        private static string[] DatasetIds(LocationName location)
        {
            var key = location.ToString();
            if (Cache.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.At < CacheLifetime)
            {
                return cached.Ids;
            }

            using (var timeout = new CancellationTokenSource(Budget))
            {
                var client = HcSession.GetClient(_ => { });
                var ids = Pager.Enumerate((token, cancel) => client.ListDatasetsAsync(location, 1000, token, cancel), timeout.Token)
                    .Select(dataset => DatasetName.Parse(dataset.Name).DatasetId)
                    .Take(1000)
                    .ToArray();
                Cache[key] = (DateTime.UtcNow, ids);
                return ids;
            }
        }

        private static string Quote(string id) => id.IndexOfAny(new[] { ' ', '\'', '$', '`' }) >= 0 ? "'" + id.Replace("'", "''") + "'" : id;
    }
}
