namespace ProvenanceService.Application.Errors;

/// <summary>A request the service refuses as given (a required field missing, a malformed id or token). The message is safe to return.</summary>
internal sealed class InvalidRequestException(string message) : Exception(message);
