using ProvenanceService.Storage;

namespace ProvenanceService.Tests.Storage;

/// <summary>
/// What every <see cref="IManifestStore"/> must do, run against each implementation (SqliteStoreContractTests,
/// PostgresStoreContractTests). A subclass gives a fresh, empty store per test and a way to read and tamper with
/// the tables the contract cannot see through the interface (the audit log).
/// </summary>
public abstract class ManifestStoreContract : IAsyncLifetime
{
    private IManifestStore? _store;

    internal IManifestStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>A new store on an empty database.</summary>
    internal abstract Task<IManifestStore> CreateStoreAsync();

    /// <summary>The number of lines in the Sign audit log, read with the database's own client.</summary>
    protected abstract Task<long> CountAuditLinesAsync();

    /// <summary>Runs a statement on the store's database with its own client; the database's error is thrown as is.</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_stored_manifest_is_found_by_manifest_id_and_by_watermark_id()
    {
        var record = Record("urn:c2pa:0b5f6c1e-0000-4000-8000-000000000001", "00112233aabbccdd") with { PromptDigest = [.. Enumerable.Range(0, 32).Select(i => (byte)i)] };
        await Store.AddSignedAsync(record, Audit(record), default);

        var byManifest = await Store.FindByManifestIdAsync(record.ManifestId, default);
        var byWatermark = await Store.FindByWatermarkIdAsync(record.WatermarkId, default);

        Assert.NotNull(byManifest);
        Assert.Equal(record.ManifestId, byWatermark?.ManifestId);
        Assert.Equal(record.Fingerprint, byManifest.Fingerprint);
        Assert.Equal(record.ManifestStore, byManifest.ManifestStore);
        Assert.Equal(record.ManifestJson, byManifest.ManifestJson);
        Assert.Equal(record.PromptDigest, byManifest.PromptDigest);
        Assert.Equal((record.GeneratorName, record.GeneratorKeyHash, record.SignerThumbprint, record.MimeType, record.ContentHash),
            (byManifest.GeneratorName, byManifest.GeneratorKeyHash, byManifest.SignerThumbprint, byManifest.MimeType, byManifest.ContentHash));
        Assert.Equal(record.CreatedAt, byManifest.CreatedAt);
        Assert.Null(await Store.FindByWatermarkIdAsync("ffffffffffffffff", default));
        Assert.Null(await Store.FindByManifestIdAsync("urn:c2pa:absent", default));
        Assert.Equal(1L, await CountAuditLinesAsync());
    }

    [Fact]
    public async Task A_record_without_a_prompt_digest_reads_back_without_one()
    {
        await Store.AddSignedAsync(Record("urn:c2pa:np", "0000000000000009"), Audit(null), default);
        Assert.Null((await Store.FindByManifestIdAsync("urn:c2pa:np", default))?.PromptDigest);
    }

    [Fact]
    public async Task A_second_record_with_the_same_watermark_id_is_refused_with_its_audit_line()
    {
        await Store.AddSignedAsync(Record("urn:c2pa:a", "0000000000000001"), Audit(null), default);

        var error = await Assert.ThrowsAsync<DuplicateWatermarkIdException>(
            () => Store.AddSignedAsync(Record("urn:c2pa:b", "0000000000000001"), Audit(null), default));
        Assert.Equal("0000000000000001", error.WatermarkId);
        Assert.Null(await Store.FindByManifestIdAsync("urn:c2pa:b", default));
        Assert.Equal(1L, await CountAuditLinesAsync()); // the refused record's audit line went with it
    }

