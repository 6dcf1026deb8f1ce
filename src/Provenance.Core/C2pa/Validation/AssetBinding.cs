using Provenance.Core.Formats;

namespace Provenance.Core.C2pa.Validation;

/// <summary>The asset a store was read from and where the store sits in it (what the hard binding must exclude).</summary>
internal sealed record AssetBinding(ReadOnlyMemory<byte> Asset, ByteRange? StoreRange);
