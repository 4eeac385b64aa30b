using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using HealthcareTools.Client.Dicom;

/// <summary>
/// generate FOLDER COUNT  writes COUNT CT-like Part 10 files (512x512x16-bit pixels, ~100 attributes
///                        including a sequence, UIDs varied per study, series and instance).
/// read FOLDER            reads every file header-only with our engine (after a warm-up pass) and prints
///                        "files=N ms=T" for the timed pass.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : "")
        {
            case "generate": Generate(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)); return 0;
            case "read": Read(args[1]); return 0;
            default: Console.Error.WriteLine("usage: generate FOLDER COUNT | read FOLDER"); return 2;
        }
    }

    private static void Read(string folder)
    {
        var files = Directory.GetFiles(folder, "*.dcm");
        Array.Sort(files, StringComparer.Ordinal);
        var options = new DicomReadOptions { StopBeforePixelData = true };
        foreach (var file in files) DicomFile.Open(file, options);   // warm-up: JIT, dictionary, page cache
        var clock = Stopwatch.StartNew();
        long attributes = 0;
        foreach (var file in files) attributes += DicomFile.Open(file, options).Dataset.Count;
        clock.Stop();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "files={0} ms={1:F1} attributes={2}", files.Length, clock.Elapsed.TotalMilliseconds, attributes));
    }

    private const string Root = "2.25.31415926535897932384626";

    private static void Generate(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(20261125);
        var pixels = new byte[512 * 512 * 2];
        random.NextBytes(pixels);
        for (int i = 1; i < pixels.Length; i += 2) pixels[i] &= 0x0F;   // 12 bits stored
        const int perSeries = 100;
        for (int n = 0; n < count; n++)
        {
            int study = n / (perSeries * 5), series = n / perSeries, instance = n % perSeries + 1;
            var dataset = Build(study, series, instance, n, pixels);
            var path = Path.Combine(folder, string.Format(CultureInfo.InvariantCulture, "ct{0:D5}.dcm", n));
            new DicomFile(dataset).Save(path);
        }
    }

    private static DicomDataset Build(int study, int series, int instance, int n, byte[] pixels)
    {
        var items = new List<DicomElement>();
        void Text(uint tag, DicomVR vr, params string[] values) => items.Add(DicomElementFactory.FromStrings(new DicomTag(tag), vr, values, null));
        void Number(uint tag, DicomVR vr, params object[] values) => items.Add(DicomElementFactory.FromNumbers(new DicomTag(tag), vr, values));
        string F(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

        var studyUid = Root + ".1." + (study + 1);
        var seriesUid = Root + ".2." + (series + 1);
        var sopUid = Root + ".3." + (n + 1);
        var frameOfReference = Root + ".4." + (study + 1);
        var date = new DateTime(2024, 1, 1).AddDays(study * 7);
        var z = -250.0 + instance * 1.25;

        Text(0x00080005, DicomVR.CS, "ISO_IR 100");
        Text(0x00080008, DicomVR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        Text(0x00080012, DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        Text(0x00080013, DicomVR.TM, "101500.000000");
        Text(0x00080016, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        Text(0x00080018, DicomVR.UI, sopUid);
        Text(0x00080020, DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        Text(0x00080021, DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        Text(0x00080022, DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        Text(0x00080023, DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        Text(0x00080030, DicomVR.TM, "100000");
        Text(0x00080031, DicomVR.TM, "100500");
        Text(0x00080032, DicomVR.TM, "100612.250000");
        Text(0x00080033, DicomVR.TM, "100612.250000");
        Text(0x00080050, DicomVR.SH, "ACC" + (study + 1).ToString("D6", CultureInfo.InvariantCulture));
        Text(0x00080060, DicomVR.CS, "CT");
        Text(0x00080070, DicomVR.LO, "Example Medical Systems");
        Text(0x00080080, DicomVR.LO, "General Hospital");
        Text(0x00080081, DicomVR.ST, "1 Hospital Road\\Springfield");
        Text(0x00080090, DicomVR.PN, "Referrer^Rita^^Dr");
        Text(0x00081010, DicomVR.SH, "CT01");
        Text(0x00081030, DicomVR.LO, "CT CHEST ABDOMEN PELVIS WITH CONTRAST");
        Text(0x0008103E, DicomVR.LO, "AXIAL 1.25mm SOFT TISSUE " + (series + 1));
        Text(0x00081040, DicomVR.LO, "RADIOLOGY");
        Text(0x00081050, DicomVR.PN, "Reader^Ray");
        Text(0x00081090, DicomVR.LO, "Model 128");
        Text(0x00100010, DicomVR.PN, "Patient" + (study + 1) + "^Test");
        Text(0x00100020, DicomVR.LO, "PID" + (study + 1).ToString("D6", CultureInfo.InvariantCulture));
        Text(0x00100030, DicomVR.DA, "19600101");
        Text(0x00100040, DicomVR.CS, study % 2 == 0 ? "F" : "M");
        Text(0x00101010, DicomVR.AS, "064Y");
        Text(0x00101020, DicomVR.DS, "1.7");
        Text(0x00101030, DicomVR.DS, "70");
        Text(0x00180015, DicomVR.CS, "CHEST");
        Text(0x00180022, DicomVR.CS, "HELICAL MODE");
        Text(0x00180050, DicomVR.DS, "1.25");
        Text(0x00180060, DicomVR.DS, "120");
        Text(0x00180088, DicomVR.DS, "1.25");
        Text(0x00180090, DicomVR.DS, "500");
        Text(0x00181000, DicomVR.LO, "SN" + (12345 + study));
        Text(0x00181020, DicomVR.LO, "VER 1.0");
        Text(0x00181030, DicomVR.LO, "CAP contrast");
        Text(0x00181100, DicomVR.DS, "380");
        Text(0x00181110, DicomVR.DS, "1085.6");
        Text(0x00181111, DicomVR.DS, "595");
        Text(0x00181120, DicomVR.DS, "0");
        Text(0x00181130, DicomVR.DS, "168");
        Text(0x00181140, DicomVR.CS, "CW");
        Text(0x00181150, DicomVR.IS, "500");
        Text(0x00181151, DicomVR.IS, "220");
        Text(0x00181152, DicomVR.IS, "110");
        Text(0x00181160, DicomVR.SH, "BODY FILTER");
        Text(0x00181170, DicomVR.IS, "26");
        Text(0x00181190, DicomVR.DS, "0.7");
        Text(0x00181210, DicomVR.SH, "STANDARD");
        Text(0x00185100, DicomVR.CS, "FFS");
        Text(0x0020000D, DicomVR.UI, studyUid);
        Text(0x0020000E, DicomVR.UI, seriesUid);
        Text(0x00200010, DicomVR.SH, (study + 1).ToString(CultureInfo.InvariantCulture));
        Text(0x00200011, DicomVR.IS, (series + 1).ToString(CultureInfo.InvariantCulture));
        Text(0x00200012, DicomVR.IS, "1");
        Text(0x00200013, DicomVR.IS, instance.ToString(CultureInfo.InvariantCulture));
        Text(0x00200032, DicomVR.DS, "-249.51171875", "-418.51171875", F(z));
        Text(0x00200037, DicomVR.DS, "1", "0", "0", "0", "1", "0");
        Text(0x00200052, DicomVR.UI, frameOfReference);
        Text(0x00201040, DicomVR.LO, "");
        Text(0x00201041, DicomVR.DS, F(z));
        Text(0x00204000, DicomVR.LT, "Synthetic benchmark image");
        Number(0x00280002, DicomVR.US, (ushort)1);
        Text(0x00280004, DicomVR.CS, "MONOCHROME2");
        Number(0x00280010, DicomVR.US, (ushort)512);
        Number(0x00280011, DicomVR.US, (ushort)512);
        Text(0x00280030, DicomVR.DS, "0.9765625", "0.9765625");
        Number(0x00280100, DicomVR.US, (ushort)16);
        Number(0x00280101, DicomVR.US, (ushort)12);
        Number(0x00280102, DicomVR.US, (ushort)11);
        Number(0x00280103, DicomVR.US, (ushort)0);
        Number(0x00280106, DicomVR.US, (ushort)0);
        Number(0x00280107, DicomVR.US, (ushort)4095);
        Text(0x00281050, DicomVR.DS, "40", "400");
        Text(0x00281051, DicomVR.DS, "400", "1500");
        Text(0x00281052, DicomVR.DS, "-1024");
        Text(0x00281053, DicomVR.DS, "1");
        Text(0x00281054, DicomVR.LO, "HU");
        Text(0x00321060, DicomVR.LO, "CT CHEST ABDOMEN PELVIS");
        Text(0x00400244, DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        Text(0x00400245, DicomVR.TM, "100000");
        Text(0x00400253, DicomVR.SH, "PPS" + (study + 1));
        Text(0x00400254, DicomVR.LO, "CT CAP");
        // Private block: creator and two values.
        Text(0x00090010, DicomVR.LO, "EXAMPLE_PRIVATE_1");
        Text(0x00091001, DicomVR.LO, "private value");
        Number(0x00091002, DicomVR.US, (ushort)42);

        // A sequence with two items: Referenced Image Sequence and a Procedure Code Sequence.
        var referenced = new DicomSequence(new DicomTag(0x00081140));
        for (int k = 0; k < 2; k++)
        {
            var item = new DicomDataset();
            item.AddOrUpdate(DicomElementFactory.FromStrings(new DicomTag(0x00081150), DicomVR.UI, new[] { "1.2.840.10008.5.1.4.1.1.2" }, null));
            item.AddOrUpdate(DicomElementFactory.FromStrings(new DicomTag(0x00081155), DicomVR.UI, new[] { Root + ".5." + (n + 1) + "." + k }, null));
            referenced.Items.Add(item);
        }
        items.Add(referenced);
        var code = new DicomSequence(new DicomTag(0x00081032));
        var codeItem = new DicomDataset();
        codeItem.AddOrUpdate(DicomElementFactory.FromStrings(new DicomTag(0x00080100), DicomVR.SH, new[] { "RPID16" }, null));
        codeItem.AddOrUpdate(DicomElementFactory.FromStrings(new DicomTag(0x00080102), DicomVR.SH, new[] { "RADLEX" }, null));
        codeItem.AddOrUpdate(DicomElementFactory.FromStrings(new DicomTag(0x00080104), DicomVR.LO, new[] { "CT CHEST ABDOMEN PELVIS WITH IV CONTRAST" }, null));
        code.Items.Add(codeItem);
        items.Add(code);

        items.Add(new DicomElement(new DicomTag(0x7FE00010), DicomVR.OW, pixels));
        items.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        return new DicomDataset(items);
    }
}
