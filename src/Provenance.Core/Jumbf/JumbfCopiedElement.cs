namespace Provenance.Core.Jumbf;

/// <summary>
/// A box copied byte for byte from an existing store (e.g. an earlier manifest kept when a new one is added after
/// it): hashes that cover it stay valid only if it is not re-encoded.
/// </summary>
internal sealed class JumbfCopiedElement(JumbfBox box) : JumbfElement
{
    public override int Length => box.Whole.Length;

    public override void WriteTo(Span<byte> destination) => box.Whole.Span.CopyTo(destination);
}
