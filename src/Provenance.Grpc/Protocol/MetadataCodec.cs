namespace Provenance.Grpc;

/// <summary>
/// Moves <see cref="Metadata"/> to and from HTTP header fields. Binary values travel as base64: emitted
/// without padding, accepted with or without it, and split on ',' first because intermediaries may join
/// repeated fields into one.
/// </summary>
internal static class MetadataCodec
{
    /// <summary>The header value an entry is sent as.</summary>
    public static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes.Span).TrimEnd('=') : entry.Value!;

    /// <summary>
    /// Adds a received header field to <paramref name="target"/> unless it is reserved. Throws
    /// <see cref="RpcException"/> (INTERNAL) for a <c>-bin</c> value that is not base64.
    /// </summary>
    public static void AddReceived(Metadata target, string name, IEnumerable<string?> values)
    {
        if (GrpcHeaders.IsReserved(name))
        {
            return;
        }
        var key = name.ToLowerInvariant();
        var binary = key.EndsWith(Metadata.BinarySuffix, StringComparison.Ordinal);
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }
            if (!binary)
            {
                target.AddReceived(key, value);
                continue;
            }
            foreach (var part in value.Split(','))
            {
                if (!TryDecodeBase64(part.Trim(), out var bytes))
                {
                    RpcException.Throw(StatusCode.Internal, $"Metadata '{key}' is not valid base64.");
                }
                target.AddReceived(key, bytes);
            }
        }
    }

    /// <summary>Standard base64 (RFC 4648 section 4), padded or not.</summary>
    public static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        var padding = (4 - (text.Length % 4)) % 4;
        if (padding == 3)
        {
            return false;
        }
        var padded = padding == 0 ? text : text + new string('=', padding);
        var buffer = new byte[(padded.Length / 4) * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }
        bytes = written == buffer.Length ? buffer : buffer[..written];
        return true;
    }
}
