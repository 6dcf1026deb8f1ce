using ProvenanceService.Options;
using ProvenanceService.Storage.Postgres;
using ProvenanceService.Storage.Sqlite;

namespace ProvenanceService.Storage;

/// <summary>The store that <see cref="StorageOptions"/> choose, opened (and migrated) before the service takes calls.</summary>
internal static class ManifestStores
{
    public static IManifestStore Open(StorageOptions options) => options.IsPostgres
        ? PostgresManifestStore.OpenAsync(options.ConnectionString!, CancellationToken.None).GetAwaiter().GetResult()
        : new SqliteManifestStore(options.DatabasePath, options.BusyTimeout);
}
