using ProvenanceService.Options;
using ProvenanceService.Storage.Postgres;
using ProvenanceService.Storage.Sqlite;

namespace ProvenanceService.Storage;

/// <summary>The store that <see cref="StorageOptions"/> choose, opened (and migrated) before the service takes calls.</summary>
internal static class ManifestStores
{
    public static IManifestStore Open(StorageOptions options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("ProvenanceService.Storage");
        return options.IsPostgres
            ? PostgresManifestStore.OpenAsync(options.ConnectionString!, CancellationToken.None, logger).GetAwaiter().GetResult()
            : new SqliteManifestStore(options.DatabasePath, options.BusyTimeout, logger);
    }
}
