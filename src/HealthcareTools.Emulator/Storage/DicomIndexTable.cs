using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HealthcareTools.Emulator.Dicom;
using Microsoft.Data.Sqlite;

namespace HealthcareTools.Emulator.Storage
{
    /// <summary>One stored DICOM instance as indexed in <c>dicom_instances</c>.</summary>
    public sealed class DicomInstanceRow
    {
        public long Seq { get; set; }
        public string Store { get; set; }
        public string StudyUid { get; set; }
        public string SeriesUid { get; set; }
        public string SopUid { get; set; }
        public string SopClassUid { get; set; }
        public string TransferSyntax { get; set; }

        /// <summary>Path of the Part 10 file relative to the data folder, '/' separated.</summary>
        public string File { get; set; }

        public long Size { get; set; }
        public string PatientName { get; set; }
        public string PatientId { get; set; }
        public string AccessionNumber { get; set; }
        public string ReferringPhysicianName { get; set; }
        public string StudyDate { get; set; }
        public string Modality { get; set; }
        public long? InstanceNumber { get; set; }

        /// <summary>DICOM JSON of the header (no pixel data, large binary values left out).</summary>
        public string HeaderJson { get; set; }

        public DateTimeOffset CreateTime { get; set; }
    }

    /// <summary>A QIDO result row: a representative instance plus counts for its study or series.</summary>
    public sealed class DicomSearchRow
    {
        public DicomInstanceRow Instance { get; set; }
        public int SeriesCount { get; set; }
        public int InstanceCount { get; set; }
        public IReadOnlyList<string> Modalities { get; set; } = Array.Empty<string>();
    }

    public enum DicomLevel
    {
        Study,
        Series,
        Instance,
    }

    /// <summary>WHERE fragments and parameters of a QIDO search (built by <see cref="QidoQuery"/>).</summary>
    public sealed class DicomSearchFilter
    {
        public List<string> Conditions { get; } = new List<string>();
        public Dictionary<string, object> Parameters { get; } = new Dictionary<string, object>();

        public string AddParameter(object value)
        {
            string name = "$p" + Parameters.Count.ToString(CultureInfo.InvariantCulture);
            Parameters[name] = value ?? DBNull.Value;
            return name;
        }
    }

    /// <summary>The DICOM instance index: match keys as columns, the header as DICOM JSON.</summary>
    public sealed class DicomIndexTable : SqliteTable
    {
        private const string Columns = "seq, store, study_uid, series_uid, sop_uid, sop_class_uid, transfer_syntax, file, size, patient_name, patient_id, " +
            "accession_number, referring_physician_name, study_date, modality, instance_number, header_json, create_time";

        private bool _functionsRegistered;

        public DicomIndexTable(SqliteConnection connection, SqliteTransaction transaction) : base(connection, transaction)
        {
        }

        public bool Exists(string store, string study, string series, string sop)
        {
            using var command = Command("SELECT 1 FROM dicom_instances WHERE store = $store AND study_uid = $study AND series_uid = $series AND sop_uid = $sop");
            command.Parameters.AddWithValue("$store", store);
            command.Parameters.AddWithValue("$study", study);
            command.Parameters.AddWithValue("$series", series);
            command.Parameters.AddWithValue("$sop", sop);
            return command.ExecuteScalar() != null;
        }

