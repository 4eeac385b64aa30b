using System;
using System.Collections.Generic;

namespace HealthcareTools.Client.Auth
{
    /// <summary>The INI dialect of gcloud's configuration files: [section], "key = value", '#'/';' comments.</summary>
    internal static class IniReader
    {
        internal static IDictionary<string, string> Read(IEnumerable<string> lines)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            string section = null;
            foreach (var raw in lines)
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                {
                    continue;
                }
                if (line[0] == '[' && line[line.Length - 1] == ']')
                {
                    section = line.Substring(1, line.Length - 2).Trim();
                    continue;
                }
                var separator = line.IndexOfAny(new[] { '=', ':' });
                if (section == null || separator <= 0)
                {
                    continue;
                }
                var key = line.Substring(0, separator).Trim();
                var value = line.Substring(separator + 1).Trim();
                values[section + "/" + key] = value;
            }
            return values;
        }
    }
}
