using System.Globalization;
using Provenance.Core.External;

namespace Provenance.Core.Audio.Labeling;

/// <summary>
/// The spoken notice of GB 45438-2025 for audio, synthesised by Debian's espeak-ng: Mandarin (<c>cmn</c>) when the
/// text has a Han character, English (<c>en</c>) otherwise. The standard asks for 120-160 characters a minute, a
/// rate given for Chinese; a Chinese notice is aimed at <see cref="TargetCharactersPerMinute"/>: spoken once at a
/// first guess, its voiced span measured, and spoken again at a corrected speed when the rate misses the range
/// (espeak-ng's speed is in words a minute and its relation to syllables varies by text). An English notice is
/// spoken at <see cref="EnglishWordsPerMinute"/>, an ordinary reading pace. ffmpeg converts espeak-ng's 22.05 kHz
/// WAV to the caller's rate. The result is trimmed to the voiced span and followed by
/// <see cref="TrailingMilliseconds"/> ms of silence. Work is bounded: a text of at most 32 characters, 30 s per tool
/// run, at most <see cref="MaxSeconds"/> s of audio read back.
/// </summary>
internal static class SpokenNotice
{
    public const int MinCharactersPerMinute = 120;
    public const int MaxCharactersPerMinute = 160;
    public const int TargetCharactersPerMinute = 140;
    public const int EnglishWordsPerMinute = 150;
    public const int TrailingMilliseconds = 500;
    public const double MaxSeconds = 20;

    /// <summary>Below this level (−40 dBFS RMS over 10 ms) a stretch counts as silence.</summary>
    public const double SilenceRms = 0.01;

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The program that speaks the notice, found on PATH.</summary>
    public const string Synthesizer = "espeak-ng";

    /// <summary>
    /// The notice as mono samples at <paramref name="sampleRate"/>, with the rate it was spoken at. Throws
    /// <see cref="SpeechSynthesizerUnavailableException"/> when <paramref name="synthesizer"/> cannot be started.
    /// </summary>
    public static (float[] Samples, double CharactersPerMinute) Render(string text, int sampleRate, string synthesizer = Synthesizer)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        bool chinese = text.Any(IsHan);
        var directory = Directory.CreateTempSubdirectory("provenance-notice-");
        try
        {
            if (!chinese)
            {
                var english = Voiced(Synthesize(synthesizer, text, "en", EnglishWordsPerMinute, sampleRate, directory.FullName), sampleRate);
                return (WithTrailingSilence(english, sampleRate), Rate(text, english.Length, sampleRate));
            }
            int speed = 160;
            float[] voiced = [];
            double rate = 0;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                voiced = Voiced(Synthesize(synthesizer, text, "cmn", speed, sampleRate, directory.FullName), sampleRate);
                rate = Rate(text, voiced.Length, sampleRate);
                if (rate is >= MinCharactersPerMinute + 5 and <= MaxCharactersPerMinute - 5)
                {
                    break;
                }
                speed = Math.Clamp((int)Math.Round(speed * TargetCharactersPerMinute / Math.Max(rate, 1)), 60, 400);
            }
            return (WithTrailingSilence(voiced, sampleRate), rate);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Characters a minute over the voiced span: the letters and Han characters of the text.</summary>
    public static double Rate(string text, int voicedSamples, int sampleRate) =>
        voicedSamples == 0 ? 0 : text.Count(char.IsLetter) * 60.0 * sampleRate / voicedSamples;

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    private static float[] Synthesize(string synthesizer, string text, string voice, int wordsPerMinute, int sampleRate, string directory)
    {
        var wav = Path.Combine(directory, "notice.wav");
        // The text is an argument, never a shell string; "--" ends the options, so a text cannot pass for one.
        Run(synthesizer, ["-v", voice, "-s", wordsPerMinute.ToString(CultureInfo.InvariantCulture), "-w", wav, "--", text], "espeak-ng");
        var raw = Run("ffmpeg", ["-nostdin", "-v", "error", "-i", wav, "-t", MaxSeconds.ToString(CultureInfo.InvariantCulture),
            "-f", "f32le", "-acodec", "pcm_f32le", "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "pipe:1"], "ffmpeg");
        var samples = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, samples, 0, samples.Length * 4);
        return samples;
    }

    /// <summary>The samples from the first to the last 10 ms window above <see cref="SilenceRms"/>.</summary>
    private static float[] Voiced(float[] samples, int sampleRate)
    {
        int window = Math.Max(1, sampleRate / 100);
        int first = -1, last = -1;
        for (int start = 0; start + window <= samples.Length; start += window)
        {
            double energy = 0;
            for (int n = start; n < start + window; n++)
            {
                energy += samples[n] * samples[n];
            }
            if (Math.Sqrt(energy / window) > SilenceRms)
            {
                first = first < 0 ? start : first;
                last = start + window;
            }
        }
        if (first < 0)
        {
            throw new InvalidOperationException("espeak-ng produced silence for the spoken notice");
        }
        return samples[first..last];
    }

    private static float[] WithTrailingSilence(float[] voiced, int sampleRate)
    {
        var samples = new float[voiced.Length + TrailingMilliseconds * sampleRate / 1000];
        voiced.CopyTo(samples, 0);
        return samples;
    }

    private static byte[] Run(string program, string[] arguments, string what)
    {
        System.Diagnostics.Process process;
        try
        {
            process = FfmpegTool.Start(program, arguments, redirectInput: false);
        }
        catch (InvalidOperationException e) when (what == "espeak-ng")
        {
            throw new SpeechSynthesizerUnavailableException(
                $"The spoken audible label needs espeak-ng, which is not installed on this server ({program} could not be started; Debian package espeak-ng).",
                e.InnerException);
        }
        using (process)
        {
            var errors = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
            using var output = new MemoryStream();
            var copy = CopyBoundedAsync(process.StandardOutput.BaseStream, output, (long)(MaxSeconds * PcmAudio.MaxSampleRate * 4) + 1);
            if (!process.WaitForExit(ToolTimeout))
            {
                FfmpegTool.KillQuietly(process);
                throw new TimeoutException($"{what} did not finish the spoken notice within {ToolTimeout.TotalSeconds} s");
            }
            copy.Wait(ToolTimeout);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} failed on the spoken notice: {errors.Result.Trim()}");
            }
            return output.ToArray();
        }
    }

    private static async Task CopyBoundedAsync(Stream source, Stream target, long limit)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (total < limit)
            {
                int keep = (int)Math.Min(read, limit - total);
                target.Write(buffer, 0, keep);
                total += keep;
            }
        }
    }
}
