using System.Formats.Cbor;
using Provenance.Core.Cbor;

namespace Provenance.Core.C2pa.Model;

/// <summary>A C2PA <c>hashed_uri</c>: a JUMBF URI, the hash of what it points at, and optionally the hash algorithm.</summary>
internal sealed record HashedUri(string Url, ReadOnlyMemory<byte>? Hash, string? Algorithm)
{
    /// <summary>Reads a hashed_uri map; null when the node is not a map with a text <c>url</c>.</summary>
    public static HashedUri? From(CborNode? node)
    {
        if (node is null || !node.IsMap || node.GetText("url") is not { } url)
        {
            return null;
        }
        ReadOnlyMemory<byte>? hash = node.TryGetBytes("hash", out var h) ? h : null;
        return new HashedUri(url, hash, node.GetText("alg"));
    }

    /// <summary>Writes the map (url, then alg when named, then hash), as the claim's own references are written.</summary>
    public void WriteTo(CborWriter writer)
    {
        if (Hash is not { } hash)
        {
            throw new InvalidOperationException($"the hashed URI '{Url}' has no hash to write");
        }
        writer.WriteStartMap(Algorithm is null ? 2 : 3);
        writer.WriteTextString("url");
        writer.WriteTextString(Url);
        if (Algorithm is not null)
        {
            writer.WriteTextString("alg");
            writer.WriteTextString(Algorithm);
        }
        writer.WriteTextString("hash");
        writer.WriteByteString(hash.Span);
        writer.WriteEndMap();
    }
}
