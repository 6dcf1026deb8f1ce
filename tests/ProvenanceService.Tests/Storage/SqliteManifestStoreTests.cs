using Microsoft.Data.Sqlite;
using ProvenanceService.Storage;
using ProvenanceService.Storage.Sqlite;

namespace ProvenanceService.Tests.Storage;

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
    public async Task A_stored_manifest_is_found_by_manifest_id_and_by_watermark_id()
    {
        var store = new SqliteManifestStore(DatabasePath);
        var record = Record("urn:c2pa:0b5f6c1e-0000-4000-8000-000000000001", "00112233aabbccdd");
        await store.AddSignedAsync(record, Audit(record), default);

        var byManifest = await store.FindByManifestIdAsync(record.ManifestId, default);
        var byWatermark = await store.FindByWatermarkIdAsync(record.WatermarkId, default);

        Assert.NotNull(byManifest);
        Assert.Equal(record.ManifestId, byWatermark?.ManifestId);
        Assert.Equal(record.Fingerprint, byManifest.Fingerprint);
        Assert.Equal(record.ManifestStore, byManifest.ManifestStore);
        Assert.Equal(record.CreatedAt.ToUnixTimeMilliseconds(), byManifest.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Null(await store.FindByWatermarkIdAsync("ffffffffffffffff", default));
    }

    [Fact]
    public async Task A_second_record_with_the_same_watermark_id_is_refused()
    {
        var store = new SqliteManifestStore(DatabasePath);
        await store.AddSignedAsync(Record("urn:c2pa:a", "0000000000000001"), Audit(null), default);

        var error = await Assert.ThrowsAsync<DuplicateWatermarkIdException>(
            () => store.AddSignedAsync(Record("urn:c2pa:b", "0000000000000001"), Audit(null), default));
        Assert.Equal("0000000000000001", error.WatermarkId);
        Assert.Null(await store.FindByManifestIdAsync("urn:c2pa:b", default));
        Assert.Equal(1L, Count("sign_audit")); // the refused record's audit line went with it
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

    [Fact]
    public async Task Reports_page_newest_first_and_filter_by_verdict_platform_and_time()
    {
        var store = new SqliteManifestStore(DatabasePath);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 25; i++)
        {
            await store.AddReportAsync(new VerificationReport(
                $"r{i:D3}", start.AddMinutes(i), i % 2 == 0 ? "alpha" : "beta", $"hash{i}",
                i % 3 == 0 ? "missing" : "tampered", ["assertion.dataHash.mismatch"], null, null, "image/jpeg", null), default);
        }

        var seen = new List<string>();
        ReportCursor? cursor = null;
        do
        {
            var page = await store.ListReportsAsync(new ReportQuery(null, null, null, null, 10, cursor), default);
            seen.AddRange(page.Reports.Select(r => r.ReportId));
            cursor = page.Next;
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"r{i:D3}"), seen);

        var filtered = await store.ListReportsAsync(
            new ReportQuery("missing", "alpha", start.AddMinutes(6), start.AddMinutes(18), 50, null), default);
        // i in [6, 18), even (alpha), divisible by 3 (missing): 6, 12.
        Assert.Equal(["r012", "r006"], filtered.Reports.Select(r => r.ReportId));
        Assert.Null(filtered.Next);
        Assert.Equal(["assertion.dataHash.mismatch"], filtered.Reports[0].StatusCodes);
    }

    [Fact]
    public async Task The_audit_log_accepts_appends_and_refuses_updates_and_deletes()
    {
        var store = new SqliteManifestStore(DatabasePath);
        await store.AppendAuditAsync(new SignAuditEntry(DateTimeOffset.UtcNow, "gen", "ok", "urn:c2pa:x", "0000000000000003", "h", 10, null), default);
        await store.AppendAuditAsync(new SignAuditEntry(DateTimeOffset.UtcNow, "gen", "INVALID_ARGUMENT", null, null, null, 5, "not an image"), default);

        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sign_audit;";
        Assert.Equal(2L, (long)count.ExecuteScalar()!);

        foreach (var sql in new[] { "UPDATE sign_audit SET outcome = 'ok';", "DELETE FROM sign_audit;" })
        {
            using var tamper = connection.CreateCommand();
            tamper.CommandText = sql;
            var error = Assert.Throws<SqliteException>(() => tamper.ExecuteNonQuery());
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
    }

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table};";
        return (long)command.ExecuteScalar()!;
    }

    private static SignAuditEntry Audit(ManifestRecord? record) =>
        new(DateTimeOffset.UtcNow, "gen", "ok", record?.ManifestId, record?.WatermarkId, record?.ContentHash, 100, null);

    private static ManifestRecord Record(string manifestId, string watermarkId) => new(
        manifestId, watermarkId, "ab".PadRight(64, '0'), [1, 2, 3, 4, 5, 6, 7, 8], "Example Image Generator",
        "cd".PadRight(64, '0'), "ef".PadRight(64, '0'), "image/jpeg", [0x00, 0x00, 0x00, 0x08, 0x6A, 0x75, 0x6D, 0x62],
        """{"claim":{}}""", new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
}
