using Microsoft.Data.Sqlite;
using ProvenanceService.Storage;
using ProvenanceService.Storage.Sqlite;

namespace ProvenanceService.Tests.Storage.Sqlite;

/// <summary>The store contract on the embedded SQLite store, one fresh file per test.</summary>
public sealed class SqliteStoreContractTests : ManifestStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("provenance-store-").FullName;

    private string DatabasePath => Path.Combine(_directory, "provenance.db");

    internal override Task<IManifestStore> CreateStoreAsync() => Task.FromResult<IManifestStore>(new SqliteManifestStore(DatabasePath));

    protected override async Task<long> CountAuditLinesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sign_audit;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