        public void Insert(DicomInstanceRow row)
        {
            using var command = Command(@"INSERT INTO dicom_instances (store, study_uid, series_uid, sop_uid, sop_class_uid, transfer_syntax, file, size,
patient_name, patient_id, accession_number, referring_physician_name, study_date, modality, instance_number, header_json, create_time)
VALUES ($store, $study, $series, $sop, $class, $ts, $file, $size, $pn, $pid, $acc, $ref, $date, $mod, $num, $json, $time)");
            command.Parameters.AddWithValue("$store", row.Store);
            command.Parameters.AddWithValue("$study", row.StudyUid);
            command.Parameters.AddWithValue("$series", row.SeriesUid);
            command.Parameters.AddWithValue("$sop", row.SopUid);
            command.Parameters.AddWithValue("$class", row.SopClassUid ?? string.Empty);
            command.Parameters.AddWithValue("$ts", row.TransferSyntax ?? string.Empty);
            command.Parameters.AddWithValue("$file", row.File);
            command.Parameters.AddWithValue("$size", row.Size);
            command.Parameters.AddWithValue("$pn", (object)row.PatientName ?? DBNull.Value);
            command.Parameters.AddWithValue("$pid", (object)row.PatientId ?? DBNull.Value);
            command.Parameters.AddWithValue("$acc", (object)row.AccessionNumber ?? DBNull.Value);
            command.Parameters.AddWithValue("$ref", (object)row.ReferringPhysicianName ?? DBNull.Value);
            command.Parameters.AddWithValue("$date", (object)row.StudyDate ?? DBNull.Value);
            command.Parameters.AddWithValue("$mod", (object)row.Modality ?? DBNull.Value);
            command.Parameters.AddWithValue("$num", (object)row.InstanceNumber ?? DBNull.Value);
            command.Parameters.AddWithValue("$json", row.HeaderJson);
            command.Parameters.AddWithValue("$time", row.CreateTime.UtcTicks);
            command.ExecuteNonQuery();
        }

        /// <summary>Instances of a store, a study, a series or one instance (null = any), in storage order.</summary>
        public List<DicomInstanceRow> List(string store, string study = null, string series = null, string sop = null)
        {
            using var command = Command($"SELECT {Columns} FROM dicom_instances WHERE store = $store" +
                (study != null ? " AND study_uid = $study" : "") +
                (series != null ? " AND series_uid = $series" : "") +
                (sop != null ? " AND sop_uid = $sop" : "") + " ORDER BY seq");
            command.Parameters.AddWithValue("$store", store);
            if (study != null) command.Parameters.AddWithValue("$study", study);
            if (series != null) command.Parameters.AddWithValue("$series", series);
            if (sop != null) command.Parameters.AddWithValue("$sop", sop);
            return ReadRows(command);
        }

        /// <summary>Deletes the instances of a study, series or instance (null = any) and returns them.</summary>
        public List<DicomInstanceRow> Delete(string store, string study, string series = null, string sop = null)
        {
            var rows = List(store, study, series, sop);
            using var command = Command("DELETE FROM dicom_instances WHERE store = $store" +
                (study != null ? " AND study_uid = $study" : "") +
                (series != null ? " AND series_uid = $series" : "") +
                (sop != null ? " AND sop_uid = $sop" : ""));
            command.Parameters.AddWithValue("$store", store);
            if (study != null) command.Parameters.AddWithValue("$study", study);
            if (series != null) command.Parameters.AddWithValue("$series", series);
            if (sop != null) command.Parameters.AddWithValue("$sop", sop);
            command.ExecuteNonQuery();
            return rows;
        }

        /// <summary>Removes the index rows of a store and of every store named under <paramref name="name"/>.</summary>
        public int DeleteTree(string name)
        {
            using var command = Command("DELETE FROM dicom_instances WHERE store = $name OR (store >= $from AND store < $to)");
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$from", name + "/");
            command.Parameters.AddWithValue("$to", name + "0");
            return command.ExecuteNonQuery();
        }

        /// <summary>Counts and sizes of a store, study or series (null = any): studies, series, instances, header JSON bytes, file bytes.</summary>
        public (long Studies, long Series, long Instances, long StructuredBytes, long BlobBytes) Metrics(string store, string study = null, string series = null)
        {
            using var command = Command("SELECT COUNT(DISTINCT study_uid), COUNT(DISTINCT study_uid || '/' || series_uid), COUNT(*), " +
                "COALESCE(SUM(LENGTH(header_json)), 0), COALESCE(SUM(size), 0) FROM dicom_instances WHERE store = $store" +
                (study != null ? " AND study_uid = $study" : "") + (series != null ? " AND series_uid = $series" : ""));
            command.Parameters.AddWithValue("$store", store);
            if (study != null) command.Parameters.AddWithValue("$study", study);
            if (series != null) command.Parameters.AddWithValue("$series", series);
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }

