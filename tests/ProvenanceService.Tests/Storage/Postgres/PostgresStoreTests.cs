using System.Net;
using System.Net.Sockets;
using Npgsql;
using ProvenanceService.Storage.Faults;
using ProvenanceService.Storage.Postgres;

namespace ProvenanceService.Tests.Storage.Postgres;

/// <summary>What only the PostgreSQL store has: migrations raced by replicas, a server out of reach.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Replicas_starting_at_once_apply_each_migration_exactly_once()
    {
        var connectionString = await cluster.CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresManifestStore.OpenAsync(connectionString, default))));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version;", connection);
        var versions = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                versions.Add(reader.GetInt32(0));
            }
        }
        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), versions);
        foreach (var store in stores)
        {
            Assert.Null(await store.FindByWatermarkIdAsync("0000000000000001", default));
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await (await PostgresManifestStore.OpenAsync(connectionString, default)).DisposeAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"INSERT INTO schema_migrations (version) VALUES ({PostgresSchema.CurrentVersion + 1});", connection);
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresManifestStore.OpenAsync(connectionString, default));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_log_and_the_revocations_cannot_be_truncated()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await (await PostgresManifestStore.OpenAsync(connectionString, default)).DisposeAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "sign_audit", "revocations" })
        {
            await using var command = new NpgsqlCommand($"TRUNCATE {table};", connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal("23001", error.SqlState); // restrict_violation, raised by the trigger
        }
    }

    [Fact]
    public async Task A_server_out_of_reach_is_unavailable_not_an_internal_error()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var connectionString = $"Host=127.0.0.1;Port={closedPort};Username=postgres;Database=postgres;Timeout=3";

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => PostgresManifestStore.OpenAsync(connectionString, default));
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_table_makes_calls_fail_as_lost_and_the_problem_shows_in_health()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = await PostgresManifestStore.OpenAsync(connectionString, default);
        Assert.Null(store.Problem);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("DROP TABLE manifests;", connection);
            await command.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<StoreLostException>(() => store.FindByWatermarkIdAsync("0000000000000001", default));
        Assert.NotNull(store.Problem);
    }
}
