using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace HealthcareTools.Common
{
    /// <summary>
    /// Lets users type tags unquoted: PowerShell reads -KeepTag 00080060 as the number 80060, which this turns
    /// back into the 8-digit tag "00080060". Keywords and quoted tags pass through unchanged.
    /// </summary>
    public sealed class DicomTagArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is string || !(value is IEnumerable many))
            {
                return ToTag(value);
            }

            return many.Cast<object>().Select(ToTag).ToArray();
        }

        /// <summary>A non-negative number becomes its 8-digit tag text; anything else is returned as is.</summary>
        internal static object ToTag(object value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (value)
            {
                case int number when number >= 0:
                    return number.ToString("D8", CultureInfo.InvariantCulture);
                case long number when number >= 0 && number <= 99999999:
                    return number.ToString("D8", CultureInfo.InvariantCulture);
                default:
                    return value;
            }
        }
    }
}
