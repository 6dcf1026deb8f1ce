using System.Collections.Concurrent;
using Provenance.Core.Audio;
using Provenance.Core.Diagnostics;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;

namespace Provenance.Core.Signing;

/// <summary>
/// The last steps of an audio Sign, run side by side (docs/audio.md, "Cost"): one core renders the planned mark into
/// the samples a second at a time and then computes the marked sound's fingerprint; ffmpeg encodes each second as
/// soon as it is marked; and the mark is read back from the encoded packets while the encode goes on
/// (<see cref="AudioEncoding.ReadBack"/>). The encode, the longest step, thus starts as soon as the mark is planned
/// and nothing else waits for it.
/// </summary>
internal static class MarkedAudioEncoder
{
    /// <summary>
    /// Encodes <paramref name="audio"/> into <paramref name="target"/> as <paramref name="format"/> with
    /// <paramref name="info"/>'s settings, marking it on the way when <paramref name="marking"/> is given. Returns
    /// the mark's SNR, whether <paramref name="id"/> read back from the encoded sound, and the marked sound's
    /// fingerprint (empty when unmarked). Throws as <see cref="AudioEncoding.Finish"/> does.
    /// </summary>
    public static (double SnrDb, bool ReadBack, byte[] Fingerprint) Encode(
        PcmAudio audio, AudioMarking? marking, IAudioWatermark? scheme, ulong id, AudioStreamInfo info, AssetFormat format, string target)
    {
        using var encoding = AudioEncoding.Start(info, format, audio.SampleRate, audio.Channels, target, readBack: marking is not null);
        if (marking is null)
        {
            using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.Encode);
            encoding.Write(audio.Samples);
            encoding.Finish();
            return (0, false, []);
        }

        // Frames marked so far, published after each second so the encoder can take them.
        using var marked = new BlockingCollection<int>();
        var marker = Task.Run(() =>
        {
            try
            {
                using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.WatermarkEmbed);
                if (marking.Rendered > 0)
                {
                    marked.Add(marking.Rendered); // a scheme that marked the whole at once
                }
                while (marking.Rendered < marking.Frames)
                {
                    marking.RenderNext(audio.SampleRate);
                    marked.Add(marking.Rendered);
                }
            }
            finally
            {
                marked.CompleteAdding();
            }
            using (PipelineStages.Start(PipelineStages.Sign, PipelineStages.Fingerprint))
            {
                return AudioFingerprint.Compute(audio).ToBytes();
            }
        });
        var readingBack = Task.Run(() =>
        {
            using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.WatermarkDetect);
            return AudioReencoder.ReadsBack(encoding.ReadBack!, scheme!, id);
        });
        bool finished = false;
        try
        {
            using (PipelineStages.Start(PipelineStages.Sign, PipelineStages.Encode))
            {
                int written = 0;
                foreach (int frames in marked.GetConsumingEnumerable())
                {
                    encoding.Write(audio.Samples.AsSpan(written * audio.Channels, (frames - written) * audio.Channels));
                    written = frames;
                }
                encoding.Finish();
                finished = true;
            }
        }
        finally
        {
            // On failure the processes are stopped first, so that the read-back's decode ends; either way no work
            // outlives the call. WaitAny returns, without throwing, once a task has finished either way.
            if (!finished)
            {
                encoding.Dispose();
            }
            Task.WaitAny(marker);
            Task.WaitAny(readingBack);
        }
        var fingerprint = marker.GetAwaiter().GetResult();
        return (marking.SnrDb, readingBack.GetAwaiter().GetResult(), fingerprint);
    }
}
