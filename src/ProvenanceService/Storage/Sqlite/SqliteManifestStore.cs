using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ProvenanceService.Storage.Faults;

namespace ProvenanceService.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so every committed transaction
/// is on disk before the call that wrote it returns, and survives a kill -9 or a power cut. Connections are
/// pooled by Microsoft.Data.Sqlite; WAL lets Verify's reads run beside Sign's writes.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite's async methods complete synchronously (SQLite has no asynchronous I/O); the calls are
/// short (one indexed row, one fsync), and cancellation is honoured before each statement.
/// The file is guarded against disappearing under the service: it is only created when its marker
/// (<see cref="MarkerSuffix"/>) says it never existed, and every call first checks that the path still names the
/// file that was opened (<see cref="FileIdentity"/>). A deleted or replaced database makes every later call throw
/// <see cref="StoreLostException"/> (and <see cref="Problem"/> say so) until an operator restores it and restarts.
/// </remarks>
internal sealed class SqliteManifestStore : IManifestStore
{
    /// <summary>Beside the database: written once it is first created, so its later absence reads as a loss.</summary>
    public const string MarkerSuffix = ".created";

    /// <summary>How long a call waits for a lock another process holds before it fails as unavailable.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(3);

    private readonly string _connectionString;
    private readonly FileIdentity _identity;
    private readonly ILogger? _logger;

    /// <summary>
    /// One write transaction of this process at a time. SQLite has one writer per file; a second BEGIN IMMEDIATE
    /// from this process would get SQLITE_BUSY, and Microsoft.Data.Sqlite answers that by sleeping 150 ms before it
    /// retries, holding the call's admission slot with its core idle. Queued here, writers follow one another at
    /// once. Writers in other processes (replicas on one file) still meet the provider's retry.
    /// </summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile string? _lost;

