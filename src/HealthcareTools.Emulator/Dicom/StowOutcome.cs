using System.Text.Json.Nodes;

namespace HealthcareTools.Emulator.Dicom
{
    /// <summary>What happened to one part of a STOW-RS request.</summary>
    public sealed class StowOutcome
    {
        /// <summary>0x0110 Processing failure: Google's code for an instance that already exists.</summary>
        public const int ProcessingFailure = 0x0110;

        /// <summary>0xA900 Data Set does not match SOP Class (used for missing UIDs and a study mismatch).</summary>
        public const int DatasetMismatch = 0xA900;

        /// <summary>0xC000 Cannot understand: the part is not a DICOM Part 10 file.</summary>
        public const int CannotUnderstand = 0xC000;

        public string StudyUid { get; set; }
        public string SeriesUid { get; set; }
        public string SopClassUid { get; set; }
        public string SopInstanceUid { get; set; }
        public bool Stored { get; set; }
        public int FailureReason { get; set; }
        public string FailureDetail { get; set; }

        /// <summary>Marks <paramref name="outcome"/> (or a new one, when the part gave no UIDs) as failed.</summary>
        public static StowOutcome Failed(StowOutcome outcome, int reason, string detail)
        {
            outcome ??= new StowOutcome();
            outcome.Stored = false;
            outcome.FailureReason = reason;
            outcome.FailureDetail = detail;
            return outcome;
        }

        public static JsonObject Attribute(string vr, JsonNode value) => new JsonObject { ["vr"] = vr, ["Value"] = new JsonArray(value) };

        /// <summary>The Store Instances Response Module (PS3.18 10.5.3) with Google's private FailureDetail.</summary>
        public static JsonObject Response(System.Collections.Generic.IReadOnlyList<StowOutcome> outcomes, string dicomWebBase, string studyUrl)
        {
            var response = new JsonObject();
            if (studyUrl != null) response["00081190"] = Attribute("UR", studyUrl);
            var failed = new JsonArray();
            var stored = new JsonArray();
            foreach (var outcome in outcomes)
            {
                var item = new JsonObject();
                if (outcome.SopClassUid != null) item["00081150"] = Attribute("UI", outcome.SopClassUid);
                if (outcome.SopInstanceUid != null) item["00081155"] = Attribute("UI", outcome.SopInstanceUid);
                if (outcome.Stored)
                {
                    item["00081190"] = Attribute("UR", $"{dicomWebBase}/studies/{outcome.StudyUid}/series/{outcome.SeriesUid}/instances/{outcome.SopInstanceUid}");
                    stored.Add(item);
                }
                else
                {
                    item["00081197"] = Attribute("US", outcome.FailureReason);
                    if (outcome.FailureDetail != null)
                    {
                        item["00090010"] = Attribute("LO", "GOOGLE");
                        item["00091097"] = Attribute("LT", outcome.FailureDetail);
                    }
                    failed.Add(item);
                }
            }
            if (failed.Count > 0) response["00081198"] = new JsonObject { ["vr"] = "SQ", ["Value"] = failed };
            if (stored.Count > 0) response["00081199"] = new JsonObject { ["vr"] = "SQ", ["Value"] = stored };
            return response;
        }
    }
}
