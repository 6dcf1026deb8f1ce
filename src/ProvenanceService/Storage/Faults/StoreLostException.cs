namespace ProvenanceService.Storage.Faults;

/// <summary>
/// The database the service was using is gone or is not the same one any more (deleted, replaced, unreadable).
/// The store refuses every call from then on instead of writing into a file nobody will read again, and never
/// creates an empty database in its place: an operator has to restore it.
/// </summary>
internal sealed class StoreLostException(string message, Exception? inner = null) : StoreFaultException(message, inner);
