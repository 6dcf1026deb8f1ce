namespace ProvenanceService.Application.Errors;

/// <summary>Nothing stored answers the request's id. The message is safe to return.</summary>
internal sealed class NotFoundException(string message) : Exception(message);
