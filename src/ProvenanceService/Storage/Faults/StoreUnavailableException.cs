namespace ProvenanceService.Storage.Faults;

/// <summary>
/// The database cannot be reached or stayed locked past the store's short wait: a transient condition, so the
/// caller may retry (on another replica, or later).
/// </summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : StoreFaultException(message, inner);
