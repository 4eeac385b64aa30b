using System;
using System.Management.Automation;
using HealthcareTools.Client.Names;
using HealthcareTools.Common;

namespace HealthcareTools.Iam
{
    /// <summary>Common parameters of the IAM cmdlets: the dataset or store whose policy is read or changed.</summary>
    public abstract class IamCmdlet : HcCmdlet
    {
        /// <summary>Policy version requested on read: 3 keeps conditional bindings.</summary>
        internal const int PolicyVersion = 3;

        /// <summary><para type="description">Full name of a dataset or store (piped objects bind by their Name), or a dataset ID.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ResourceName")]
        [ArgumentCompleter(typeof(DatasetCompleter))]
        public string Name { get; set; }

        /// <summary><para type="description">Project ID, when -Name is a dataset ID.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Project { get; set; }

        /// <summary><para type="description">Location ID, when -Name is a dataset ID.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Location { get; set; }

        /// <summary>The resource's full name; a bad name is an ArgumentException before any request.</summary>
        internal string ResourceName()
        {
            if (!ResourceIds.IsFullName(Name))
            {
                return DatasetNameFrom(Name, Project, Location).ToString();
            }

            if (DatasetName.TryParse(Name, out _) || StoreName.TryParse(Name, out _))
            {
                return Name;
            }

            throw new ArgumentException($"'{Name}' is not the name of a dataset or store; IAM policies are set on datasets and on DICOM, FHIR and HL7v2 stores.");
        }
    }
}
