using System.Collections;
using System.Collections.Generic;

namespace HealthcareTools.Common
{
    internal static class Labels
    {
        /// <summary>Resource labels as a Hashtable, the form PowerShell users index and splat.</summary>
        public static Hashtable ToHashtable(IDictionary<string, string> labels)
        {
            var result = new Hashtable();
            foreach (var label in labels ?? new Dictionary<string, string>())
            {
                result[label.Key] = label.Value;
            }

            return result;
        }
    }
}
