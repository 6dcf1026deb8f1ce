using System.Net.Sockets;
using Npgsql;
using ProvenanceService.Storage.Faults;

namespace ProvenanceService.Storage.Postgres;

/// <summary>
/// PostgreSQL's SQLSTATE codes (https://www.postgresql.org/docs/15/errcodes-appendix.html) and Npgsql's connection
/// failures as the store's fault types.
/// </summary>
internal static class PostgresFaults
{
    public const string UniqueViolation = "23505";

    /// <summary>The fault this error is, or null when it is not one (constraint violations, SQL errors: bugs or the caller's).</summary>
    public static StoreFaultException? Translate(NpgsqlException e) => e switch
    {
        PostgresException pg => pg.SqlState switch
        {
            "53100" => new StoreFullException("The database server's disk is full; nothing was stored.", e),
            // Insufficient resources (memory, connections), connection failures, shutdown, a standby that cannot
            // write, lock, deadlock and statement timeouts: another replica or a later try may succeed.
            _ when pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
                || pg.SqlState is "25006" or "40001" or "40P01" or "55P03" or "57014" =>
                new StoreUnavailableException($"The database cannot serve the call now ({pg.SqlState}: {pg.MessageText}).", e),
            // The database or its tables are gone: an operator has to restore them.
            "3D000" or "42P01" => new StoreLostException($"The database is missing or incomplete ({pg.SqlState}: {pg.MessageText}).", e),
            _ => null,
        },
        // Not an error from the server: the connection could not be made or broke (refused, reset, timed out).
        _ when e.IsTransient || e.InnerException is SocketException or IOException or TimeoutException =>
            new StoreUnavailableException($"The database cannot be reached: {e.Message}", e),
        _ => null,
    };
}
