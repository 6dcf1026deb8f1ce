using Microsoft.Data.Sqlite;

namespace ProvenanceService.Storage.Sqlite;

/// <summary>
/// Versioned schema migrations, tracked in SQLite's <c>user_version</c>. Each step runs in its own transaction
/// together with the version bump, so a crash mid-migration leaves the previous version intact. Steps are never
/// edited once released; a change is a new step.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        // 1: manifests, verification reports, the append-only Sign audit log.
        """
        CREATE TABLE manifests (
            manifest_id        TEXT    PRIMARY KEY,
            watermark_id       TEXT    NOT NULL UNIQUE,
            content_hash       TEXT    NOT NULL,
            fingerprint        BLOB    NOT NULL,
            generator_name     TEXT    NOT NULL,
            generator_key_hash TEXT    NOT NULL,
            signer_thumbprint  TEXT    NOT NULL,
            mime_type          TEXT    NOT NULL,
            manifest_store     BLOB    NOT NULL,
            manifest_json      TEXT    NOT NULL,
            created_at_ms      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX manifests_by_content_hash ON manifests (content_hash);

        CREATE TABLE reports (
            report_id     TEXT    PRIMARY KEY,
            created_at_ms INTEGER NOT NULL,
            platform      TEXT    NOT NULL,
            content_hash  TEXT    NOT NULL,
            verdict       TEXT    NOT NULL,
            status_codes  TEXT    NOT NULL,
            watermark_id  TEXT,
            manifest_id   TEXT,
            mime_type     TEXT    NOT NULL,
            aigc_label    TEXT
        ) STRICT;
        CREATE INDEX reports_by_time     ON reports (created_at_ms DESC, report_id DESC);
        CREATE INDEX reports_by_verdict  ON reports (verdict, created_at_ms DESC, report_id DESC);
        CREATE INDEX reports_by_platform ON reports (platform, created_at_ms DESC, report_id DESC);

        CREATE TABLE sign_audit (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ms        INTEGER NOT NULL,
            generator    TEXT    NOT NULL,
            outcome      TEXT    NOT NULL,
            manifest_id  TEXT,
            watermark_id TEXT,
            content_hash TEXT,
            input_bytes  INTEGER NOT NULL,
            detail       TEXT
        ) STRICT;
        CREATE TRIGGER sign_audit_is_append_only_update BEFORE UPDATE ON sign_audit
            BEGIN SELECT RAISE(ABORT, 'sign_audit is append-only'); END;
        CREATE TRIGGER sign_audit_is_append_only_delete BEFORE DELETE ON sign_audit
            BEGIN SELECT RAISE(ABORT, 'sign_audit is append-only'); END;
        """,

        // 2: the prompt digest a generator may send, kept for audits.
        """
        ALTER TABLE manifests ADD COLUMN prompt_digest BLOB;
        """,

        // 3: revocations shared by every service on this database (StoredRevocation); final, so append-only too.
        """
        CREATE TABLE revocations (
            seq     INTEGER PRIMARY KEY AUTOINCREMENT,
            kind    TEXT    NOT NULL,
            key     TEXT    NOT NULL,
            subject TEXT    NOT NULL,
            at_ms   INTEGER NOT NULL,
            reason  TEXT    NOT NULL,
            UNIQUE (kind, key)
        ) STRICT;
        CREATE TRIGGER revocations_are_final_update BEFORE UPDATE ON revocations
            BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;
        CREATE TRIGGER revocations_are_final_delete BEFORE DELETE ON revocations
            BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; refuses a database from a newer build.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database has schema version {version}, newer than this build's {CurrentVersion}; refusing to open it.");
        }
        for (var step = version; step < CurrentVersion; step++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[step] + $"\nPRAGMA user_version = {step + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>The script of one step (0-based), for tests that build an older database.</summary>
    internal static string MigrationScript(int step) => Migrations[step];

    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
