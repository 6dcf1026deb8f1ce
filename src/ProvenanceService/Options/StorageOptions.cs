using System.ComponentModel.DataAnnotations;

namespace ProvenanceService.Options;

/// <summary>
/// Where the service keeps its state (configuration section "Storage"; `--data-dir` sets DataDirectory).
/// <c>Storage:Provider</c> is <c>sqlite</c> (the embedded default: one file, one process) or <c>postgres</c>
/// (several replicas on one PostgreSQL database, <c>Storage:ConnectionString</c> in Npgsql's format).
/// </summary>
internal sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    [Required]
    public string Provider { get; set; } = Sqlite;

    /// <summary>The PostgreSQL connection string, e.g. <c>Host=db;Database=provenance;Username=provenance</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Directory of the SQLite database; relative paths are taken from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>File name of the database inside <see cref="DataDirectory"/>.</summary>
    [Required]
    public string DatabaseFile { get; set; } = "provenance.db";

    /// <summary>How long a SQLite call waits for a lock held by another process before it fails UNAVAILABLE.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a replica reads the revocations other replicas stored (PostgreSQL: the one-second promise).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RevocationSyncInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFile));

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the store is, for the start-up log line; never the connection string (it may hold a password).</summary>
    public string Describe() => IsPostgres ? "PostgreSQL" : "SQLite " + DatabasePath;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase) && !IsPostgres)
        {
            yield return new ValidationResult($"Storage:Provider must be '{Sqlite}' or '{Postgres}', not '{Provider}'.", [nameof(Provider)]);
        }
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is 'postgres'.", [nameof(ConnectionString)]);
        }
    }
}
