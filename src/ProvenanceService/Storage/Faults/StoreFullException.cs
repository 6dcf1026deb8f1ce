namespace ProvenanceService.Storage.Faults;

/// <summary>The database has no room for the write (disk or quota full). Retrying helps once space returns.</summary>
internal sealed class StoreFullException(string message, Exception? inner = null) : StoreFaultException(message, inner);
