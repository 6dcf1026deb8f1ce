using Microsoft.Data.Sqlite;
using ProvenanceService.Storage.Faults;

namespace ProvenanceService.Storage.Sqlite;

/// <summary>SQLite's result codes (https://www.sqlite.org/rescode.html) as the store's fault types.</summary>
internal static class SqliteFaults
{
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int IoError = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int NotADatabase = 26;

    /// <summary>SQLITE_CONSTRAINT_UNIQUE: a UNIQUE constraint other than the primary key failed.</summary>
    public const int UniqueConstraint = 2067;

    /// <summary>The fault this error is, or null when it is not one (constraint violations, SQL errors: bugs or the caller's).</summary>
    public static StoreFaultException? Translate(SqliteException e, string databasePath) => e.SqliteErrorCode switch
    {
        Full => new StoreFullException($"The disk holding {databasePath} is full; nothing was stored.", e),
        Busy or Locked => new StoreUnavailableException("The database stayed locked by another process past the store's wait; nothing was stored.", e),
        IoError => new StoreUnavailableException($"I/O error on {databasePath}: {e.Message}", e),
        // READONLY covers SQLITE_READONLY_DBMOVED, SQLite's own notice that the file was moved away.
        ReadOnly or Corrupt or NotADatabase or CantOpen =>
            new StoreLostException($"The database {databasePath} cannot be used any more ({e.Message}).", e),
        _ => null,
    };
}
