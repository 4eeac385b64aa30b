using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Dicom
{
    /// <summary>The dataset context shared by the DICOM store cmdlets.</summary>
    public abstract class DicomStoreCmdlet : DatasetScopedCmdlet
    {
        /// <summary>A DICOM store from its full name, or from its ID in the given (or default) dataset.</summary>
        internal StoreName StoreNameFrom(string nameOrId)
        {
            if (!ResourceIds.IsFullName(nameOrId))
            {
                return new StoreName(ParentDataset, StoreKind.Dicom, nameOrId);
            }

            var name = StoreName.Parse(nameOrId);
            if (name.Kind != StoreKind.Dicom)
            {
                throw new ArgumentException($"'{nameOrId}' is not a DICOM store.");
            }

            return name;
        }

        /// <summary>Labels from a hashtable, validated by the server.</summary>
        internal static IDictionary<string, string> LabelsFrom(Hashtable labels)
        {
            var result = new Dictionary<string, string>();
            foreach (DictionaryEntry entry in labels ?? new Hashtable())
            {
                result[entry.Key.ToString()] = entry.Value?.ToString() ?? string.Empty;
            }

            return result;
        }
    }
}
