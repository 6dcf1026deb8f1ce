namespace Provenance.Core.Formats.WebP;

/// <summary>
/// One RIFF chunk: FourCC, 32-bit little-endian payload size, payload, and a zero pad byte when the size is odd.
/// <see cref="Length"/> includes the pad byte (when present in the file).
/// </summary>
internal readonly record struct RiffChunk(uint FourCc, int Start, int DataLength, int Length)
{
    public int DataStart => Start + 8;

    public int End => Start + Length;

    public string Name => WebPChunkType.Name(FourCc);

    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> file) => file.Slice(DataStart, DataLength);
}

/// <summary>WebP chunk FourCCs as big-endian integers of their four characters.</summary>
internal static class WebPChunkType
{
    public const uint Vp8 = 0x56503820;  // "VP8 "
    public const uint Vp8L = 0x5650384C; // "VP8L"
    public const uint Vp8X = 0x56503858; // "VP8X"
    public const uint Alph = 0x414C5048; // "ALPH"
    public const uint Anim = 0x414E494D; // "ANIM"
    public const uint Anmf = 0x414E4D46; // "ANMF"
    public const uint Iccp = 0x49434350; // "ICCP"
    public const uint Exif = 0x45584946; // "EXIF"
    public const uint Xmp = 0x584D5020;  // "XMP "
    public const uint C2pa = 0x43325041; // "C2PA"

    public static string Name(uint fourCc) => string.Create(4, fourCc, static (span, t) =>
    {
        for (int i = 0; i < 4; i++)
        {
            span[i] = (char)(byte)(t >> (24 - 8 * i));
        }
    });

    /// <summary>Chunks that carry the image (or its animation); anything after them is metadata or unknown.</summary>
    public static bool IsImageData(uint fourCc) => fourCc is Vp8 or Vp8L or Alph or Anim or Anmf;
}
