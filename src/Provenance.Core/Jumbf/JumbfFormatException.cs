namespace Provenance.Core.Jumbf;

/// <summary>The bytes are not a well-formed JUMBF superbox within the limits.</summary>
internal sealed class JumbfFormatException(string message) : Exception(message);