        /// <summary>QIDO: one row per study, series or instance, in first-stored order, after offset, at most limit.</summary>
        public List<DicomSearchRow> Search(string store, DicomLevel level, DicomSearchFilter filter, int limit, int offset)
        {
            RegisterFunctions();
            string where = "store = $store" + string.Concat(filter.Conditions.Select(c => " AND (" + c + ")"));
            string sql = level switch
            {
                DicomLevel.Study => $@"SELECT MIN(seq) AS rep, COUNT(DISTINCT series_uid), COUNT(*), GROUP_CONCAT(DISTINCT modality)
FROM dicom_instances WHERE {where} GROUP BY study_uid ORDER BY rep LIMIT $limit OFFSET $offset",
                DicomLevel.Series => $@"SELECT MIN(seq) AS rep, 1, COUNT(*), GROUP_CONCAT(DISTINCT modality)
FROM dicom_instances WHERE {where} GROUP BY study_uid, series_uid ORDER BY rep LIMIT $limit OFFSET $offset",
                _ => $@"SELECT seq, 0, 1, modality FROM dicom_instances WHERE {where} ORDER BY seq LIMIT $limit OFFSET $offset",
            };
            var results = new List<DicomSearchRow>();
            var bySeq = new Dictionary<long, DicomSearchRow>();
            using (var command = Command(sql))
            {
                command.Parameters.AddWithValue("$store", store);
                command.Parameters.AddWithValue("$limit", limit);
                command.Parameters.AddWithValue("$offset", offset);
                foreach (var (name, value) in filter.Parameters) command.Parameters.AddWithValue(name, value);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var row = new DicomSearchRow
                    {
                        SeriesCount = reader.GetInt32(1),
                        InstanceCount = reader.GetInt32(2),
                        Modalities = reader.IsDBNull(3) ? Array.Empty<string>() : reader.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
                    };
                    results.Add(row);
                    bySeq[reader.GetInt64(0)] = row;
                }
            }
            if (results.Count == 0) return results;
            using (var command = Command($"SELECT {Columns} FROM dicom_instances WHERE seq IN ({string.Join(",", bySeq.Keys)})"))
            {
                foreach (var instance in ReadRows(command)) bySeq[instance.Seq].Instance = instance;
            }
            // Study-level modalities cover the whole study, not just the matching instances.
            return results;
        }

        private void RegisterFunctions()
        {
            if (_functionsRegistered) return;
            Connection.CreateFunction<string, string, long, bool>("hc_pn_match",
                (value, pattern, fuzzy) => PersonNameMatcher.Matches(value, pattern, fuzzy != 0), isDeterministic: true);
            _functionsRegistered = true;
        }

        private List<DicomInstanceRow> ReadRows(SqliteCommand command)
        {
            var rows = new List<DicomInstanceRow>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new DicomInstanceRow
                {
                    Seq = reader.GetInt64(0),
                    Store = reader.GetString(1),
                    StudyUid = reader.GetString(2),
                    SeriesUid = reader.GetString(3),
                    SopUid = reader.GetString(4),
                    SopClassUid = reader.GetString(5),
                    TransferSyntax = reader.GetString(6),
                    File = reader.GetString(7),
                    Size = reader.GetInt64(8),
                    PatientName = reader.IsDBNull(9) ? null : reader.GetString(9),
                    PatientId = reader.IsDBNull(10) ? null : reader.GetString(10),
                    AccessionNumber = reader.IsDBNull(11) ? null : reader.GetString(11),
                    ReferringPhysicianName = reader.IsDBNull(12) ? null : reader.GetString(12),
                    StudyDate = reader.IsDBNull(13) ? null : reader.GetString(13),
                    Modality = reader.IsDBNull(14) ? null : reader.GetString(14),
                    InstanceNumber = reader.IsDBNull(15) ? null : reader.GetInt64(15),
                    HeaderJson = reader.GetString(16),
                    CreateTime = new DateTimeOffset(reader.GetInt64(17), TimeSpan.Zero),
                });
            }
            return rows;
        }
    }
}
