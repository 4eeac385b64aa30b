using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HealthcareTools.Client.Dicom;
using HealthcareTools.Client.DicomWeb;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// QIDO-RS parameters common to studies, series and instances: any match key by keyword or tag,
    /// includefield, fuzzy matching, and -First/-Skip mapped to limit/offset with automatic paging.
    /// </summary>
    public abstract class DicomSearchCmdlet : DicomWebCmdlet
    {
        /// <summary><para type="description">Any other match keys as a hashtable of keyword or tag → value, e.g. @{ ReferringPhysicianName = 'SMITH*'; '00100030' = '19700101' }.</para></summary>
        [Parameter]
        public Hashtable Filter { get; set; }

        /// <summary><para type="description">Extra attributes to return (keywords or tags), or 'all'.</para></summary>
        [Parameter]
        public string[] IncludeField { get; set; }

        /// <summary><para type="description">Match person names fuzzily: any query word is a prefix of any word of the name, ignoring case.</para></summary>
        [Parameter]
        public SwitchParameter FuzzyMatching { get; set; }

        /// <summary>The match keys given by the level's own parameters (null values are left out).</summary>
        private protected abstract IEnumerable<KeyValuePair<string, string>> LevelMatchKeys();

        /// <summary>Runs the search for each pipeline item and writes one object per match as pages arrive.</summary>
        private protected void Search<T>(System.Func<DicomWebClient, DicomWebQuery, IEnumerable<DicomDataset>> search)
            where T : HcDicomObject, new()
        {
            ForItem(DicomWebUri ?? DicomStore, () =>
            {
                var store = TargetStore();
                var source = SourceOf(store);
                var query = BuildQuery();
                foreach (var match in Tracked(search(DicomWeb(store), query)))
                {
                    if (Stopping)
                    {
                        break;
                    }

                    WriteObject(HcDicomObject.Create<T>(match, source));
                }
            });
        }

        private DicomWebQuery BuildQuery()
        {
            var query = new DicomWebQuery { FuzzyMatching = FuzzyMatching };
            foreach (var key in LevelMatchKeys().Where(key => !string.IsNullOrEmpty(key.Value)))
            {
                query.MatchKeys[key.Key] = key.Value;
            }

            foreach (DictionaryEntry entry in Filter ?? new Hashtable())
            {
                // @{ 00100030 = … } gives the number 100030: make it the 8-digit tag again.
                var key = DicomTagArgumentAttribute.ToTag(entry.Key).ToString();
                query.MatchKeys[key] = FormatValue(entry.Value);
            }

            foreach (var field in IncludeField ?? new string[0])
            {
                if (string.Equals(field, "all", System.StringComparison.OrdinalIgnoreCase))
                {
                    query.IncludeAllFields = true;
                }
                else
                {
                    query.IncludeFields.Add(field);
                }
            }

            var paging = PagingParameters;
            if (paging != null)
            {
                query.Offset = (int)System.Math.Min(paging.Skip, int.MaxValue);
                query.MaxResults = paging.First == ulong.MaxValue ? (int?)null : (int)System.Math.Min(paging.First, int.MaxValue);
            }

            return query;
        }

        /// <summary>Dates become DICOM dates; arrays become UID lists.</summary>
        private protected static string FormatValue(object value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (value)
            {
                case null:
                    return null;
                case System.DateTime date:
                    return date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
                case string text:
                    return text;
                case IEnumerable many:
                    return string.Join(",", many.Cast<object>().Select(FormatValue));
                default:
                    return System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        private protected static IEnumerable<KeyValuePair<string, string>> Keys(params (string Keyword, object Value)[] keys) =>
            keys.Select(key => new KeyValuePair<string, string>(key.Keyword, FormatValue(key.Value)));
    }
}
