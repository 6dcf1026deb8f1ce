namespace Provenance.Core.Formats;

/// <summary>A span of bytes inside an asset, as a C2PA hard-binding exclusion describes it.</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length;
}
