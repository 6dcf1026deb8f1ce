namespace Provenance.Grpc;

/// <summary>Header names and values of the gRPC over HTTP/2 protocol (grpc/grpc doc/PROTOCOL-HTTP2.md).</summary>
internal static class GrpcHeaders
{
    public const string ContentType = "application/grpc";
    public const string ContentTypeProto = "application/grpc+proto";

    public const string Status = "grpc-status";
    public const string Message = "grpc-message";
    public const string Timeout = "grpc-timeout";
    public const string Encoding = "grpc-encoding";
    public const string AcceptEncoding = "grpc-accept-encoding";
    public const string TE = "te";
    public const string UserAgent = "user-agent";

    public const string ClientUserAgent = "grpc-dotnet-provenance/1.0";

    /// <summary>
    /// Headers that belong to HTTP or to the gRPC protocol itself and are therefore not custom metadata.
    /// <c>user-agent</c> and <c>authorization</c> stay visible to applications.
    /// </summary>
    public static bool IsReserved(string name) =>
        name.Length == 0
        || name[0] == ':'
        || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("te", StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("date", StringComparison.OrdinalIgnoreCase)
        || name.Equals("server", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for <c>application/grpc</c> and <c>application/grpc+proto</c>, with or without parameters. Other
    /// sub-types (<c>+json</c>, <c>-web</c>) are codecs this implementation does not speak.
    /// </summary>
    public static bool IsGrpcProtoContentType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }
        mediaType = mediaType.Trim();
        return mediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals(ContentTypeProto, StringComparison.OrdinalIgnoreCase);
    }
}
