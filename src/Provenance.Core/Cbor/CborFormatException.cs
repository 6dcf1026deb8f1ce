namespace Provenance.Core.Cbor;

/// <summary>The bytes are not one well-formed CBOR item within the limits, or do not have the expected shape.</summary>
internal sealed class CborFormatException(string message, Exception? inner = null) : Exception(message, inner);
