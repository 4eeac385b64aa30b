using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using HealthcareTools.Client.Dicom;

namespace HealthcareTools.Dicom
{
    /// <summary>
    /// PowerShell's view of <see cref="HcDicomFile"/>: its own properties plus one property per attribute
    /// keyword present in the header ($file.StudyDescription), found when asked for and decoded when read,
    /// so writing an object costs nothing per attribute (note properties cost about as much as reading
    /// the header). The hidden Dataset property is reachable by name but not listed. Registered as the
    /// type's adapter (type data) by <see cref="EnsureRegistered"/> before Get-HcDicomFile writes its
    /// first object. (Sequence items are <see cref="HcDicomItem"/>s with note properties, built only when
    /// a sequence is read.)
    /// </summary>
    public sealed class HcDicomAdapter : PSPropertyAdapter
    {
        internal static readonly string[] FileProperties =
        {
            "Path", "SOPInstanceUID", "SeriesInstanceUID", "StudyInstanceUID", "SOPClassUID", "PatientID", "PatientName",
            "StudyDate", "Modality", "TransferSyntax", "TransferSyntaxName", "Length",
        };

        internal static readonly HashSet<string> FilePropertySet = new HashSet<string>(FileProperties, StringComparer.OrdinalIgnoreCase);

        private static readonly ConditionalWeakTable<Runspace, object> Registered = new ConditionalWeakTable<Runspace, object>();

        private static readonly object Own = new object();

        /// <summary>
        /// Registers this adapter for HcDicomFile in the current runspace (once). False when the runspace
        /// does not allow it (no Update-TypeData, restricted language): the caller then adds note properties.
        /// </summary>
        internal static bool EnsureRegistered(PSCmdlet cmdlet)
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null) return false;
            if (Registered.TryGetValue(runspace, out _)) return true;
            try
            {
                var typeData = new[] { new TypeData(typeof(HcDicomFile)) { TypeAdapter = typeof(HcDicomAdapter) } };
                cmdlet.InvokeCommand.InvokeScript(false, ScriptBlock.Create("param($typeData) Update-TypeData -TypeData $typeData -Force"), null, new object[] { typeData });
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                cmdlet.WriteDebug("HcDicomFile keyword properties fall back to note properties: " + ex.Message);
                return false;
            }

            lock (Registered)
            {
                if (!Registered.TryGetValue(runspace, out _)) Registered.Add(runspace, Own);
            }

            return true;
        }

        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var result = new Collection<PSAdaptedProperty>();
            if (!(baseObject is HcDicomFile file)) return result;
            foreach (var name in FileProperties) result.Add(new PSAdaptedProperty(name, Own));
            foreach (var pair in DicomValues.KeywordElements(file.Dataset, file.Meta))
            {
                if (!FilePropertySet.Contains(pair.Key)) result.Add(new PSAdaptedProperty(pair.Key, pair.Value));
            }

            return result;
        }

        public override PSAdaptedProperty GetProperty(object baseObject, string propertyName)
        {
            if (string.IsNullOrEmpty(propertyName) || !(baseObject is HcDicomFile file)) return null;
            if (string.Equals(propertyName, "DicomDataset", StringComparison.OrdinalIgnoreCase)) return new PSAdaptedProperty("DicomDataset", Own);
            if (FilePropertySet.Contains(propertyName)) return new PSAdaptedProperty(Canonical(propertyName), Own);
            var element = DicomValues.FindByKeyword(file.Dataset, file.Meta, propertyName);
            return element == null ? null : new PSAdaptedProperty(element.Keyword ?? propertyName, element);
        }

        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        public override bool IsSettable(PSAdaptedProperty adaptedProperty) => false;

        public override object GetPropertyValue(PSAdaptedProperty adaptedProperty)
        {
            if (adaptedProperty.Tag is DicomElement element) return DicomValues.ToPowerShell(element);
            var target = adaptedProperty.BaseObject;
            var file = (HcDicomFile)target;
            if (adaptedProperty.Name == "DicomDataset") return file.Dataset;
            switch (adaptedProperty.Name)
            {
                case "Path": return file.Path;
                case "SOPInstanceUID": return file.SOPInstanceUID;
                case "SeriesInstanceUID": return file.SeriesInstanceUID;
                case "StudyInstanceUID": return file.StudyInstanceUID;
                case "SOPClassUID": return file.SOPClassUID;
                case "PatientID": return file.PatientID;
                case "PatientName": return file.PatientName;
                case "StudyDate": return file.StudyDate;
                case "Modality": return file.Modality;
                case "TransferSyntax": return file.TransferSyntax;
                case "TransferSyntaxName": return file.TransferSyntaxName;
                case "Length": return file.Length;
                default: return null;
            }
        }

        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value) =>
            throw new NotSupportedException($"'{adaptedProperty.Name}' is read-only: it comes from the file's header.");

        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
        {
            if (adaptedProperty.Tag is DicomElement) return GetPropertyValue(adaptedProperty)?.GetType().FullName ?? typeof(object).FullName;
            switch (adaptedProperty.Name)
            {
                case "Length": return typeof(long).FullName;
                case "StudyDate": return typeof(DateTime?).FullName;
                case "DicomDataset": return "HealthcareTools.Client.Dicom.DicomDataset";
                default: return typeof(string).FullName;
            }
        }

        private static string Canonical(string name)
        {
            foreach (var candidate in FileProperties)
            {
                if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)) return candidate;
            }
            return name;
        }
    }
}
