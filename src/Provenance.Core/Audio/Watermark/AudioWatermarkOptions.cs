namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Audio watermark configuration. The key derives every pattern (cell map, signs, pilot, payload whitening); the
/// same key must be used to detect. The strength is set per file so that the mark's SNR meets
/// <see cref="TargetSnrDb"/>.
/// </summary>
public sealed record AudioWatermarkOptions
{
    public const int MinKeyBytes = 16;

    public byte[] Key { get; init; } = [];

    /// <summary>The key as hexadecimal text (what configuration files hold); sets <see cref="Key"/>.</summary>
    public string KeyHex
    {
        get => Convert.ToHexString(Key);
        init => Key = Convert.FromHexString(value);
    }

    /// <summary>SNR (dB) of the mark against the signal, measured at 16 kHz on the mono mix; the strength is lowered until it is met;
    /// the measured SNR over the input's own channels and rate is reported and is usually a little higher.</summary>
    public double TargetSnrDb { get; init; } = 30.5;

    /// <summary>Longest input accepted, in seconds (bounds memory and time per call).</summary>
    public double MaxDurationSeconds { get; init; } = 1200;

    public void Validate()
    {
        if (Key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The audio watermark key must hold at least {MinKeyBytes} bytes; it has {Key.Length}.");
        }
        if (!(TargetSnrDb is >= 15 and <= 60))
        {
            throw new ArgumentException($"TargetSnrDb must lie in 15..60 dB; it is {TargetSnrDb}.");
        }
        if (!(MaxDurationSeconds is > 0 and <= 4 * 3600))
        {
            throw new ArgumentException("MaxDurationSeconds must lie in (0, 14400].");
        }
    }
}

/// <summary>What an embedding did: the marked audio (same rate and channels), the measured SNR of the mark over
/// all channels, and the strength (the per-unit margin, in nepers of log energy) chosen for this signal.</summary>
public sealed record AudioWatermarkEmbedding(PcmAudio Marked, double SnrDb, double Strength);

/// <summary>
/// A detection. <see cref="Detected"/> is true only when a hypothesis's pilot cleared its threshold and the decoded
/// payload passed its 48-bit check. <see cref="SpeedFactor"/> is the stretch that realigned the audio (1.02 means
/// the audio had been sped up by 2%); <see cref="BlockOffsetSeconds"/> where in the repeating block the analysed
/// audio started.
/// </summary>
public sealed record AudioWatermarkDetection(
    bool Detected, ulong? Id, double PilotZ, int BitErrorsCorrected, double SpeedFactor, double BlockOffsetSeconds, int Decodes);
