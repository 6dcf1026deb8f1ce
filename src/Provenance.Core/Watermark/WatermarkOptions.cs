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

    /// <summary>
    /// Nominal PSNR (dB, over RGB). The embedder moves each image's strength away from it, within
    /// [<see cref="MinPsnrDb"/>, <see cref="MaxPsnrDb"/>], by how strongly the image's own content interferes:
    /// busy small images get more strength, large or smooth ones less.
    /// </summary>
    public double TargetPsnrDb { get; init; } = 42.5;

    /// <summary>Lowest PSNR (strongest mark) any image may get.</summary>
    public double MinPsnrDb { get; init; } = 40.5;

    /// <summary>Highest PSNR (weakest mark) any image gets.</summary>
    public double MaxPsnrDb { get; init; } = 46;

    /// <summary>Throws when the options cannot work (called once when a <see cref="Watermarker"/> is built).</summary>
    public void Validate()
    {
        if (Key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The watermark key must hold at least {MinKeyBytes} bytes; it has {Key.Length}.");
        }
        if (!(MinPsnrDb is >= 30 and <= 60) || !(MaxPsnrDb is >= 30 and <= 60) || !(TargetPsnrDb >= MinPsnrDb && TargetPsnrDb <= MaxPsnrDb))
        {
            throw new ArgumentException($"PSNR bounds must satisfy 30 <= min ({MinPsnrDb}) <= target ({TargetPsnrDb}) <= max ({MaxPsnrDb}) <= 60 dB.");
        }
    }
}
