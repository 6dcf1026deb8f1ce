namespace Provenance.Core.Audio.Watermark;

/// <summary>
/// Design constants of the audio mark that the harness may override for experiments (`bench audio-watermark
/// --tuning`). The defaults are the tuned design (docs/audio-watermark.md).
/// </summary>
internal sealed record AudioWatermarkTuning
{
    public static AudioWatermarkTuning Default { get; } = new();

    /// <summary>Largest change of one cell's log energy, as a multiple of the unit margin.</summary>
    public double CapFactor { get; init; } = 1.0;

    /// <summary>Informed-embedding iterations (each re-reads the residuals the detector would see).</summary>
    public int Iterations { get; init; } = 6;

    /// <summary>Pilot z-score a hypothesis needs before it is decoded.</summary>
    public double PilotThreshold { get; init; } = 4.5;

    /// <summary>Hypotheses decoded per analysed segment (the false-accept bound counts them).</summary>
    public int DecodesPerSegment { get; init; } = 8;

    /// <summary>Step of the speed search (relative) and its half-range.</summary>
    public double SpeedStep { get; init; } = 0.0035;

    public int SpeedSteps { get; init; } = 7;

    /// <summary>Sub-hop analysis offsets tried (in samples at 16 kHz).</summary>
    public int SubHopOffsets { get; init; } = 2;

    internal static AudioWatermarkTuning Parse(string? spec)
    {
        var t = Default;
        if (string.IsNullOrWhiteSpace(spec))
        {
            return t;
        }
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2)
            {
                throw new ArgumentException($"Tuning entry '{part}' is not name=value.");
            }
            double v = double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture);
            t = kv[0] switch
            {
                nameof(CapFactor) => t with { CapFactor = v },
                nameof(Iterations) => t with { Iterations = (int)v },
                nameof(PilotThreshold) => t with { PilotThreshold = v },
                nameof(DecodesPerSegment) => t with { DecodesPerSegment = (int)v },
                nameof(SpeedStep) => t with { SpeedStep = v },
                nameof(SpeedSteps) => t with { SpeedSteps = (int)v },
                nameof(SubHopOffsets) => t with { SubHopOffsets = (int)v },
                _ => throw new ArgumentException($"Unknown tuning constant '{kv[0]}'."),
            };
        }
        return t;
    }
}
