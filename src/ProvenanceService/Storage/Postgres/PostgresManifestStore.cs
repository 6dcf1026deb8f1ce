using Npgsql;
using NpgsqlTypes;
using ProvenanceService.Storage.Faults;

namespace ProvenanceService.Storage.Postgres;

/// <summary>
/// The store on a PostgreSQL server, shared by every replica of the service. A write returns once PostgreSQL has
/// committed it (durable with the server's default <c>synchronous_commit=on</c>). Watermark IDs are unique by
/// the database's constraint, so concurrent Signs on different replicas can never both store one ID: the loser
/// gets <see cref="DuplicateWatermarkIdException"/> and draws another.
/// </summary>
internal sealed class PostgresManifestStore : IManifestStore, IAsyncDisposable
{
    private const string WatermarkIdConstraint = "manifests_watermark_id_key";
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger? _logger;
    private volatile string? _problem;

    private PostgresManifestStore(NpgsqlDataSource dataSource, ILogger? logger)
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <summary>Connects, applies missing migrations (once, whichever replica gets there first) and returns the store.</summary>
    public static async Task<PostgresManifestStore> OpenAsync(string connectionString, CancellationToken cancellationToken, ILogger? logger = null)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (PostgresFaults.Translate(e) is { } fault)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw fault;
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new PostgresManifestStore(dataSource, logger);
    }

    /// <summary>The last fault that said the database cannot serve, cleared by the next call that succeeds.</summary>
    public string? Problem => _problem;

    public Task AddSignedAsync(ManifestRecord record, SignAuditEntry audit, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand("""
                INSERT INTO manifests (manifest_id, watermark_id, content_hash, fingerprint, generator_name, generator_key_hash,
                                       signer_thumbprint, mime_type, manifest_store, manifest_json, created_at_ms, prompt_digest)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);
                """, connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.ManifestId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.WatermarkId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.ContentHash });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = record.Fingerprint });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.GeneratorName });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.GeneratorKeyHash });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.SignerThumbprint });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.MimeType });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = record.ManifestStore });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.ManifestJson });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = record.CreatedAt.ToUnixTimeMilliseconds() });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.PromptDigest ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
                try
                {
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresFaults.UniqueViolation && e.ConstraintName == WatermarkIdConstraint)
                {
                    throw new DuplicateWatermarkIdException(record.WatermarkId, e);
                }
            }
            await InsertAuditAsync(connection, transaction, audit, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<ManifestRecord?> FindByManifestIdAsync(string manifestId, CancellationToken cancellationToken) =>
        RunAsync((connection, ct) => FindManifestAsync(connection, "manifest_id", manifestId, ct), cancellationToken);

    public Task<ManifestRecord?> FindByWatermarkIdAsync(string watermarkId, CancellationToken cancellationToken) =>
        RunAsync((connection, ct) => FindManifestAsync(connection, "watermark_id", watermarkId, ct), cancellationToken);

    public Task AddReportAsync(VerificationReport report, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO reports (report_id, created_at_ms, platform, content_hash, verdict, status_codes,
                                     watermark_id, manifest_id, mime_type, aigc_label)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.ReportId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = report.CreatedAt.ToUnixTimeMilliseconds() });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.Platform });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.ContentHash });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.Verdict });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. report.StatusCodes] });
            command.Parameters.Add(Text(report.WatermarkId));
            command.Parameters.Add(Text(report.ManifestId));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.MimeType });
            command.Parameters.Add(Text(report.AigcLabel));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<ReportPage> ListReportsAsync(ReportQuery query, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            var where = new List<string>();
            void Filter(string condition, object value)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
                where.Add(condition.Replace("@", "$" + command.Parameters.Count, StringComparison.Ordinal));
            }
            if (query.Verdict is not null)
            {
                Filter("verdict = @", query.Verdict);
            }
            if (query.Platform is not null)
            {
                Filter("platform = @", query.Platform);
            }
            if (query.Since is { } since)
            {
                Filter("created_at_ms >= @", since.ToUnixTimeMilliseconds());
            }
            if (query.Until is { } until)
            {
                Filter("created_at_ms < @", until.ToUnixTimeMilliseconds());
            }
            if (query.After is { } after)
            {
                // A row comparison walks the (created_at_ms DESC, report_id DESC) index from the cursor on.
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.CreatedAt.ToUnixTimeMilliseconds() });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after.ReportId });
                where.Add($"(created_at_ms, report_id) < (${command.Parameters.Count - 1}, ${command.Parameters.Count})");
            }
            // One more than a page tells whether there is a next page without a second query.
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.PageSize + 1 });
            command.CommandText = $"""
                SELECT report_id, created_at_ms, platform, content_hash, verdict, status_codes, watermark_id, manifest_id,
                       mime_type, aigc_label
                FROM reports
                {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
                ORDER BY created_at_ms DESC, report_id DESC
                LIMIT ${command.Parameters.Count};
                """;
            var reports = new List<VerificationReport>(query.PageSize + 1);
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    reports.Add(ReportRows.Read(reader, reader.GetFieldValue<string[]>(ReportRows.StatusCodesColumn)));
                }
            }
            return ReportPage.FromOneExtra(reports, query.PageSize);
        }, cancellationToken);

    public Task AppendAuditAsync(SignAuditEntry entry, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await InsertAuditAsync(connection, transaction: null, entry, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<bool> AddRevocationAsync(StoredRevocation revocation, CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO revocations (kind, key, subject, at_ms, reason) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (kind, key) DO NOTHING;
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revocation.Kind });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revocation.Key.ToLowerInvariant() });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revocation.Subject });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = revocation.At.ToUnixTimeMilliseconds() });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revocation.Reason });
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<StoredRevocation>> ListRevocationsAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<StoredRevocation>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT kind, key, subject, at_ms, reason FROM revocations ORDER BY seq;", connection);
            var revocations = new List<StoredRevocation>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                revocations.Add(new StoredRevocation(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetString(4)));
            }
            return revocations;
        }, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task InsertAuditAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SignAuditEntry entry, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO sign_audit (at_ms, generator, outcome, manifest_id, watermark_id, content_hash, input_bytes, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.At.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Generator });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Outcome });
        command.Parameters.Add(Text(entry.ManifestId));
        command.Parameters.Add(Text(entry.WatermarkId));
        command.Parameters.Add(Text(entry.ContentHash));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.InputBytes });
        command.Parameters.Add(Text(entry.Detail));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<ManifestRecord?> FindManifestAsync(NpgsqlConnection connection, string keyColumn, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT manifest_id, watermark_id, content_hash, fingerprint, generator_name, generator_key_hash,
                   signer_thumbprint, mime_type, manifest_store, manifest_json, created_at_ms, prompt_digest
            FROM manifests WHERE {keyColumn} = $1;
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }
        return new ManifestRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetFieldValue<byte[]>(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7),
            reader.GetFieldValue<byte[]>(8),
            reader.GetString(9),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
            reader.IsDBNull(11) ? null : reader.GetFieldValue<byte[]>(11));
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var result = await body(connection, cancellationToken).ConfigureAwait(false);
            if (_problem is not null)
            {
                _problem = null;
                _logger?.LogWarning("The database serves again");
            }
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (NpgsqlException e) when (PostgresFaults.Translate(e) is { } fault)
        {
            if (fault is StoreUnavailableException or StoreLostException)
            {
                if (_problem is null)
                {
                    // Once per outage; the calls that fail meanwhile carry the reason to their callers.
                    _logger?.LogError("The database cannot serve: {Problem}", fault.Message);
                }
                _problem = fault.Message;
                // Idle pooled connections to a server that went away are broken too: the next call opens fresh ones.
                _dataSource.Clear();
            }
            throw fault;
        }
    }
}
