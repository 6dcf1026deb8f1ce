namespace Provenance.Grpc;

/// <summary>
/// Message compression names (<c>grpc-encoding</c>, <c>grpc-accept-encoding</c>). This implementation speaks
/// identity and gzip; identity always works.
/// </summary>
internal static class MessageEncodings
{
    public const string Identity = "identity";
    public const string Gzip = "gzip";

    /// <summary>The value of <c>grpc-accept-encoding</c> this implementation sends.</summary>
    public const string AcceptEncodingValue = "identity,gzip";

    public static bool IsIdentity(string? encoding) =>
        string.IsNullOrEmpty(encoding) || encoding.Equals(Identity, StringComparison.OrdinalIgnoreCase);

    public static bool IsGzip(string? encoding) =>
        encoding is not null && encoding.Equals(Gzip, StringComparison.OrdinalIgnoreCase);

    public static bool IsSupported(string? encoding) => IsIdentity(encoding) || IsGzip(encoding);

    /// <summary>True when a peer's <c>grpc-accept-encoding</c> list names <paramref name="encoding"/>.</summary>
    public static bool Accepts(string? acceptEncoding, string encoding)
    {
        if (IsIdentity(encoding))
        {
            return true;
        }
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return false;
        }
        foreach (var part in acceptEncoding.Split(','))
        {
            if (part.Trim().Equals(encoding, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