    public SqliteManifestStore(string databasePath, TimeSpan? busyTimeout = null, ILogger? logger = null)
    {
        _logger = logger;
        DatabasePath = Path.GetFullPath(databasePath);
        MarkerPath = DatabasePath + MarkerSuffix;
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var creating = !File.Exists(DatabasePath);
        if (creating && File.Exists(MarkerPath))
        {
            throw new StoreLostException(
                $"The database {DatabasePath} existed (see {MarkerPath}) but is missing: refusing to start on an empty one, which would " +
                $"hide the loss of every stored record. Restore the file from a backup, or delete {MarkerPath} to start with an empty store.");
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Bounds both SQLite's busy wait and the provider's retries on a lock another process holds.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling((busyTimeout ?? DefaultBusyTimeout).TotalSeconds)),
        };
        try
        {
            using (var connection = new SqliteConnection(builder.ToString()))
            {
                connection.Open();
                ApplyPragmas(connection);
                using (var wal = connection.CreateCommand())
                {
                    // journal_mode is persistent in the file; the others are per connection (see ApplyPragmas).
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    var mode = (string?)wal.ExecuteScalar();
                    if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InvalidOperationException($"SQLite refused WAL mode for {DatabasePath} (got '{mode}').");
                    }
                }
                SqliteSchema.Migrate(connection);
            }
        }
        catch (SqliteException e) when (SqliteFaults.Translate(e, DatabasePath) is { } fault)
        {
            throw fault;
        }
        if (!File.Exists(MarkerPath))
        {
            WriteMarker();
        }
        _identity = FileIdentity.Of(DatabasePath) ?? throw new StoreLostException($"The database {DatabasePath} vanished while it was being opened.");
        // From now on the file must exist: a connection never creates it again.
        builder.Mode = SqliteOpenMode.ReadWrite;
        _connectionString = builder.ToString();
    }

    public string DatabasePath { get; }

    public string MarkerPath { get; }

    public string? Problem
    {
        get
        {
            if (_lost is null)
            {
                CheckFile();
            }
            return _lost;
        }
    }

    public Task AddSignedAsync(ManifestRecord record, SignAuditEntry audit, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, ct) =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var command = connection.CreateCommand())
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
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                // The primary key (manifest_id) fails with SQLITE_CONSTRAINT_PRIMARYKEY; watermark_id is the table's only UNIQUE.
                catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteFaults.UniqueConstraint)
                {
                    throw new DuplicateWatermarkIdException(record.WatermarkId, e);
                }
            }
            await InsertAuditAsync(connection, transaction, audit, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<ManifestRecord?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => FindManifestAsync(connection, "manifest_id", manifestId, ct), cancellationToken);

    public Task<ManifestRecord?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => FindManifestAsync(connection, "watermark_id", watermarkId, ct), cancellationToken);

    public Task AddReportAsync(VerificationReport report, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
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
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<ReportPage> ListReportsAsync(ReportQuery query, CancellationToken cancellationToken) =>
        ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
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
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    reports.Add(ReportRows.Read(reader, JsonSerializer.Deserialize<string[]>(reader.GetString(ReportRows.StatusCodesColumn)) ?? []));
                }
            }
            return ReportPage.FromOneExtra(reports, query.PageSize);
        }, cancellationToken);

    public Task AppendAuditAsync(SignAuditEntry entry, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, ct) =>
        {
            await InsertAuditAsync(connection, transaction: null, entry, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<bool> AddRevocationAsync(StoredRevocation revocation, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO revocations (kind, key, subject, at_ms, reason) VALUES ($kind, $key, $subject, $at_ms, $reason)
                ON CONFLICT (kind, key) DO NOTHING;
                """;
            command.Parameters.AddWithValue("$kind", revocation.Kind);
            command.Parameters.AddWithValue("$key", revocation.Key.ToLowerInvariant());
            command.Parameters.AddWithValue("$subject", revocation.Subject);
            command.Parameters.AddWithValue("$at_ms", revocation.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$reason", revocation.Reason);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<StoredRevocation>> ListRevocationsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StoredRevocation>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT kind, key, subject, at_ms, reason FROM revocations ORDER BY seq;";
            var revocations = new List<StoredRevocation>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                revocations.Add(new StoredRevocation(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetString(4)));
            }
            return revocations;
        }, cancellationToken);

    /// <summary>Runs SQLite's own consistency check; "ok" when the file is sound.</summary>
    public string IntegrityCheck()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string?)command.ExecuteScalar() ?? "";
    }

    private static async Task InsertAuditAsync(SqliteConnection connection, SqliteTransaction? transaction, SignAuditEntry entry, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
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
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<ManifestRecord?> FindManifestAsync(SqliteConnection connection, string keyColumn, string key, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT manifest_id, watermark_id, content_hash, fingerprint, generator_name, generator_key_hash,
                   signer_thumbprint, mime_type, manifest_store, manifest_json, created_at_ms, prompt_digest
            FROM manifests WHERE {keyColumn} = $key;
            """;
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
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

    private Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
        RunAsync(body, write: false, cancellationToken);

    private Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
        RunAsync(body, write: true, cancellationToken);

    private async Task<T> RunAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> body, bool write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfLost();
        T result;
        if (write)
        {
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            ApplyPragmas(connection);
            result = await body(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteFaults.Translate(e, DatabasePath) is { } fault)
        {
            if (fault is StoreLostException)
            {
                MarkLost(fault.Message);
            }
            throw fault;
        }
        finally
        {
            if (write)
            {
                _writeGate.Release();
            }
        }
        if (write)
        {
            // A commit that landed in a file deleted or replaced meanwhile would be lost at the next restart:
            // the caller must not be told it is stored.
            ThrowIfLost();
        }
        return result;
    }

    private void ThrowIfLost()
    {
        if (_lost is null)
        {
            CheckFile();
        }
        if (_lost is { } problem)
        {
            throw new StoreLostException(problem);
        }
    }

    private void CheckFile()
    {
        FileIdentity? now;
        try
        {
            now = FileIdentity.Of(DatabasePath);
        }
        catch (IOException e)
        {
            MarkLost($"The database {DatabasePath} cannot be examined: {e.Message}");
            return;
        }
        if (now is null)
        {
            MarkLost($"The database {DatabasePath} was deleted while the service was using it; writes are refused until it is restored and the service restarted.");
        }
        else if (now != _identity)
        {
            MarkLost($"The database {DatabasePath} was replaced by another file while the service was using it; writes are refused until the service is restarted on the intended file.");
        }
    }

    private void MarkLost(string problem)
    {
        if (_lost is null)
        {
            _lost = problem;
            _logger?.LogCritical("Store lost, every call is refused from now on: {Problem}", problem);
            // Pooled connections still point at the old file; none of them may be used again.
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
    }

    private void WriteMarker()
    {
        // Synced like the database, so a crash right after creation cannot leave a database without its marker.
        using var marker = new FileStream(MarkerPath, FileMode.CreateNew, FileAccess.Write);
        using (var writer = new StreamWriter(marker, leaveOpen: true))
        {
            writer.WriteLine($"{Path.GetFileName(DatabasePath)} was created here on {DateTimeOffset.UtcNow:O}.");
            writer.WriteLine("The service refuses to start while this file exists and the database does not: restore the database,");
            writer.WriteLine("or delete this file to start over with an empty one.");
        }
        marker.Flush(flushToDisk: true);
    }

    private static void ApplyPragmas(DbConnection connection)
    {
        using var pragmas = connection.CreateCommand();
        // FULL: the WAL is synced at every commit, so a returned write survives power loss, not only a crash.
        pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        pragmas.ExecuteNonQuery();
    }
}
