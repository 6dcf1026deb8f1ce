namespace ProvenanceService.Storage.Faults;

/// <summary>
/// The store could not do what was asked for a reason that is not the caller's: the database is full, out of
/// reach, or gone. Each kind has its own type so that the host maps it to its own status (never INTERNAL) and
/// the caller knows whether to retry. Nothing was stored when one of these is thrown from a write: a write
/// either commits and returns, or throws.
/// </summary>
internal abstract class StoreFaultException(string message, Exception? inner) : Exception(message, inner);
