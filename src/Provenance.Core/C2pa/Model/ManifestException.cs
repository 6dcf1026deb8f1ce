namespace Provenance.Core.C2pa.Model;

/// <summary>A manifest structure is wrong in a way the spec names with a status code.</summary>
internal sealed class ManifestException(string statusCode, string message) : Exception(message)
{
    public string StatusCode { get; } = statusCode;
}
