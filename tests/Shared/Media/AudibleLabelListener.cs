using System.Buffers.Binary;
using System.Globalization;

namespace Provenance.Testing.Media;

/// <summary>
/// Listens for the audible explicit label the way a player's software would hear it, sharing no code with the
/// service's renderer: ffmpeg decodes a file (any format it plays) to mono at <see cref="Rate"/>, and the analysis
/// here finds the rhythm prompt's tones (a Goertzel filter at the prompt's frequency) or the voiced span of a spoken
/// notice (a 10 ms RMS envelope). Used by the Core, service and CLI tests.
/// </summary>
internal static class AudibleLabelListener
{
    /// <summary>The rate files are decoded at for the analysis.</summary>
    public const int Rate = 16000;

    /// <summary>Below this RMS (−40 dBFS over 10 ms) a window counts as silence.</summary>
    public const double SilenceRms = 0.01;

    /// <summary>ffmpeg's decoding of <paramref name="file"/>, its channels averaged, resampled to <see cref="Rate"/>.</summary>
    public static float[] DecodeMono(string file)
    {
        using var temp = new TempFolder("label-listener-");
        var directory = temp.Path;
        var raw = Path.Combine(directory, "decoded.f32");
        Ffmpeg.Run("-i", file, "-map", "0:a:0", "-ac", "1", "-ar", Rate.ToString(CultureInfo.InvariantCulture), "-f", "f32le", raw);
        var bytes = File.ReadAllBytes(raw);
        var samples = new float[bytes.Length / 4];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        }
        return samples;
    }

    /// <summary>
    /// Runs (start and end in ms) of 1 ms hops where a 5 ms Goertzel window at <paramref name="frequency"/> holds
    /// most of the window's energy and the tone is above −30 dBFS, within the first <paramref name="seconds"/>.
    /// </summary>
    public static List<(double Start, double End)> ToneRuns(float[] samples, double frequency, double seconds)
    {
        int window = Rate / 200, hop = Rate / 1000;
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / Rate);
        var runs = new List<(double Start, double End)>();
        int limit = Math.Min(samples.Length - window, (int)(seconds * Rate));
        double? start = null;
        for (int at = 0; at <= limit; at += hop)
        {
            double s1 = 0, s2 = 0, energy = 0;
            for (int n = at; n < at + window; n++)
            {
                double s0 = samples[n] + coefficient * s1 - s2;
                s2 = s1;
                s1 = s0;
                energy += samples[n] * samples[n];
            }
            double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
            // A pure tone of amplitude A puts (A N / 2)^2 in the bin and A^2 N / 2 in the window's energy.
            double toneAmplitude = 2 * Math.Sqrt(power) / window;
            bool tone = toneAmplitude > 0.03 && power / (window / 2.0) > 0.7 * energy;
            double centre = (at + window / 2.0) * 1000 / Rate;
            if (tone && start is null)
            {
                start = centre;
            }
            else if (!tone && start is { } began)
            {
                runs.Add((began, centre));
                start = null;
            }
        }
        if (start is { } open)
        {
            runs.Add((open, seconds * 1000));
        }
        return runs;
    }

    /// <summary>
    /// Within <paramref name="fromSeconds"/> to <paramref name="toSeconds"/>: the first and last 10 ms window above
    /// <see cref="SilenceRms"/>, in seconds from the start of <paramref name="samples"/>, and the fraction of windows
    /// between them that are; null when every window is silent.
    /// </summary>
    public static (double First, double Last, double VoicedFraction)? VoicedSpan(float[] samples, double fromSeconds, double toSeconds)
    {
        int window = Rate / 100;
        int begin = (int)Math.Round(fromSeconds * Rate);
        int end = Math.Min(samples.Length, (int)Math.Round(toSeconds * Rate));
        var voiced = new List<bool>();
        for (int at = begin; at + window <= end; at += window)
        {
            double energy = 0;
            for (int n = at; n < at + window; n++)
            {
                energy += samples[n] * samples[n];
            }
            voiced.Add(Math.Sqrt(energy / window) > SilenceRms);
        }
        int first = voiced.IndexOf(true), last = voiced.LastIndexOf(true);
        if (first < 0)
        {
            return null;
        }
        double fraction = voiced.Skip(first).Take(last - first + 1).Count(v => v) / (double)(last - first + 1);
        return (fromSeconds + first / 100.0, fromSeconds + (last + 1) / 100.0, fraction);
    }
}
