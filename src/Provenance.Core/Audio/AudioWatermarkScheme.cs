using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Provenance.Core.Audio.Watermark;

namespace Provenance.Core.Audio;

/// <summary>
/// The service's audio watermark (<see cref="AudioWatermarker"/>, docs/audio-watermark.md) behind the Sign/Verify
/// seam. Its key is derived from the image watermark key, so an operator configures one secret; the derivation keeps
/// the two schemes' patterns independent. Thread-safe.
/// </summary>
public sealed class AudioWatermarkScheme : IAudioWatermark
{
    /// <summary>Peak level under which audio is treated as silence (-80 dBFS): there is nothing to hide a mark under.</summary>
    private const float SilencePeak = 1e-4f;

    private static readonly byte[] KeyPurpose = Encoding.ASCII.GetBytes("provenance audio watermark key v1");

    private readonly AudioWatermarker _watermarker;
    private readonly double _maxSeconds;

    public AudioWatermarkScheme(AudioWatermarkOptions options)
    {
        _watermarker = new AudioWatermarker(options);
        _maxSeconds = options.MaxDurationSeconds;
    }

    /// <summary>The scheme keyed from the image watermark key (HMAC-SHA256 of a fixed purpose string).</summary>
    public static AudioWatermarkScheme FromWatermarkKey(byte[] watermarkKey, double maxDurationSeconds)
    {
        ArgumentNullException.ThrowIfNull(watermarkKey);
        return new AudioWatermarkScheme(new AudioWatermarkOptions
        {
            Key = HMACSHA256.HashData(watermarkKey, KeyPurpose),
            MaxDurationSeconds = maxDurationSeconds,
        });
    }

    public string? CannotEmbed(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.DurationSeconds < AudioWatermarker.MinDurationSeconds)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the audio lasts {audio.DurationSeconds:0.##} s; the watermark needs at least {AudioWatermarker.MinDurationSeconds:0.##} s");
        }
        if (audio.DurationSeconds > _maxSeconds)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the audio lasts {audio.DurationSeconds:0.#} s; the watermark is embedded in at most {_maxSeconds:0.#} s");
        }
        float peak = 0;
        foreach (var s in audio.Samples)
        {
            peak = Math.Max(peak, Math.Abs(s));
        }
        return peak < SilencePeak ? "the audio is silent: there is no sound to carry a mark" : null;
    }

    public double Embed(PcmAudio audio, ulong id)
    {
        var marking = ((IAudioWatermark)this).StartEmbed(audio, id);
        marking.RenderNext(marking.Frames);
        return marking.SnrDb;
    }

    AudioMarking IAudioWatermark.StartEmbed(PcmAudio audio, ulong id)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var plan = _watermarker.Plan(audio, id);
        plan.SingleThreaded = true; // Sign encodes beside the marking (AudioMarkPlan.SingleThreaded)
        return AudioMarking.Planned(audio, plan);
    }

    public AudioWatermarkDetection Detect(PcmAudio audio) => _watermarker.Detect(audio);

    AudioWatermarkDetection IAudioWatermark.Detect(ProgressiveAudio audio) => _watermarker.Detect(audio);
}