    [Fact]
    public async Task A_repeated_manifest_id_is_not_mistaken_for_a_watermark_collision()
    {
        await Store.AddSignedAsync(Record("urn:c2pa:same", "0000000000000004"), Audit(null), default);

        // Another constraint (the primary key) failing must not send Sign into drawing new watermark IDs.
        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => Store.AddSignedAsync(Record("urn:c2pa:same", "0000000000000005"), Audit(null), default));
        Assert.IsNotType<DuplicateWatermarkIdException>(error);
        Assert.Null(await Store.FindByWatermarkIdAsync("0000000000000005", default));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_watermark_id_store_exactly_one()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.AddSignedAsync(Record($"urn:c2pa:race-{i}", "00000000000000ee"), Audit(null), default);
                return true;
            }
            catch (DuplicateWatermarkIdException)
            {
                return false;
            }
        })).ToList();

        var stored = await Task.WhenAll(attempts);
        Assert.Single(stored, s => s);
        var winner = await Store.FindByWatermarkIdAsync("00000000000000ee", default);
        Assert.Equal($"urn:c2pa:race-{Array.IndexOf(stored, true)}", winner?.ManifestId);
        Assert.Equal(1L, await CountAuditLinesAsync());
    }

    [Fact]
    public async Task A_cancelled_call_stores_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.AddSignedAsync(Record("urn:c2pa:c", "0000000000000006"), Audit(null), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.FindByManifestIdAsync("urn:c2pa:c", cancelled.Token));
        Assert.Null(await Store.FindByManifestIdAsync("urn:c2pa:c", default));
        Assert.Equal(0L, await CountAuditLinesAsync());
    }

    [Fact]
    public async Task Reports_page_newest_first_and_filter_by_verdict_platform_and_time()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 25; i++)
        {
            await Store.AddReportAsync(new VerificationReport(
                $"r{i:D3}", start.AddMinutes(i), i % 2 == 0 ? "alpha" : "beta", $"hash{i}",
                i % 3 == 0 ? "missing" : "tampered", ["assertion.dataHash.mismatch", "claimSignature.mismatch"],
                i == 4 ? "00000000000000ab" : null, i == 4 ? "urn:c2pa:r4" : null, "image/jpeg", i == 4 ? "1" : null), default);
        }
        // Two reports in the same millisecond: the report id breaks the tie, and paging still sees both.
        await Store.AddReportAsync(new VerificationReport("r024b", start.AddMinutes(24), "alpha", "h", "missing", [], null, null, "image/png", null), default);

        var seen = new List<string>();
        ReportCursor? cursor = null;
        do
        {
            var page = await Store.ListReportsAsync(new ReportQuery(null, null, null, null, 10, cursor), default);
            Assert.True(page.Reports.Count <= 10);
            seen.AddRange(page.Reports.Select(r => r.ReportId));
            cursor = page.Next;
        }
        while (cursor is not null);
        Assert.Equal(new[] { "r024b" }.Concat(Enumerable.Range(0, 25).Reverse().Select(i => $"r{i:D3}")), seen);

        var filtered = await Store.ListReportsAsync(
            new ReportQuery("missing", "alpha", start.AddMinutes(6), start.AddMinutes(18), 50, null), default);
        // i in [6, 18), even (alpha), divisible by 3 (missing): 6, 12.
        Assert.Equal(["r012", "r006"], filtered.Reports.Select(r => r.ReportId));
        Assert.Null(filtered.Next);
        Assert.Equal(["assertion.dataHash.mismatch", "claimSignature.mismatch"], filtered.Reports[0].StatusCodes);

        var four = (await Store.ListReportsAsync(new ReportQuery("tampered", "alpha", start.AddMinutes(4), start.AddMinutes(5), 5, null), default)).Reports.Single();
        Assert.Equal(("00000000000000ab", "urn:c2pa:r4", "1", start.AddMinutes(4)), (four.WatermarkId, four.ManifestId, four.AigcLabel, four.CreatedAt));
        Assert.Empty((await Store.ListReportsAsync(new ReportQuery(null, null, null, null, 5, null), default)).Reports.Single(r => r.ReportId == "r024b").StatusCodes);
    }

    [Fact]
    public async Task The_audit_log_accepts_appends_and_refuses_updates_and_deletes()
    {
        await Store.AppendAuditAsync(new SignAuditEntry(DateTimeOffset.UtcNow, "gen", "OK", "urn:c2pa:x", "0000000000000003", "h", 10, null), default);
        await Store.AppendAuditAsync(new SignAuditEntry(DateTimeOffset.UtcNow, "gen", "INVALID_ARGUMENT", null, null, null, 5, "not an image"), default);
        Assert.Equal(2L, await CountAuditLinesAsync());

        foreach (var sql in new[] { "UPDATE sign_audit SET outcome = 'OK';", "DELETE FROM sign_audit;" })
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync(sql));
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(2L, await CountAuditLinesAsync());
    }

    [Fact]
    public async Task A_revocation_is_stored_once_and_the_first_one_is_kept()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var first = new StoredRevocation(RevocationKinds.GeneratorKey, "AB".PadRight(64, '0'), "Example Image Generator", at, "key leaked");
        Assert.True(await Store.AddRevocationAsync(first, default));
        Assert.False(await Store.AddRevocationAsync(first with { Reason = "again", Key = first.Key.ToLowerInvariant() }, default));
        Assert.True(await Store.AddRevocationAsync(new StoredRevocation(RevocationKinds.SignerCertificate, first.Key.ToLowerInvariant(), "CN=signer", at, "HSM lost"), default));

        var all = await Store.ListRevocationsAsync(default);
        Assert.Equal(2, all.Count);
        Assert.Equal(first with { Key = first.Key.ToLowerInvariant() }, all[0]);
        Assert.Equal(RevocationKinds.SignerCertificate, all[1].Kind);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("DELETE FROM revocations;"));
        Assert.Contains("revocations", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Store.ListRevocationsAsync(default)).Count);
    }

    [Fact]
    public async Task A_healthy_store_reports_no_problem()
    {
        await Store.AppendAuditAsync(new SignAuditEntry(DateTimeOffset.UtcNow, "gen", "OK", null, null, null, 1, null), default);
        Assert.Null(Store.Problem);
    }

    internal static SignAuditEntry Audit(ManifestRecord? record) =>
        new(DateTimeOffset.UtcNow, "gen", "OK", record?.ManifestId, record?.WatermarkId, record?.ContentHash, 100, null);

    internal static ManifestRecord Record(string manifestId, string watermarkId) => new(
        manifestId, watermarkId, "ab".PadRight(64, '0'), [1, 2, 3, 4, 5, 6, 7, 8], "Example Image Generator",
        "cd".PadRight(64, '0'), "ef".PadRight(64, '0'), "image/jpeg", [0x00, 0x00, 0x00, 0x08, 0x6A, 0x75, 0x6D, 0x62],
        """{"claim":{}}""", new DateTimeOffset(2026, 11, 22, 10, 0, 0, 123, TimeSpan.Zero));
}
