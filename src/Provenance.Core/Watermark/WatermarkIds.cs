using System.Globalization;
using System.Security.Cryptography;

namespace Provenance.Core.Watermark;

/// <summary>The 64-bit watermark ID: drawn at random, written as 16 lower-case hex digits.</summary>
public static class WatermarkIds
{
    /// <summary>A uniformly random ID; with 2^64 values a collision needs billions of files, and the store still checks.</summary>
    public static ulong NewId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    public static string Format(ulong id) => id.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Parses exactly 16 hex digits (any case).</summary>
    public static bool TryParse(string? text, out ulong id)
    {
        id = 0;
        return text is { Length: 16 } && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
    }
}
