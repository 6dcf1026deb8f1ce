using System.Buffers.Binary;
using System.Text;
using Provenance.Core.C2pa.Model;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Png;
using Provenance.Core.Jumbf;

namespace Provenance.Core.Tests.C2pa;

/// <summary>
/// One-byte tamperings of a derived copy (see <see cref="DerivedCopies"/>), each aimed at one part: the pixels, the
/// XMP label, the new (active) manifest's assertion, claim and signature, and the parent manifest it builds on. The
/// container stays well-formed, as an attacker would leave it: PNG chunk CRCs are recomputed, and a store edited
/// inside is put back through the format handler.
/// </summary>
internal static class DerivedTamper
{
    /// <summary>The tamperings by name; each takes the derived copy and the PropagateID written into its label.</summary>
    public static readonly IReadOnlyDictionary<string, Func<byte[], string, byte[]>> All = new Dictionary<string, Func<byte[], string, byte[]>>
    {
        ["pixel"] = (asset, _) => Pixel(asset),
        ["xmp label"] = XmpLabel,
        ["active assertion"] = (asset, id) => InStore(asset, (store, active, _) => Within(active.FindAssertion("org.provenance.aigc")!.Payload, Encoding.ASCII.GetBytes(id))),
        ["active claim"] = (asset, _) => InStore(asset, (store, active, _) => Within(Content(active.ClaimBoxes[0]), "xmp:iid:"u8) + 8),
        ["active signature"] = (asset, _) => InStore(asset, (store, active, _) => SignatureValueAt(active)),
        ["parent assertion"] = (asset, _) => InStore(asset, (store, _, parent) => Within(parent.FindAssertion("c2pa.actions.v2")!.Payload, "trainedAlgorithmicMedia"u8)),
        ["parent signature"] = (asset, _) => InStore(asset, (store, _, parent) => SignatureValueAt(parent)),
    };

    /// <summary>Changes a byte in the middle of the largest block of coded pixels (JPEG scan, IDAT, VP8/VP8L).</summary>
    public static byte[] Pixel(byte[] asset)
    {
        var block = AssetHandlers.Detect(asset).ListBlocks(asset).Where(b => b.Kind == AssetBlockKind.ImageData).MaxBy(b => b.Range.Length);
        var copy = (byte[])asset.Clone();
        copy[(int)(block.Range.Start + block.Range.Length / 2)] ^= 0x01;
        return KeepPngCrc(copy, block);
    }

    /// <summary>Changes one character of <paramref name="propagateId"/> in the XMP packet (outside the store).</summary>
    public static byte[] XmpLabel(byte[] asset, string propagateId)
    {
        var block = AssetHandlers.Detect(asset).ListBlocks(asset).Single(b => b.Kind == AssetBlockKind.Xmp);
        var at = (int)block.Range.Start + asset.AsSpan((int)block.Range.Start, (int)block.Range.Length).IndexOf(Encoding.ASCII.GetBytes(propagateId));
        return KeepPngCrc(Changed(asset, at + propagateId.Length - 1), block);
    }

    /// <summary>
    /// Changes one byte of the embedded store, at the offset <paramref name="locate"/> picks (given the store, its
    /// active manifest and that manifest's parent), and embeds the edited store of the same length in its place.
    /// </summary>
    private static byte[] InStore(byte[] asset, Func<byte[], ManifestBox, ManifestBox, int> locate)
    {
        var handler = AssetHandlers.Detect(asset);
        var store = handler.ReadManifestStore(asset)!;
        var parsed = ManifestStore.Parse(store);
        var offset = locate(store, parsed.Active!, parsed.Manifests[^2]);
        return handler.ReplaceManifestStore(asset, Changed(store, offset));
    }

    /// <summary>The offset in the store of <paramref name="needle"/> inside <paramref name="part"/> (a slice of the store).</summary>
    private static int Within(ReadOnlyMemory<byte> part, ReadOnlySpan<byte> needle)
    {
        var at = part.Span.IndexOf(needle);
        return at >= 0 ? OffsetInStore(part) + at : throw new InvalidOperationException("the text is not in that part");
    }

    /// <summary>An offset inside the signature value of a manifest's COSE_Sign1 (near the end of its CBOR).</summary>
    private static int SignatureValueAt(ManifestBox manifest)
    {
        var cose = Content(manifest.SignatureBox!);
        var signature = Provenance.Core.Cose.CoseSign1Message.Decode(cose).Signature;
        return OffsetInStore(cose) + cose.Span.IndexOf(signature.Span) + signature.Length / 2;
    }

    private static ReadOnlyMemory<byte> Content(JumbfBox superbox) => superbox.Children.Single(c => c.Type == BoxType.Cbor).Payload;

    /// <summary>Where a slice of the parsed store starts in the store's bytes (the parser keeps slices of one buffer).</summary>
    private static int OffsetInStore(ReadOnlyMemory<byte> part) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(part, out var segment) ? segment.Offset : throw new InvalidOperationException("not a slice of the store");

    /// <summary>A copy with the byte at <paramref name="at"/> replaced by an ASCII digit (so text stays text).</summary>
    private static byte[] Changed(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = copy[at] == (byte)'7' ? (byte)'8' : (byte)'7';
        return copy;
    }

    /// <summary>A PNG chunk that was changed gets its CRC recomputed; other formats have none.</summary>
    private static byte[] KeepPngCrc(byte[] asset, AssetBlock block)
    {
        if (AssetHandlers.Detect(asset).Format == AssetFormat.Png)
        {
            var start = (int)block.Range.Start;
            var end = (int)block.Range.End;
            BinaryPrimitives.WriteUInt32BigEndian(asset.AsSpan(end - 4), PngCrc.Compute(asset.AsSpan(start + 4, end - start - 8)));
        }
        return asset;
    }
}
