using Npgsql;
using ProvenanceService.Storage;
using ProvenanceService.Storage.Postgres;

namespace ProvenanceService.Tests.Storage.Postgres;

/// <summary>The store contract on a real PostgreSQL 15 (<see cref="PostgresCluster"/>), one fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : ManifestStoreContract
{
    private string _connectionString = "";
    private PostgresManifestStore? _store;

    internal override async Task<IManifestStore> CreateStoreAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync();
        _store = await PostgresManifestStore.OpenAsync(_connectionString, default);
        return _store;
    }

    protected override async Task<long> CountAuditLinesAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM sign_audit;", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
