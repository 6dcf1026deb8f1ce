using System.Globalization;
using Provenance.Core.External;
using Provenance.Core.Fingerprint;

namespace Provenance.Core.Video;

/// <summary>
/// Takes the thumbnails of a <see cref="ClipFingerprint"/> from a clip with one ffmpeg: its <c>fps</c> filter picks
/// the frame nearest each sampling instant and <c>scale</c> with area averaging shrinks it, so only a few hundred
/// bytes per sample cross the pipe. Sign fingerprints the whole signed clip; Verify samples one segment of the
/// upload (input seeking decodes from the keyframe before it, not the whole file). The same filter chain on both
/// sides keeps the two samplings comparable.
/// </summary>
internal static class ClipSampler
{
    /// <summary>Length of the upload segment Verify compares (issue 14: any 3-second segment must suffice).</summary>
    public const double SegmentSeconds = 3;

    /// <summary>The fingerprint of the whole clip at <paramref name="path"/>, whose facts the caller probed.</summary>
    public static ClipFingerprint Fingerprint(string path, VideoInfo info, CancellationToken cancellationToken = default)
    {
        var (width, height) = ClipFingerprint.ThumbnailSize(info.Width, info.Height);
        var interval = ClipFingerprint.IntervalFor(info.DurationSeconds);
        var samples = Read(path, null, null, 1000.0 / interval, width, height, ClipFingerprint.MaxSamples, cancellationToken);
        if (samples.Count == 0)
        {
            throw new InvalidMediaException(MediaError.Corrupt, "No frame of the video could be decoded for its fingerprint.");
        }
        return new ClipFingerprint(info.Width, info.Height, width, height, interval, samples);
    }

    /// <summary>
    /// A <see cref="SegmentSeconds"/> segment from the middle of the upload (all of it when shorter), sampled
    /// <see cref="ClipFingerprintMatcher.Phases"/> times as densely as <paramref name="stored"/> at its thumbnail size.
    /// </summary>
    public static IReadOnlyList<byte[]> Segment(string path, VideoInfo info, ClipFingerprint stored, CancellationToken cancellationToken = default)
    {
        var interval = stored.IntervalMilliseconds / 1000.0;
        // A segment spans at least six stored instants, so a sparsely sampled long record still gets a sequence.
        var length = Math.Min(info.DurationSeconds, Math.Max(SegmentSeconds, 6 * interval));
        var start = Math.Max(0, (info.DurationSeconds - length) / 2);
        var rate = ClipFingerprintMatcher.Phases / interval;
        var limit = (int)Math.Ceiling(length * rate) + ClipFingerprintMatcher.Phases;
        return Read(path, start, length, rate, stored.ThumbnailWidth, stored.ThumbnailHeight, limit, cancellationToken);
    }

    private static List<byte[]> Read(string path, double? start, double? length, double rate, int width, int height, int limit,
        CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-nostdin", "-v", "error" };
        if (start is { } s)
        {
            arguments.AddRange(["-ss", Seconds(s)]);
        }
        arguments.AddRange(["-i", path, "-map", "0:v:0"]);
        if (length is { } l)
        {
            arguments.AddRange(["-t", Seconds(l)]);
        }
        arguments.AddRange(["-vf", $"fps={rate.ToString("0.######", CultureInfo.InvariantCulture)},scale={width}:{height}:flags=area,format=gray",
            "-f", "rawvideo", "-"]);
        using var process = FfmpegTool.Start("ffmpeg", arguments, redirectInput: false);
        using var cancel = cancellationToken.Register(() => FfmpegTool.KillQuietly(process));
        var errors = FfmpegTool.ReadBoundedAsync(process.StandardError, 4096);
        var samples = new List<byte[]>();
        var source = process.StandardOutput.BaseStream;
        try
        {
            while (samples.Count < limit)
            {
                var sample = new byte[width * height];
                if (source.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false) != sample.Length)
                {
                    break;
                }
                samples.Add(sample);
            }
        }
        finally
        {
            // Past the limit (a duration shorter than declared) the rest is not needed: stop ffmpeg rather than drain it.
            FfmpegTool.KillQuietly(process);
            process.WaitForExit();
        }
        cancellationToken.ThrowIfCancellationRequested();
        _ = errors.Result;
        return samples;
    }

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
