using ProvenanceService.Storage.Faults;
using ProvenanceService.Storage.Postgres;
using ProvenanceService.Tests.Storage;

namespace ProvenanceService.Tests.Storage.Postgres;

/// <summary>
/// A database server that goes down and comes back, on a cluster of this test's own (stopping the shared one would
/// break the other classes): calls fail UNAVAILABLE within the connect timeout, the store reports the problem for
/// health, and both clear once the server is back, without a restart of the service.
/// </summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task A_server_that_goes_down_is_unavailable_then_the_store_recovers_when_it_returns()
    {
        var connectionString = await _cluster.CreateDatabaseAsync();
        await using var store = await PostgresManifestStore.OpenAsync(connectionString, default);
        var before = ManifestStoreContract.Record("urn:c2pa:before", "0000000000000b0f");
        await store.AddSignedAsync(before, ManifestStoreContract.Audit(before), default);

        await _cluster.StopAsync();
        var during = ManifestStoreContract.Record("urn:c2pa:during", "000000000000d0d0");
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AddSignedAsync(during, ManifestStoreContract.Audit(during), default));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindByManifestIdAsync(before.ManifestId, default));
        Assert.NotNull(store.Problem);

        await _cluster.StartAsync();
        Assert.Equal(before.ManifestId, (await store.FindByWatermarkIdAsync(before.WatermarkId, default))?.ManifestId);
        Assert.Null(store.Problem);
        Assert.Null(await store.FindByManifestIdAsync(during.ManifestId, default));
        await store.AddSignedAsync(during, ManifestStoreContract.Audit(during), default);
    }
}
