using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Audio;

/// <summary>
/// A mark being written into the samples of a <see cref="PcmAudio"/> in place, front to back, so that Sign can
/// encode the first seconds while later ones are marked (<see cref="IAudioWatermark.StartEmbed"/>). A scheme that
/// marks everything at once hands back a marking that is already complete.
/// </summary>
internal sealed class AudioMarking
{
    private readonly PcmAudio _audio;
    private readonly AudioMarkPlan? _plan;
    private readonly double _snrDb;

    private AudioMarking(PcmAudio audio, AudioMarkPlan? plan, double snrDb)
    {
        _audio = audio;
        _plan = plan;
        _snrDb = snrDb;
    }

    /// <summary>A marking the caller renders: <paramref name="plan"/>'s mark goes into <paramref name="audio"/>'s samples.</summary>
    public static AudioMarking Planned(PcmAudio audio, AudioMarkPlan plan) => new(audio, plan, double.NaN);

    /// <summary>Samples already marked as a whole, with the mark's SNR.</summary>
    public static AudioMarking Complete(PcmAudio audio, double snrDb) => new(audio, null, snrDb);

    public int Frames => _audio.Frames;

    /// <summary>Frames marked so far, from the first.</summary>
    public int Rendered => _plan?.Rendered ?? _audio.Frames;

    /// <summary>The mark's SNR in dB, once every frame is marked.</summary>
    public double SnrDb => _plan?.SnrDb ?? _snrDb;

    /// <summary>Marks the next <paramref name="frames"/> frames (fewer at the end).</summary>
    public void RenderNext(int frames) => _plan?.RenderNext(_audio.Samples, Math.Min(frames, Frames - Rendered));
}
