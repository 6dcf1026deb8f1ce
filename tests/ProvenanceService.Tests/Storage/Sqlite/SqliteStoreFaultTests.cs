using Microsoft.Data.Sqlite;
using ProvenanceService.Storage;
using ProvenanceService.Storage.Faults;
using ProvenanceService.Storage.Sqlite;

namespace ProvenanceService.Tests.Storage.Sqlite;

/// <summary>
/// The SQLite store when its file or its disk fails under it: each fault is its own type (full, unavailable,
/// lost), a lost database is never silently re-created, and nothing a write acknowledged goes missing.
/// </summary>
public sealed class SqliteStoreFaultTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("provenance-store-").FullName;

    private string DatabasePath => Path.Combine(_directory, "provenance.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_database_deleted_under_the_store_refuses_every_call_and_is_not_recreated()
    {
        var store = new SqliteManifestStore(DatabasePath);
        await store.AddSignedAsync(ManifestStoreContract.Record("urn:c2pa:1", "0000000000000001"), ManifestStoreContract.Audit(null), default);
        Assert.Null(store.Problem);

        File.Delete(DatabasePath);

        Assert.Contains("deleted", store.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreLostException>(
            () => store.AddSignedAsync(ManifestStoreContract.Record("urn:c2pa:2", "0000000000000002"), ManifestStoreContract.Audit(null), default));
        await Assert.ThrowsAsync<StoreLostException>(() => store.FindByManifestIdAsync("urn:c2pa:1", default));
        Assert.False(File.Exists(DatabasePath));

        // A restart does not paper over the loss with an empty database either.
        SqliteConnection.ClearAllPools();
        var restart = Assert.Throws<StoreLostException>(() => new SqliteManifestStore(DatabasePath));
        Assert.Contains(SqliteManifestStore.MarkerSuffix, restart.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task A_database_replaced_under_the_store_is_reported_lost()
    {
        var store = new SqliteManifestStore(DatabasePath);
        var other = Path.Combine(_directory, "other.db");
        _ = new SqliteManifestStore(other);
        SqliteConnection.ClearAllPools();

        File.Move(other, DatabasePath, overwrite: true);

        Assert.Contains("replaced", store.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreLostException>(() => store.AppendAuditAsync(ManifestStoreContract.Audit(null), default));
    }

    [Fact]
    public void A_database_from_before_the_marker_gets_one_and_opens()
    {
        _ = new SqliteManifestStore(DatabasePath);
        SqliteConnection.ClearAllPools();
        File.Delete(DatabasePath + SqliteManifestStore.MarkerSuffix);

        var reopened = new SqliteManifestStore(DatabasePath);

        Assert.True(File.Exists(reopened.MarkerPath));
        Assert.Null(reopened.Problem);
    }

    [Fact]
    public async Task A_lock_held_by_another_process_fails_writes_as_unavailable_after_the_short_wait()
    {
        var store = new SqliteManifestStore(DatabasePath, busyTimeout: TimeSpan.FromSeconds(1));
        await using var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=1");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => store.AddSignedAsync(ManifestStoreContract.Record("urn:c2pa:l", "000000000000000a"), ManifestStoreContract.Audit(null), default));
        Assert.Contains("locked", error.Message, StringComparison.Ordinal);
        // WAL: readers are not blocked by the writer's lock.
        Assert.Null(await store.FindByManifestIdAsync("urn:c2pa:l", default));

        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        await store.AddSignedAsync(ManifestStoreContract.Record("urn:c2pa:l", "000000000000000a"), ManifestStoreContract.Audit(null), default);
    }

    [SkippableFact]
    public async Task A_full_disk_fails_writes_as_full_keeps_every_acknowledged_record_and_recovers()
    {
        using var disk = SmallTmpfs.TryMount(megabytes: 4, out var whyNot);
        Skip.If(disk is null, whyNot);
        var path = Path.Combine(disk.Path, "provenance.db");
        var store = new SqliteManifestStore(path);
        disk.Fill(leaveBytes: 512 * 1024);

        var acknowledged = new List<ManifestRecord>();
        StoreFullException? full = null;
        for (var i = 0; i < 1000 && full is null; i++)
        {
            // Manifest stores of 16 KiB: a few dozen fit in the space left.
            var record = ManifestStoreContract.Record($"urn:c2pa:full-{i}", i.ToString("x16")) with
            {
                ManifestStore = [.. Enumerable.Repeat((byte)(i % 251), 16 * 1024)],
            };
            try
            {
                await store.AddSignedAsync(record, ManifestStoreContract.Audit(record), default);
                acknowledged.Add(record);
            }
            catch (StoreFullException e)
            {
                full = e;
            }
        }
        Assert.NotNull(full);
        Assert.NotEmpty(acknowledged);
        Assert.Contains("full", full.Message, StringComparison.Ordinal);

        disk.FreeBallast();
        var after = ManifestStoreContract.Record("urn:c2pa:after", "ffffffffffff0000");
        await store.AddSignedAsync(after, ManifestStoreContract.Audit(after), default);

        SqliteConnection.ClearAllPools();
        var reopened = new SqliteManifestStore(path);
        Assert.Equal("ok", reopened.IntegrityCheck());
        foreach (var record in acknowledged.Append(after))
        {
            Assert.Equal(record.ManifestStore, (await reopened.FindByWatermarkIdAsync(record.WatermarkId, default))?.ManifestStore);
        }
    }
}
