namespace ProvenanceService.Auth;

/// <summary>A missing, malformed, unknown or revoked credential. Becomes UNAUTHENTICATED; the message is safe to return.</summary>
internal sealed class AuthenticationFailedException(string message) : Exception(message);
