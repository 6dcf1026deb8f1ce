using System.Collections.Concurrent;
using Provenance.Core.Audio;
using Provenance.Core.Diagnostics;
using Provenance.Core.Fingerprint;
using Provenance.Core.Formats;

namespace Provenance.Core.Signing;

/// <summary>
/// The last steps of an audio Sign, run side by side (docs/audio.md, "Cost"): one thread plans the mark segment by
/// segment and renders it into the samples a second at a time, and another then computes the fingerprint; ffmpeg
/// encodes each second as soon as it is marked; and the mark is read back from the encoded packets while the encode
/// goes on (<see cref="AudioEncoding.ReadBack"/>). The encode, the longest step, thus starts once the first segment
/// is planned, and the read-back and the fingerprint run at a lower priority (<see cref="SideWork"/>) so that they
/// take what the encoder leaves of the cores.
/// </summary>
internal static class MarkedAudioEncoder
{
    /// <summary>
    /// Encodes <paramref name="audio"/> through <paramref name="encoding"/> (started with its read-back when marking),
    /// marking it on the way when <paramref name="marking"/> is given. Returns the mark's SNR, whether
    /// <paramref name="id"/> read back from the encoded sound, and the marked sound's fingerprint (empty when
    /// unmarked). Throws as <see cref="AudioEncoding.Finish"/> does.
    /// </summary>
    public static (double SnrDb, bool ReadBack, byte[] Fingerprint) Encode(
        AudioEncoding encoding, PcmAudio audio, AudioMarking? marking, IAudioWatermark? scheme, ulong id)
    {
        if (marking is null)
        {
            using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.Encode);
            encoding.Write(audio.Samples);
            encoding.Finish();
            return (0, false, []);
        }
        if (encoding.ReadBack is null)
        {
            throw new ArgumentException("A marked encode needs an encoding started with its read-back.", nameof(encoding));
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
        });
        // The fingerprint of the marked sound, once it is all marked; nothing waits for it before the encode ends.
        var fingerprinting = SideWork.Start("sign-fingerprint", () =>
        {
            marker.GetAwaiter().GetResult();
            using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.Fingerprint);
            return AudioFingerprint.Compute(audio).ToBytes();
        });
        var readingBack = SideWork.Start("sign-read-back", () =>
        {
            using var stage = PipelineStages.Start(PipelineStages.Sign, PipelineStages.WatermarkDetect);
            return AudioReencoder.ReadsBack(encoding.ReadBack, scheme!, id);
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
            Task.WaitAny(fingerprinting);
            Task.WaitAny(readingBack);
        }
        marker.GetAwaiter().GetResult();
        var fingerprint = fingerprinting.GetAwaiter().GetResult();
        return (marking.SnrDb, readingBack.GetAwaiter().GetResult(), fingerprint);
    }
}
