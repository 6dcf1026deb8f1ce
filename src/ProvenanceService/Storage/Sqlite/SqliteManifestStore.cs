using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ProvenanceService.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so every committed transaction
/// is on disk before the call that wrote it returns, and survives a kill -9 or a power cut. Connections are
/// pooled by Microsoft.Data.Sqlite; WAL lets Verify's reads run beside Sign's writes.
/// </summary>
internal sealed class SqliteManifestStore : IManifestStore
{
    private const int SqliteConstraint = 19;
    private readonly string _connectionString;

    public SqliteManifestStore(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            // journal_mode is persistent in the file; the others are per connection (see Open).
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = (string?)wal.ExecuteScalar();
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL mode for {DatabasePath} (got '{mode}').");
            }
        }
        SqliteSchema.Migrate(connection);
    }

    public string DatabasePath { get; }

    public Task AddSignedAsync(ManifestRecord record, SignAuditEntry audit, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO manifests (manifest_id, watermark_id, content_hash, fingerprint, generator_name, generator_key_hash,
                                       signer_thumbprint, mime_type, manifest_store, manifest_json, created_at_ms, prompt_digest)
                VALUES ($manifest_id, $watermark_id, $content_hash, $fingerprint, $generator_name, $generator_key_hash,
                        $signer_thumbprint, $mime_type, $manifest_store, $manifest_json, $created_at_ms, $prompt_digest);
                """;
            command.Parameters.AddWithValue("$manifest_id", record.ManifestId);
            command.Parameters.AddWithValue("$watermark_id", record.WatermarkId);
            command.Parameters.AddWithValue("$content_hash", record.ContentHash);
            command.Parameters.AddWithValue("$fingerprint", record.Fingerprint);
            command.Parameters.AddWithValue("$generator_name", record.GeneratorName);
            command.Parameters.AddWithValue("$generator_key_hash", record.GeneratorKeyHash);
            command.Parameters.AddWithValue("$signer_thumbprint", record.SignerThumbprint);
            command.Parameters.AddWithValue("$mime_type", record.MimeType);
            command.Parameters.AddWithValue("$manifest_store", record.ManifestStore);
            command.Parameters.AddWithValue("$manifest_json", record.ManifestJson);
            command.Parameters.AddWithValue("$created_at_ms", record.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$prompt_digest", (object?)record.PromptDigest ?? DBNull.Value);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint && e.Message.Contains("manifests.watermark_id", StringComparison.Ordinal))
            {
                throw new DuplicateWatermarkIdException(record.WatermarkId);
            }
        }
        InsertAudit(connection, transaction, audit);
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<ManifestRecord?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken) =>
        Task.FromResult(FindManifest("manifest_id", manifestId));

    public Task<ManifestRecord?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken) =>
        Task.FromResult(FindManifest("watermark_id", watermarkId));

    public Task AddReportAsync(VerificationReport report, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reports (report_id, created_at_ms, platform, content_hash, verdict, status_codes,
                                 watermark_id, manifest_id, mime_type, aigc_label)
            VALUES ($report_id, $created_at_ms, $platform, $content_hash, $verdict, $status_codes,
                    $watermark_id, $manifest_id, $mime_type, $aigc_label);
            """;
        command.Parameters.AddWithValue("$report_id", report.ReportId);
        command.Parameters.AddWithValue("$created_at_ms", report.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$platform", report.Platform);
        command.Parameters.AddWithValue("$content_hash", report.ContentHash);
        command.Parameters.AddWithValue("$verdict", report.Verdict);
        command.Parameters.AddWithValue("$status_codes", JsonSerializer.Serialize(report.StatusCodes));
        command.Parameters.AddWithValue("$watermark_id", (object?)report.WatermarkId ?? DBNull.Value);
        command.Parameters.AddWithValue("$manifest_id", (object?)report.ManifestId ?? DBNull.Value);
        command.Parameters.AddWithValue("$mime_type", report.MimeType);
        command.Parameters.AddWithValue("$aigc_label", (object?)report.AigcLabel ?? DBNull.Value);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<ReportPage> ListReportsAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Verdict is not null)
        {
            where.Add("verdict = $verdict");
            command.Parameters.AddWithValue("$verdict", query.Verdict);
        }
        if (query.Platform is not null)
        {
            where.Add("platform = $platform");
            command.Parameters.AddWithValue("$platform", query.Platform);
        }
        if (query.Since is { } since)
        {
            where.Add("created_at_ms >= $since");
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        }
        if (query.Until is { } until)
        {
            where.Add("created_at_ms < $until");
            command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        }
        if (query.After is { } after)
        {
            where.Add("(created_at_ms < $after_ms OR (created_at_ms = $after_ms AND report_id < $after_id))");
            command.Parameters.AddWithValue("$after_ms", after.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$after_id", after.ReportId);
        }
        command.CommandText = $"""
            SELECT report_id, created_at_ms, platform, content_hash, verdict, status_codes, watermark_id, manifest_id,
                   mime_type, aigc_label
            FROM reports
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY created_at_ms DESC, report_id DESC
            LIMIT $limit;
            """;
        // One more than a page tells whether there is a next page without a second query.
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);

        var reports = new List<VerificationReport>(query.PageSize + 1);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                reports.Add(new VerificationReport(
                    reader.GetString(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(5)) ?? [],
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
        }
        ReportCursor? next = null;
        if (reports.Count > query.PageSize)
        {
            reports.RemoveAt(reports.Count - 1);
            var last = reports[^1];
            next = new ReportCursor(last.CreatedAt, last.ReportId);
        }
        return Task.FromResult(new ReportPage(reports, next));
    }

    public Task AppendAuditAsync(SignAuditEntry entry, CancellationToken cancellationToken)
    {
        using var connection = Open();
        InsertAudit(connection, transaction: null, entry);
        return Task.CompletedTask;
    }

    private static void InsertAudit(SqliteConnection connection, SqliteTransaction? transaction, SignAuditEntry entry)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO sign_audit (at_ms, generator, outcome, manifest_id, watermark_id, content_hash, input_bytes, detail)
            VALUES ($at_ms, $generator, $outcome, $manifest_id, $watermark_id, $content_hash, $input_bytes, $detail);
            """;
        command.Parameters.AddWithValue("$at_ms", entry.At.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$generator", entry.Generator);
        command.Parameters.AddWithValue("$outcome", entry.Outcome);
        command.Parameters.AddWithValue("$manifest_id", (object?)entry.ManifestId ?? DBNull.Value);
        command.Parameters.AddWithValue("$watermark_id", (object?)entry.WatermarkId ?? DBNull.Value);
        command.Parameters.AddWithValue("$content_hash", (object?)entry.ContentHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$input_bytes", entry.InputBytes);
        command.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs SQLite's own consistency check; "ok" when the file is sound.</summary>
    public string IntegrityCheck()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string?)command.ExecuteScalar() ?? "";
    }

    private ManifestRecord? FindManifest(string keyColumn, string key)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT manifest_id, watermark_id, content_hash, fingerprint, generator_name, generator_key_hash,
                   signer_thumbprint, mime_type, manifest_store, manifest_json, created_at_ms, prompt_digest
            FROM manifests WHERE {keyColumn} = $key;
            """;
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        return new ManifestRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            (byte[])reader.GetValue(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7),
            (byte[])reader.GetValue(8),
            reader.GetString(9),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
            reader.IsDBNull(11) ? null : (byte[])reader.GetValue(11));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // FULL: the WAL is synced at every commit, so a returned write survives power loss, not only a crash.
        pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
