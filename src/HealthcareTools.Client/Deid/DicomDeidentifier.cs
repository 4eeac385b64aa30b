using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HealthcareTools.Client.Dicom;

namespace HealthcareTools.Client.Deid
{
    /// <summary>
    /// De-identifies DICOM datasets and Part 10 files per a <see cref="DeidentifyConfig"/> (see
    /// README.md in this folder for every rule). One instance is one run: it holds the
    /// <see cref="DicomUidMapper"/>, so every file passed through it gets consistent new UIDs and
    /// dummy identifiers. Inputs are never modified; pixel data is never altered. Thread-safe.
    /// </summary>
    public sealed class DicomDeidentifier
    {
        /// <summary>StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID, MediaStorageSOPInstanceUID: the UIDs skipIdRedaction governs.</summary>
        private static readonly HashSet<uint> PrimaryIds = new HashSet<uint> { 0x0020000D, 0x0020000E, 0x00080018, 0x00020003 };

        /// <summary>References to primary UIDs (ReferencedSOPInstanceUID, ReferencedSOPInstanceUIDInFile): follow the primary rule so links stay valid.</summary>
        private static readonly HashSet<uint> PrimaryReferences = new HashSet<uint> { 0x00081155, 0x00041511 };

        private static readonly DicomTag PatientIdentityRemoved = new DicomTag(0x0012, 0x0062);
        private static readonly DicomTag DeidentificationMethod = new DicomTag(0x0012, 0x0063);
        private static readonly DicomTag DeidentificationMethodCodeSequence = new DicomTag(0x0012, 0x0064);
        private static readonly DicomTag LongitudinalTemporalInformationModified = new DicomTag(0x0028, 0x0303);
        private static readonly DicomTag CodeValue = new DicomTag(0x0008, 0x0100);
        private static readonly DicomTag CodingSchemeDesignator = new DicomTag(0x0008, 0x0102);
        private static readonly DicomTag CodeMeaning = new DicomTag(0x0008, 0x0104);

        private enum Mode { KeepAll, Basic, Minimal, KeepListOnly }

        private readonly Mode mode;
        private readonly HashSet<uint> keep = new HashSet<uint>();
        private readonly HashSet<uint> remove = new HashSet<uint>();
        private readonly HashSet<uint> minimalKeep;
        private readonly HashSet<uint> minimalEmpty;
        private readonly bool skipIdRedaction;
        private readonly bool keepsDates;

