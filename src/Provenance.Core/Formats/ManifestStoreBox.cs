using System.Buffers.Binary;

namespace Provenance.Core.Formats;

/// <summary>
/// Recognises a C2PA manifest store from its first bytes: a JUMBF superbox (TBox "jumb") whose description box
/// ("jumd") carries the C2PA store type UUID, which begins with the four characters "c2pa". The handlers only
/// need this much; parsing the store is the C2PA layer's job.
/// </summary>
internal static class ManifestStoreBox
{
    /// <summary>LBox + TBox + jumd LBox + jumd TBox + the 4CC that starts the type UUID.</summary>
    public const int RecognitionLength = 20;

    public static bool IsStore(ReadOnlySpan<byte> box) =>
        box.Length >= RecognitionLength
        && box.Slice(4, 4).SequenceEqual("jumb"u8)
        && box.Slice(12, 4).SequenceEqual("jumd"u8)
        && box.Slice(16, 4).SequenceEqual("c2pa"u8);

    /// <summary>The total length the superbox declares (LBox, or XLBox when LBox is 1); -1 when it cannot be read.</summary>
    public static long DeclaredLength(ReadOnlySpan<byte> box)
    {
        if (box.Length < 8)
        {
            return -1;
        }
        uint lbox = BinaryPrimitives.ReadUInt32BigEndian(box);
        if (lbox == 1)
        {
            return box.Length >= 16 ? (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(box[8..]), long.MaxValue) : -1;
        }
        return lbox >= 8 ? lbox : -1;
    }

    /// <summary>Checks a store handed in for embedding: a C2PA superbox whose declared length is its real length.</summary>
    public static void ValidateForEmbedding(ReadOnlySpan<byte> jumbf)
    {
        if (!IsStore(jumbf))
        {
            throw new ArgumentException("The bytes are not a C2PA manifest store (JUMBF superbox of type c2pa).", nameof(jumbf));
        }
        if (DeclaredLength(jumbf) != jumbf.Length)
        {
            throw new ArgumentException(
                $"The manifest store declares {DeclaredLength(jumbf)} bytes but is {jumbf.Length} bytes long.", nameof(jumbf));
        }
    }
}
