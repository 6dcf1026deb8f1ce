namespace Provenance.Core.Cose;

/// <summary>The bytes are not a COSE_Sign1 structure of the shape C2PA uses.</summary>
internal sealed class CoseFormatException(string message, Exception? inner = null) : Exception(message, inner);