        /// <summary>
        /// Validates the config up front: unparsable keep/remove tags raise <see cref="FormatException"/>,
        /// a tag in both lists <see cref="ArgumentException"/>, DEIDENTIFY_TAG_CONTENTS and any image
        /// text redaction other than none <see cref="NotSupportedException"/>.
        /// </summary>
        /// <param name="config">The API-shaped configuration.</param>
        /// <param name="uidMapper">Share one mapper across every de-identifier of a run; null = a new random key.</param>
        /// <param name="options">Engine choices the API leaves open; null = defaults.</param>
        public DicomDeidentifier(DeidentifyConfig config, DicomUidMapper uidMapper = null, DeidentifyOptions options = null)
        {
            Config = config ?? throw new ArgumentNullException(nameof(config));
            UidMapper = uidMapper ?? new DicomUidMapper();
            Options = options ?? new DeidentifyOptions();
            var dicom = config.Dicom ?? new DicomConfig();

            var redaction = config.Image?.TextRedactionMode ?? TextRedactionMode.Unspecified;
            if (redaction != TextRedactionMode.Unspecified && redaction != TextRedactionMode.RedactNoText)
                throw new NotSupportedException("Image text redaction (" + DeidentifyConfig.ToWireName(redaction) + ") is not supported by the local de-identifier: pixel data is never altered. Use TEXT_REDACTION_MODE_UNSPECIFIED or REDACT_NO_TEXT.");

            foreach (var text in dicom.KeepTags ?? new List<string>()) keep.Add(ParseListTag(text, "keepList").Value);
            foreach (var text in dicom.RemoveTags ?? new List<string>()) remove.Add(ParseListTag(text, "removeList").Value);
            var both = keep.Intersect(remove).ToList();
            if (both.Count > 0) throw new ArgumentException("Tag(s) " + string.Join(", ", both.Select(t => new DicomTag(t).ToString())) + " are in both keepList and removeList.", nameof(config));
            // A kept private data element needs the creator element that reserves its block.
            foreach (var tag in keep.ToList())
            {
                var t = new DicomTag(tag);
                if ((t.Group & 1) == 1 && t.Element >= 0x1000) keep.Add(t.PrivateCreatorTag.Value);
            }

            switch (dicom.Profile)
            {
                case TagFilterProfile.AttributeConfidentialityBasic: mode = Mode.Basic; break;
                case TagFilterProfile.MinimalKeepList: mode = Mode.Minimal; break;
                case TagFilterProfile.DeidentifyTagContents:
                    throw new NotSupportedException("DEIDENTIFY_TAG_CONTENTS needs infoType text inspection, which the local de-identifier does not do. Use ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE, MINIMAL_KEEP_LIST_PROFILE or KEEP_ALL_PROFILE.");
                default: mode = keep.Count > 0 ? Mode.KeepListOnly : Mode.KeepAll; break;
            }
            skipIdRedaction = dicom.SkipIdRedaction;
            minimalKeep = new HashSet<uint>((Options.MinimalKeepList ?? new HashSet<DicomTag>()).Select(t => t.Value));
            minimalEmpty = new HashSet<uint>((Options.MinimalEmptyList ?? new HashSet<DicomTag>()).Select(t => t.Value));
            keepsDates = keep.Any(t => IsDateOrTime(new DicomTag(t)));
        }

        public DeidentifyConfig Config { get; }

        public DicomUidMapper UidMapper { get; }

        public DeidentifyOptions Options { get; }

        /// <summary>True when the config de-identifies (Basic or Minimal profile) and the output is marked PatientIdentityRemoved=YES.</summary>
        public bool MarksIdentityRemoved => mode == Mode.Basic || mode == Mode.Minimal;

        /// <summary>The action for an attribute (the same at top level and inside sequences).</summary>
        public DeidAction GetAction(DicomTag tag)
        {
            if (remove.Contains(tag.Value)) return DeidAction.Remove;
            if (PrimaryIds.Contains(tag.Value) || PrimaryReferences.Contains(tag.Value)) return skipIdRedaction ? DeidAction.Keep : DeidAction.ReplaceUid;
            if (keep.Contains(tag.Value)) return DeidAction.Keep;
            if (tag.Group != 0x0002 && tag.IsGroupLength) return DeidAction.Remove;
            if ((tag.Group & 1) == 1) return mode == Mode.KeepAll ? DeidAction.Keep : DeidAction.Remove;
            switch (mode)
            {
                case Mode.KeepAll:
                    return DeidAction.Keep;
                case Mode.Basic:
                    {
                        var code = ConfidentialityProfileTable.GetBasicAction(tag);
                        if (code == null && Options.CleanUnlistedDatesAndTimes && IsDateOrTime(tag)) code = "X/D";
                        return Resolve(code);
                    }
                default:
                    if (minimalKeep.Contains(tag.Value)) return ConfidentialityProfileTable.GetBasicAction(tag) == "U" ? DeidAction.ReplaceUid : DeidAction.Keep;
                    if (minimalEmpty.Contains(tag.Value)) return DeidAction.ZeroLength;
                    return DeidAction.Remove;
            }
        }

        /// <summary>A Table E.1-1 code resolved under <see cref="DeidentifyOptions.CombinedActionPolicy"/>; null (not listed) is Keep.</summary>
        public DeidAction Resolve(string code)
        {
            bool max = Options.CombinedActionPolicy == CombinedActionPolicy.MaximumRemoval;
            switch (code)
            {
                case null: case "": case "K": return DeidAction.Keep;
                case "X": return DeidAction.Remove;
                case "Z": return DeidAction.ZeroLength;
                case "D": case "C": return DeidAction.Dummy;
                case "U": return DeidAction.ReplaceUid;
                case "Z/D": return max ? DeidAction.ZeroLength : DeidAction.Dummy;
                case "X/Z": return max ? DeidAction.Remove : DeidAction.ZeroLength;
                case "X/D": case "X/Z/D": return max ? DeidAction.Remove : DeidAction.Dummy;
                case "X/Z/U*": case "X/Z/U": return max ? DeidAction.Remove : DeidAction.Keep;
                default: throw new InvalidOperationException("Unknown confidentiality profile action '" + code + "'.");
            }
        }

