using System.Collections.Generic;
using System.Linq;
using HealthcareTools.Client.Dicom;

namespace HealthcareTools.Client.Deid
{
    /// <summary>How the combined action codes of Table E.1-1 are resolved without PS3.3 IOD Type tables.</summary>
    public enum CombinedActionPolicy
    {
        /// <summary>
        /// The rightmost letter, which never breaks an IOD: X/Z→Z, X/D→D, Z/D→D, X/Z/D→D, X/Z/U*→keep
        /// the sequence and remap the UIDs inside. Removes less than the standard allows for Type 3
        /// attributes (a dummy or an empty value instead of deleting them).
        /// </summary>
        PreserveConformance = 0,

        /// <summary>
        /// The leftmost letter, which removes the most: X/Z, X/D, X/Z/D, X/Z/U*→X and Z/D→Z. May leave
        /// Type 1/2 attributes missing or empty where the IOD needs them.
        /// </summary>
        MaximumRemoval = 1,
    }

    /// <summary>What the de-identifier does with one attribute.</summary>
    public enum DeidAction
    {
        /// <summary>K: unchanged; a sequence is still walked and its items de-identified.</summary>
        Keep = 0,
        /// <summary>X: deleted.</summary>
        Remove = 1,
        /// <summary>Z: present with a zero-length value (an empty sequence for SQ).</summary>
        ZeroLength = 2,
        /// <summary>D (and C): replaced by a dummy valid for the VR; a sequence keeps its shape with every value inside replaced.</summary>
        Dummy = 3,
        /// <summary>U: each UID replaced through the run's <see cref="DicomUidMapper"/>.</summary>
        ReplaceUid = 4,
    }

    /// <summary>Engine choices the API does not expose (our answers where Google's behaviour is undocumented).</summary>
    public sealed class DeidentifyOptions
    {
        /// <summary>Default <see cref="CombinedActionPolicy.PreserveConformance"/>.</summary>
        public CombinedActionPolicy CombinedActionPolicy { get; set; } = CombinedActionPolicy.PreserveConformance;

        /// <summary>
        /// Basic profile only: also replace DA, DT and TM attributes the table does not list (PS3.15 E.1.1
        /// suggests handling dates and times by VR rather than by list). They get the dummy date/time
        /// (removed under <see cref="CombinedActionPolicy.MaximumRemoval"/>). The VR is the dictionary's.
        /// Default false: unlisted attributes are kept, as the table says.
        /// </summary>
        public bool CleanUnlistedDatesAndTimes { get; set; }

        /// <summary>
        /// Tags MINIMAL_KEEP_LIST_PROFILE keeps (Google does not publish its list): SOP common, image
        /// pixel and geometry attributes needed to store and display the instance. UIDs among them that
        /// the Basic Profile marks U are still remapped. Also the base of a keepList given without a profile.
        /// </summary>
        public HashSet<DicomTag> MinimalKeepList { get; set; } = new HashSet<DicomTag>(DefaultMinimalKeepList.Select(t => new DicomTag(t)));

        /// <summary>Type 2 attributes MINIMAL_KEEP_LIST_PROFILE keeps present but empty (patient, study, equipment identity).</summary>
        public HashSet<DicomTag> MinimalEmptyList { get; set; } = new HashSet<DicomTag>(DefaultMinimalEmptyList.Select(t => new DicomTag(t)));

        internal static readonly uint[] DefaultMinimalKeepList =
        {
            0x00080005, // SpecificCharacterSet
            0x00080008, // ImageType
            0x00080016, // SOPClassUID
            0x00080018, // SOPInstanceUID
            0x00080060, // Modality
            0x00080064, // ConversionType
            0x00180050, // SliceThickness
            0x0020000D, // StudyInstanceUID
            0x0020000E, // SeriesInstanceUID
            0x00200011, // SeriesNumber
            0x00200013, // InstanceNumber
            0x00200020, // PatientOrientation
            0x00200032, // ImagePositionPatient
            0x00200037, // ImageOrientationPatient
            0x00200052, // FrameOfReferenceUID
            0x00280002, // SamplesPerPixel
            0x00280004, // PhotometricInterpretation
            0x00280006, // PlanarConfiguration
            0x00280008, // NumberOfFrames
            0x00280009, // FrameIncrementPointer
            0x00280010, // Rows
            0x00280011, // Columns
            0x00280030, // PixelSpacing
            0x00280034, // PixelAspectRatio
            0x00280100, // BitsAllocated
            0x00280101, // BitsStored
            0x00280102, // HighBit
            0x00280103, // PixelRepresentation
            0x00281050, // WindowCenter
            0x00281051, // WindowWidth
            0x00281052, // RescaleIntercept
            0x00281053, // RescaleSlope
            0x00281054, // RescaleType
            0x00281101, // RedPaletteColorLookupTableDescriptor
            0x00281102, // GreenPaletteColorLookupTableDescriptor
            0x00281103, // BluePaletteColorLookupTableDescriptor
            0x00281201, // RedPaletteColorLookupTableData
            0x00281202, // GreenPaletteColorLookupTableData
            0x00281203, // BluePaletteColorLookupTableData
            0x00282110, // LossyImageCompression
            0x00282112, // LossyImageCompressionRatio
            0x00282114, // LossyImageCompressionMethod
            0x7FE00008, // FloatPixelData
            0x7FE00009, // DoubleFloatPixelData
            0x7FE00010, // PixelData
        };

        internal static readonly uint[] DefaultMinimalEmptyList =
        {
            0x00080020, // StudyDate
            0x00080030, // StudyTime
            0x00080050, // AccessionNumber
            0x00080070, // Manufacturer
            0x00080090, // ReferringPhysicianName
            0x00100010, // PatientName
            0x00100020, // PatientID
            0x00100030, // PatientBirthDate
            0x00100040, // PatientSex
            0x00200010, // StudyID
        };
    }
}
