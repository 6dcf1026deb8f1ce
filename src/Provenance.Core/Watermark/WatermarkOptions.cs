namespace Provenance.Core.Watermark;

/// <summary>
/// Watermark configuration. The key derives every pattern: detection needs the same key as embedding, and
/// without it the pattern cannot be computed. Bind from configuration with <see cref="KeyHex"/>.
/// </summary>
public sealed record WatermarkOptions
{
    public const int MinKeyBytes = 16;

    /// <summary>Secret key bytes (at least 16).</summary>
    public byte[] Key { get; init; } = [];

    /// <summary>The key as hexadecimal text (what configuration files hold); sets <see cref="Key"/>.</summary>
    public string KeyHex
    {
        get => Convert.ToHexString(Key);
        init => Key = Convert.FromHexString(value);
    }

    /// <summary>PSNR (dB, over RGB) the embedder aims at. Lower is more robust and more visible.</summary>
    public double TargetPsnrDb { get; init; } = 42.5;

    /// <summary>Throws when the options cannot work (called once when a <see cref="Watermarker"/> is built).</summary>
    public void Validate()
    {
        if (Key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The watermark key must hold at least {MinKeyBytes} bytes; it has {Key.Length}.");
        }
        if (!(TargetPsnrDb is >= 30 and <= 60))
        {
            throw new ArgumentException($"TargetPsnrDb {TargetPsnrDb} is outside 30..60 dB.");
        }
    }
}