        /// <summary>A de-identified copy of <paramref name="dataset"/> (the dataset alone, no file meta).</summary>
        public DicomDataset Deidentify(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var output = new List<DicomElement>(dataset.Count + 4);
            foreach (var element in dataset)
            {
                var result = Apply(element, GetAction(element.Tag), 0);
                if (result != null) output.Add(result);
            }
            if (MarksIdentityRemoved) AddMarkers(output, dataset.CharacterSet);
            return Build(output, dataset.CharacterSet);
        }

        /// <summary>
        /// A de-identified copy of a Part 10 file. The file meta is rebuilt (PS3.15 E.1.1: nothing of
        /// the source meta is carried over but the SOP class and the transfer syntax), with
        /// MediaStorageSOPInstanceUID equal to the new SOPInstanceUID.
        /// </summary>
        public DicomFile Deidentify(DicomFile file)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var dataset = Deidentify(file.Dataset);
            var sourceMeta = file.FileMetaInformation ?? new DicomDataset();
            var meta = new DicomDataset();
            var sopClass = dataset.GetString(DicomTag.SOPClassUID) ?? sourceMeta.GetString(DicomTag.MediaStorageSOPClassUID);
            var sopInstance = dataset.GetString(DicomTag.SOPInstanceUID);
            if (sopInstance == null)
            {
                var metaInstance = sourceMeta.GetString(DicomTag.MediaStorageSOPInstanceUID);
                sopInstance = GetAction(DicomTag.MediaStorageSOPInstanceUID) == DeidAction.Keep ? metaInstance : UidMapper.Map(metaInstance);
            }
            if (sopClass != null) meta.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, sopClass);
            if (sopInstance != null) meta.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstance);
            var transferSyntax = file.TransferSyntaxUID ?? sourceMeta.GetString(DicomTag.TransferSyntaxUID);
            if (transferSyntax != null) meta.AddOrUpdate(DicomTag.TransferSyntaxUID, DicomVR.UI, transferSyntax);
            return new DicomFile(dataset, meta);
        }

        /// <summary>
        /// Reads a Part 10 file (or raw dataset) from <paramref name="input"/> and writes the
        /// de-identified Part 10 file to <paramref name="output"/> (explicit VR little endian, or the
        /// source's compressed transfer syntax for encapsulated pixel data). Both streams stay open.
        /// </summary>
        public void Deidentify(Stream input, Stream output, DicomReadOptions readOptions = null)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (output == null) throw new ArgumentNullException(nameof(output));
            var file = DicomFile.Open(input, readOptions);
            DicomWriter.WriteFile(output, Deidentify(file));
        }

        /// <summary>File to file; see <see cref="Deidentify(Stream, Stream, DicomReadOptions)"/>.</summary>
        public void Deidentify(string inputPath, string outputPath, DicomReadOptions readOptions = null)
        {
            var file = DicomFile.Open(inputPath, readOptions);
            var result = Deidentify(file);
            using (var stream = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                DicomWriter.WriteFile(stream, result);
            }
        }

        private DicomElement Apply(DicomElement element, DeidAction action, int depth)
        {
            switch (action)
            {
                case DeidAction.Remove:
                    return null;
                case DeidAction.Keep:
                    if (element is DicomSequence keptSequence)
                        return new DicomSequence(element.Tag, keptSequence.Items.Select(item => DeidentifyItem(item, depth + 1)));
                    return element;
                case DeidAction.ZeroLength:
                    if (element is DicomSequence) return new DicomSequence(element.Tag);
                    if (element is DicomFragmentSequence) return element; // never in the table; pixel data is not touched
                    return WithBytes(element, element.VR, new byte[0]);
                case DeidAction.ReplaceUid:
                    {
                        var vr = EffectiveVR(element);
                        if (vr == DicomVR.UI) return RemapUid(element);
                        if (element is DicomSequence) return Apply(element, DeidAction.Keep, depth);
                        return Dummy(element, depth);
                    }
                case DeidAction.Dummy:
                    return Dummy(element, depth);
                default:
                    throw new InvalidOperationException("Unknown action " + action + ".");
            }
        }

        private DicomDataset DeidentifyItem(DicomDataset item, int depth)
        {
            var output = new List<DicomElement>(item.Count);
            foreach (var element in item)
            {
                var result = Apply(element, GetAction(element.Tag), depth);
                if (result != null) output.Add(result);
            }
            return Build(output, item.CharacterSet);
        }

        /// <summary>D: a dummy valid for the VR. A sequence keeps its items and shape, with every value inside made a dummy.</summary>
        private DicomElement Dummy(DicomElement element, int depth)
        {
            if (element is DicomSequence sequence)
                return new DicomSequence(element.Tag, sequence.Items.Select(item => DummyItem(item, depth + 1)));
            if (element is DicomFragmentSequence) return element;
            var vr = EffectiveVR(element);
            switch (vr)
            {
                case DicomVR.UI: return RemapUid(element);
                case DicomVR.AE: return Text(element, vr, "ANONYMOUS");
                case DicomVR.AS: return Text(element, vr, "000Y");
                case DicomVR.CS: return Text(element, vr, "ANONYMIZED");
                case DicomVR.DA: return Text(element, vr, "19000101");
                case DicomVR.DT: return Text(element, vr, "19000101000000");
                case DicomVR.TM: return Text(element, vr, "000000");
                case DicomVR.DS: case DicomVR.IS: return Text(element, vr, "0");
                case DicomVR.SH: case DicomVR.PN: return Text(element, vr, UidMapper.Pseudonym("", element.GetRawString(), 16));
                case DicomVR.LO: case DicomVR.LT: case DicomVR.ST: case DicomVR.UT: case DicomVR.UC: case DicomVR.UR:
                    return Text(element, vr, UidMapper.Pseudonym("", element.GetRawString(), 20));
                case DicomVR.AT: return WithBytes(element, vr, new byte[4]);
                case DicomVR.SQ: return WithBytes(element, DicomVR.UN, new byte[0]); // an SQ read as UN: its structure is unknown here
                default:
                    {
                        int unit = DicomVRInfo.IsBinaryNumber(vr) ? DicomVRInfo.ByteSwapSize(vr)
                            : vr == DicomVR.OF || vr == DicomVR.OL ? 4 : vr == DicomVR.OD || vr == DicomVR.OV ? 8 : 2;
                        int length = Math.Max(unit, element.RawValue.Length / unit * unit);
                        return WithBytes(element, vr, new byte[length]);
                    }
            }
        }

        /// <summary>
        /// Inside a sequence replaced by D: the table's X, Z and U still apply; keep-list entries are kept;
        /// coded strings, binary numbers and tags are kept (the structure); every other value becomes a dummy.
        /// </summary>
        private DicomDataset DummyItem(DicomDataset item, int depth)
        {
            var output = new List<DicomElement>(item.Count);
            foreach (var element in item)
            {
                var action = GetAction(element.Tag);
                DicomElement result;
                if (action == DeidAction.Remove || action == DeidAction.ZeroLength || action == DeidAction.ReplaceUid)
                    result = Apply(element, action, depth); // the table's own X, Z and U still hold inside
                else if (keep.Contains(element.Tag.Value) || ((PrimaryIds.Contains(element.Tag.Value) || PrimaryReferences.Contains(element.Tag.Value)) && skipIdRedaction))
                    result = Apply(element, DeidAction.Keep, depth);
                else
                {
                    var vr = EffectiveVR(element);
                    bool structural = vr == DicomVR.CS || vr == DicomVR.AT || DicomVRInfo.IsBinaryNumber(vr) || element is DicomFragmentSequence;
                    result = structural && !(element is DicomSequence) ? element : Dummy(element, depth);
                }
                if (result != null) output.Add(result);
            }
            return Build(output, item.CharacterSet);
        }

        private DicomElement RemapUid(DicomElement element)
        {
            var values = element.GetStrings();
            if (values.Length == 0) return element;
            var mapped = values.Select(v => UidMapper.Map(v)).ToArray();
            return DicomElementFactory.FromStrings(element.Tag, DicomVR.UI, mapped, DicomCharacterSet.Default);
        }

        private static DicomElement Text(DicomElement element, DicomVR vr, string value)
        {
            var result = DicomElementFactory.FromStrings(element.Tag, vr, new[] { value }, element.CharacterSet);
            return result;
        }

        private static DicomElement WithBytes(DicomElement element, DicomVR vr, byte[] bytes)
            => new DicomElement(element.Tag, vr, bytes) { CharacterSet = element.CharacterSet };

        /// <summary>The VR the value is encoded as: the element's, or for UN the dictionary's.</summary>
        private static DicomVR EffectiveVR(DicomElement element)
        {
            if (element.VR != DicomVR.UN || (element.Tag.Group & 1) == 1) return element.VR;
            var vr = DicomDictionary.Lookup(element.Tag)?.DefaultVR ?? DicomVR.None;
            return vr == DicomVR.None ? DicomVR.UN : vr;
        }

        private void AddMarkers(List<DicomElement> output, DicomCharacterSet characterSet)
        {
            output.RemoveAll(e => e.Tag == PatientIdentityRemoved || e.Tag == DeidentificationMethod || e.Tag == DeidentificationMethodCodeSequence || e.Tag == LongitudinalTemporalInformationModified);
            var methods = new List<string> { mode == Mode.Basic ? "Basic Application Confidentiality Profile" : "Minimal keep list (HealthcareTools)" };
            var codes = new List<DicomDataset> { Code("113100", "Basic Application Confidentiality Profile") };
            if (skipIdRedaction)
            {
                methods.Add("Study, Series and SOP Instance UIDs retained");
                codes.Add(Code("113110", "Retain UIDs Option"));
            }
            if (keep.Count > 0) methods.Add("Keep list overrides profile");
            var set = characterSet ?? DicomCharacterSet.Default;
            output.Add(DicomElementFactory.FromStrings(PatientIdentityRemoved, DicomVR.CS, new[] { "YES" }, set));
            output.Add(DicomElementFactory.FromStrings(DeidentificationMethod, DicomVR.LO, methods, set));
            output.Add(new DicomSequence(DeidentificationMethodCodeSequence, codes));
            output.Add(DicomElementFactory.FromStrings(LongitudinalTemporalInformationModified, DicomVR.CS, new[] { keepsDates ? "UNMODIFIED" : "REMOVED" }, set));
        }

        private static DicomDataset Code(string value, string meaning)
        {
            var item = new DicomDataset();
            item.AddOrUpdate(CodeValue, DicomVR.SH, value);
            item.AddOrUpdate(CodingSchemeDesignator, DicomVR.SH, "DCM");
            item.AddOrUpdate(CodeMeaning, DicomVR.LO, meaning);
            return item;
        }

        private static DicomDataset Build(List<DicomElement> elements, DicomCharacterSet characterSet)
        {
            var dataset = new DicomDataset(elements.OrderBy(e => e.Tag.Value));
            dataset.CharacterSet = characterSet ?? DicomCharacterSet.Default;
            return dataset;
        }

        private static bool IsDateOrTime(DicomTag tag)
        {
            var vr = DicomDictionary.Lookup(tag)?.DefaultVR ?? DicomVR.None;
            return vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM;
        }

        private static DicomTag ParseListTag(string text, string list)
        {
            if (DicomTag.TryParse(text, out var tag)) return tag;
            throw new FormatException("dicom." + list + ": '" + text + "' is neither a DICOM keyword nor 8 hex digits (GGGGEEEE).");
        }
    }
}
