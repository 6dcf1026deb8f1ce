using Microsoft.Data.Sqlite;
using ProvenanceService.Storage;
using ProvenanceService.Storage.Sqlite;

namespace ProvenanceService.Tests.Storage.Sqlite;

/// <summary>What only the SQLite store has: its schema versions, WAL mode, reopening (the contract is in SqliteStoreContractTests).</summary>

public sealed class SqliteManifestStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("provenance-store-").FullName;

    private string DatabasePath => Path.Combine(_directory, "provenance.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_database_at_schema_version_1_is_migrated_keeping_its_records()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // Version 1 exactly as it shipped: apply only the first migration.
            command.CommandText = SqliteSchema.MigrationScript(0) + "\nPRAGMA user_version = 1;" + """
                INSERT INTO manifests VALUES ('urn:c2pa:old', '00000000000000aa', 'h', x'01', 'g', 'k', 't', 'image/png', x'02', '{}', 1);
                """;
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var store = new SqliteManifestStore(DatabasePath);
        var old = await store.FindByWatermarkIdAsync("00000000000000aa", default);
        Assert.Equal("urn:c2pa:old", old?.ManifestId);
        Assert.Null(old?.PromptDigest);
    }

    [Fact]
    public void The_database_is_in_WAL_mode_at_the_current_schema_version()
    {
        var store = new SqliteManifestStore(DatabasePath);
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)command.ExecuteScalar());
        Assert.Equal(SqliteSchema.CurrentVersion, SqliteSchema.ReadVersion(connection));
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public async Task Reopening_keeps_the_data_and_does_not_migrate_again()
    {
        var first = new SqliteManifestStore(DatabasePath);
        await first.AddSignedAsync(Record("urn:c2pa:kept", "0000000000000002") with { PromptDigest = [9, 9] }, Audit(null), default);
        SqliteConnection.ClearAllPools();

        var second = new SqliteManifestStore(DatabasePath);
        Assert.Equal([9, 9], (await second.FindByManifestIdAsync("urn:c2pa:kept", default))?.PromptDigest);
    }

    [Fact]
    public void A_database_from_a_newer_build_is_refused()
    {
        _ = new SqliteManifestStore(DatabasePath);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1};";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteManifestStore(DatabasePath));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    private static SignAuditEntry Audit(ManifestRecord? record) => ManifestStoreContract.Audit(record);

    private static ManifestRecord Record(string manifestId, string watermarkId) => ManifestStoreContract.Record(manifestId, watermarkId);
}
