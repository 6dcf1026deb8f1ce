using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;

namespace Provenance.Core.C2pa.Validation;

/// <summary>
/// The asset a store was read from and where the store sits in it (what the hard binding must exclude). An ISO BMFF
/// asset is not held in memory: <see cref="Bmff"/> gives its stream and box tree instead, and <see cref="Asset"/> is empty.
/// </summary>
internal sealed record AssetBinding(ReadOnlyMemory<byte> Asset, ByteRange? StoreRange)
{
    public BmffAsset? Bmff { get; init; }
}

/// <summary>An ISO BMFF asset being validated: the seekable stream and its box tree.</summary>
internal sealed record BmffAsset(Stream Stream, BmffTree Tree);
