using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HealthcareTools.Emulator.Endpoints;
using Xunit;

namespace HealthcareTools.Emulator.Tests
{
    /// <summary>dicomStores.export to the local BigQuery table store, read back through tables.get and tabledata.list.</summary>
    public sealed class BigQueryExportTests
    {
        private const string Method = DicomBulkEndpoints.ExportMethodName;
        private const string Table = "bq://test-project.dicom.instances";
        private const string TablePath = "bigquery/v2/projects/test-project/datasets/dicom/tables/instances";
        private static readonly string[] Stored = { Samples.CT, Samples.MR, Samples.Rgb, Samples.French };

        private static async Task<TestEmulator> StartAsync()
        {
            var emulator = await DicomWeb.StartWithStoreAsync();
            Assert.Equal(HttpStatusCode.OK, (await DicomWeb.StowFilesAsync(emulator, Stored)).Status);
            return emulator;
        }

        private static Task<(JsonObject Table, System.Collections.Generic.List<System.Collections.Generic.Dictionary<string, string>> Rows)> ReadAsync(TestEmulator emulator) =>
            BulkOps.ReadTableAsync(emulator, "test-project", "dicom", "instances");

        [Fact]
        public async Task OneRowPerInstanceWithIdentifyingAndHeaderColumns()
        {
            await using var emulator = await StartAsync();
            Assert.Equal((Stored.Length, 0), BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table)), Method));

            var (table, rows) = await ReadAsync(emulator);
            Assert.Equal("bigquery#table", (string)table["kind"]);
            Assert.Equal("test-project:dicom.instances", (string)table["id"]);
            Assert.Equal("instances", (string)table["tableReference"]["tableId"]);
            Assert.Equal(Stored.Length.ToString(), (string)table["numRows"]);
            var fields = table["schema"]["fields"].AsArray();
            var names = fields.Select(f => (string)f["name"]).ToList();
            Assert.Equal(new[] { "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID", "PatientID", "PatientName", "StudyDate", "Modality" }, names.Take(8));
            Assert.All(fields, f => Assert.Equal("STRING", (string)f["type"]));
            Assert.Contains("Rows", names);
            Assert.Contains("InstanceNumber", names);
            Assert.DoesNotContain("PixelData", names);
            Assert.Equal(names.Count, names.Distinct().Count());

            Assert.Equal(Stored.Select(s => BulkOps.Uids(s).Sop).OrderBy(s => s), rows.Select(r => r["SOPInstanceUID"]).OrderBy(s => s));
            var ct = rows.Single(r => r["SOPInstanceUID"] == Samples.CTSop);
            Assert.Equal(Samples.CTStudy, ct["StudyInstanceUID"]);
            Assert.Equal(Samples.CTSeries, ct["SeriesInstanceUID"]);
            Assert.Equal("1.2.840.10008.5.1.4.1.1.2", ct["SOPClassUID"]);
            Assert.Equal("CT", ct["Modality"]);
            Assert.Equal("CompressedSamples^CT1", ct["PatientName"]);
            Assert.Equal("1CT1", ct["PatientID"]);
            Assert.Equal("20040119", ct["StudyDate"]);
            Assert.Equal("128", ct["Rows"]);
            // Multi-valued attributes are joined with '\'.
            Assert.Contains("\\", ct["ImageType"]);
            var french = rows.Single(r => r["SOPInstanceUID"] == BulkOps.Uids(Samples.French).Sop);
            Assert.Equal("Buc^Jérôme", french["PatientName"]);
            // Attributes an instance lacks are null cells.
            Assert.Contains(rows, r => r.Values.Any(v => v == null));
        }

        [Fact]
        public async Task WriteDispositionsAndForce()
        {
            await using var emulator = await StartAsync();
            int n = Stored.Length;
            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, "WRITE_EMPTY")), Method);
            Assert.Equal(n, (await ReadAsync(emulator)).Rows.Count);

            // WRITE_EMPTY (and unspecified, and force=false) on a table with rows: the operation fails, nothing written.
            Assert.Equal(9, BulkOps.AssertFailed(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, "WRITE_EMPTY"))));
            Assert.Equal(9, BulkOps.AssertFailed(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table))));
            Assert.Equal(9, BulkOps.AssertFailed(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, "WRITE_DISPOSITION_UNSPECIFIED", force: false))));
            Assert.Equal(n, (await ReadAsync(emulator)).Rows.Count);

            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, "WRITE_APPEND")), Method);
            Assert.Equal(2 * n, (await ReadAsync(emulator)).Rows.Count);

            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, "WRITE_TRUNCATE")), Method);
            Assert.Equal(n, (await ReadAsync(emulator)).Rows.Count);

            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, "WRITE_APPEND")), Method);
            // force=true is WRITE_TRUNCATE when no writeDisposition is given; writeDisposition wins over force.
            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, force: true)), Method);
            Assert.Equal(n, (await ReadAsync(emulator)).Rows.Count);
            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, "WRITE_APPEND", force: true)), Method);
            Assert.Equal(2 * n, (await ReadAsync(emulator)).Rows.Count);
        }

        [Fact]
        public async Task IncludeSourceStoreAddsAColumn()
        {
            await using var emulator = await StartAsync();
            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table, includeSourceStore: true)), Method);
            var (_, rows) = await ReadAsync(emulator);
            Assert.All(rows, r => Assert.Equal(DicomWeb.Store, r["SourceDicomStore"]));
        }

        [Fact]
        public async Task TableDataPagesWithMaxResultsAndPageToken()
        {
            await using var emulator = await StartAsync();
            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table)), Method);
            var all = (await ReadAsync(emulator)).Rows.Select(r => r["SOPInstanceUID"]).ToList();

            var seen = new System.Collections.Generic.List<string>();
            string token = null;
            int pages = 0;
            do
            {
                var page = await BulkOps.GetJsonAsync(emulator, $"{TablePath}/data?maxResults=3" + (token == null ? string.Empty : "&pageToken=" + token));
                Assert.Equal("bigquery#tableDataList", (string)page["kind"]);
                Assert.Equal(all.Count.ToString(), (string)page["totalRows"]);
                // SOPInstanceUID is the third schema field.
                seen.AddRange(page["rows"].AsArray().Select(r => (string)r["f"][2]["v"]));
                token = (string)page["pageToken"];
                pages++;
            } while (token != null);
            Assert.Equal(2, pages);
            Assert.Equal(all, seen);

            var fromIndex = await BulkOps.GetJsonAsync(emulator, $"{TablePath}/data?startIndex=3");
            Assert.Equal(all.Skip(3), fromIndex["rows"].AsArray().Select(r => (string)r["f"][2]["v"]));
        }

        [Fact]
        public async Task ProjectMismatchAndBadUrisAre400AndMissingTablesAre404()
        {
            await using var emulator = await StartAsync();
            string message = (await emulator.PostAsync($"{BulkOps.StorePath()}:export", BulkOps.BigQueryExport("bq://other-project.dicom.t").ToJsonString()))
                .AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            Assert.Contains("project", message);
            (await emulator.PostAsync($"{BulkOps.StorePath()}:export", BulkOps.BigQueryExport("test-project.dicom.t").ToJsonString()))
                .AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
            (await emulator.PostAsync($"{BulkOps.StorePath()}:export", BulkOps.BigQueryExport(Table, "WRITE_SOMETIMES").ToJsonString()))
                .AssertError(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");

            var missing = await emulator.GetAsync("bigquery/v2/projects/test-project/datasets/dicom/tables/none");
            missing.AssertStatus(HttpStatusCode.NotFound);
            Assert.Equal("notFound", (string)missing.Json["error"]["errors"][0]["reason"]);
            (await emulator.GetAsync("bigquery/v2/projects/test-project/datasets/dicom/tables/none/data")).AssertStatus(HttpStatusCode.NotFound);
        }

        [Fact]
        public async Task EmptyStoreCreatesAnEmptyTableWithTheIdentifyingColumns()
        {
            await using var emulator = await DicomWeb.StartWithStoreAsync();
            BulkOps.AssertSucceeded(await BulkOps.ExportAsync(emulator, BulkOps.BigQueryExport(Table)), Method);
            var (table, rows) = await ReadAsync(emulator);
            Assert.Equal("0", (string)table["numRows"]);
            Assert.Empty(rows);
            Assert.Equal(8, table["schema"]["fields"].AsArray().Count);
        }
    }
}
