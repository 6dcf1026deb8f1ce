namespace ProvenanceService.Application.Errors;

/// <summary>
/// A well-formed request the service cannot carry out in its present state (its signing certificate revoked, a
/// propagation the upload's provenance does not allow). The message is safe to return.
/// </summary>
internal sealed class PreconditionFailedException(string message) : Exception(message);
