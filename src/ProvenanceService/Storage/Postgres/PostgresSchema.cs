using Npgsql;

namespace ProvenanceService.Storage.Postgres;

/// <summary>
/// Versioned schema migrations for PostgreSQL, recorded in <c>schema_migrations</c>. Several replicas may start
/// at once against one database: each takes the same transaction-scoped advisory lock first, so one applies the
/// missing steps and the others, once it commits, find nothing left to do. All steps of a start run in that one
/// transaction (PostgreSQL's DDL is transactional), so a crash mid-migration leaves the previous version intact.
/// Steps are never edited once released; a change is a new step.
/// </summary>
/// <remarks>
/// Times are milliseconds since the Unix epoch in <c>bigint</c>, as in the SQLite schema: the report page token
/// carries milliseconds, and keyset paging must compare exactly what the token holds.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key of migrations: "provenan" in ASCII, so that it collides with nothing by chance.</summary>
    private const long MigrationLock = 0x70726F76656E616E;

    private static readonly string[] Migrations =
    [
        // 1: manifests, verification reports, the append-only Sign audit log, the shared revocations.
        """
        CREATE TABLE manifests (
            manifest_id        text   PRIMARY KEY,
            watermark_id       text   NOT NULL CONSTRAINT manifests_watermark_id_key UNIQUE,
            content_hash       text   NOT NULL,
            fingerprint        bytea  NOT NULL,
            generator_name     text   NOT NULL,
            generator_key_hash text   NOT NULL,
            signer_thumbprint  text   NOT NULL,
            mime_type          text   NOT NULL,
            manifest_store     bytea  NOT NULL,
            manifest_json      text   NOT NULL,
            created_at_ms      bigint NOT NULL,
            prompt_digest      bytea
        );
        CREATE INDEX manifests_by_content_hash ON manifests (content_hash);

        CREATE TABLE reports (
            report_id     text   PRIMARY KEY,
            created_at_ms bigint NOT NULL,
            platform      text   NOT NULL,
            content_hash  text   NOT NULL,
            verdict       text   NOT NULL,
            status_codes  text[] NOT NULL,
            watermark_id  text,
            manifest_id   text,
            mime_type     text   NOT NULL,
            aigc_label    text
        );
        CREATE INDEX reports_by_time     ON reports (created_at_ms DESC, report_id DESC);
        CREATE INDEX reports_by_verdict  ON reports (verdict, created_at_ms DESC, report_id DESC);
        CREATE INDEX reports_by_platform ON reports (platform, created_at_ms DESC, report_id DESC);

        CREATE TABLE sign_audit (
            seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at_ms        bigint NOT NULL,
            generator    text   NOT NULL,
            outcome      text   NOT NULL,
            manifest_id  text,
            watermark_id text,
            content_hash text,
            input_bytes  bigint NOT NULL,
            detail       text
        );

        CREATE TABLE revocations (
            seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind    text   NOT NULL,
            key     text   NOT NULL,
            subject text   NOT NULL,
            at_ms   bigint NOT NULL,
            reason  text   NOT NULL,
            UNIQUE (kind, key)
        );

        -- The audit log and the revocations only grow: updates, deletes and truncation are refused by the
        -- database itself, whoever connects (the labeling rules ask for Sign logs to be kept).
        CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END $$;
        CREATE TRIGGER sign_audit_is_append_only BEFORE UPDATE OR DELETE ON sign_audit
            FOR EACH ROW EXECUTE FUNCTION refuse_change();
        CREATE TRIGGER sign_audit_is_not_truncated BEFORE TRUNCATE ON sign_audit
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
        CREATE TRIGGER revocations_are_final BEFORE UPDATE OR DELETE ON revocations
            FOR EACH ROW EXECUTE FUNCTION refuse_change();
        CREATE TRIGGER revocations_are_not_truncated BEFORE TRUNCATE ON revocations
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; refuses a database from a newer build.</summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock});", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken).ConfigureAwait(false);
        var version = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database has schema version {version}, newer than this build's {CurrentVersion}; refusing to use it.");
        }
        for (var step = version; step < CurrentVersion; step++)
        {
            await ExecuteAsync(connection, Migrations[step], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version) VALUES ({step + 1});", cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations;", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
