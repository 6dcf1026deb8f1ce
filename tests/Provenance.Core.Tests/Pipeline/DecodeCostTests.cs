using Provenance.Core.Admission;
using Provenance.Core.Audio;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Tests.Formats.Audio;
using Provenance.Core.Tests.Formats.Bmff;
using Provenance.Core.Video;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Pipeline;

/// <summary>
/// The memory admission control prices video and audio calls at (Admission/DecodeCost.cs), against what the calls were
/// measured to add to a 2-CPU host's memory, process and ffmpeg children together (the video-memory and
/// audio-memory benches, docs/video.md and docs/audio.md, "Memory"): each estimate must cover its measurement and
/// stay within 40% above it, so that a budget is neither overrun nor wasted. And the bounds: what does not read
/// costs the worst the limits admit, what declares more than they admit costs as much as they do.
/// </summary>
public sealed class DecodeCostTests
{
    private const long MiB = 1024 * 1024;

    /// <summary>Highest estimate over measurement tolerated: the estimates are upper bounds with a margin, not guesses.</summary>
    private const double Margin = 1.4;

    /// <summary>
    /// MiB added by Sign and by Verify (the unmarked clip, every fallback of the detector) on the corpus clips, measured
    /// with the video-memory bench on 2 CPUs (docs/video.md). box.mp4 and megamind.mp4 have sound, marked at Sign.
    /// </summary>
    public static TheoryData<string, int, int> MeasuredClips => new()
    {
        { "box.mp4", 277, 103 },
        { "megamind.mp4", 292, 85 },
        { "garden-pan-1080p.mp4", 678, 166 },
    };

    [Theory]
    [MemberData(nameof(MeasuredClips))]
    public void A_corpus_clip_is_priced_at_what_its_calls_were_measured_to_hold(string clip, int signMiB, int verifyMiB)
    {
        var tracks = BmffTrackHeaders.Read(VideoClips.Corpus(clip));
        AssertCovers(signMiB, VideoDecodeCost.Estimate(tracks, MediaCall.Sign, MediaLimits.Default, VideoDecodeCost.MeasuredCpus), clip + " Sign");
        AssertCovers(verifyMiB, VideoDecodeCost.Estimate(tracks, MediaCall.Verify, MediaLimits.Default, VideoDecodeCost.MeasuredCpus), clip + " Verify");
        // The file's length plays no part: a spooled upload and the same bytes in memory cost the same.
        var bytes = File.ReadAllBytes(VideoClips.Corpus(clip));
        Assert.Equal(DecodeCost.EstimateVideoFileBytes(VideoClips.Corpus(clip), MediaCall.Sign, MediaLimits.Default),
            DecodeCost.EstimateBytes(bytes, MediaCall.Sign, MediaLimits.Default));
    }

    [Theory]
    [InlineData(1280, 720, 406, 127)]
    [InlineData(3840, 2160, 1984, 360)]
    public void Frame_sizes_the_corpus_lacks_are_priced_at_what_their_calls_were_measured_to_hold(int width, int height, int signMiB, int verifyMiB)
    {
        // Measured on garden-pan-1080p.mp4 scaled to each size (no sound); priced here from a movie header alone.
        var headers = Headers(width, height);
        AssertCovers(signMiB, VideoDecodeCost.Estimate(headers, MediaCall.Sign, MediaLimits.Default, VideoDecodeCost.MeasuredCpus), $"{width}x{height} Sign");
        AssertCovers(verifyMiB, VideoDecodeCost.Estimate(headers, MediaCall.Verify, MediaLimits.Default, VideoDecodeCost.MeasuredCpus), $"{width}x{height} Verify");
    }

    [Fact]
    public void A_clip_is_priced_by_its_frame_not_its_length_nor_beyond_the_frame_limit()
    {
        Assert.Equal(
            VideoDecodeCost.Estimate(BmffTrackHeaders.Read(VideoClips.Corpus("garden-pan-1080p.mp4")), MediaCall.Sign, MediaLimits.Default, 2),
            VideoDecodeCost.Estimate(Headers(1920, 1080), MediaCall.Sign, MediaLimits.Default, 2));
        // A declared 16K frame costs what the largest frame the probe admits does; so does a header that does not read.
        var largest = VideoDecodeCost.Estimate(Headers(4096, 2160), MediaCall.Sign, MediaLimits.Default, 2);
        Assert.Equal(largest, VideoDecodeCost.Estimate(Headers(15360, 8640), MediaCall.Sign, MediaLimits.Default, 2));
        Assert.Equal(largest, VideoDecodeCost.Estimate(new BmffTrackHeaders(null, true, null, false), MediaCall.Sign, MediaLimits.Default, 2));
        var truncated = File.ReadAllBytes(VideoClips.Corpus("garden-pan-1080p.mp4"))[..^1];
        Assert.Equal(DecodeCost.EstimateBytes(Movie(4096, 2160), MediaCall.Verify, MediaLimits.Default),
            DecodeCost.EstimateBytes(truncated, MediaCall.Verify, MediaLimits.Default));
        // A lower frame limit lowers the worst case with it.
        Assert.Equal(VideoDecodeCost.Estimate(Headers(1920, 1080), MediaCall.Sign, MediaLimits.Default, 2), VideoDecodeCost.Estimate(
            new BmffTrackHeaders(null, true, null, false), MediaCall.Sign, MediaLimits.Default with { MaxVideoPixels = 1920 * 1080 }, 2));
    }

    [Fact]
    public void An_mp4_of_sound_alone_costs_what_the_probe_that_refuses_it_does()
    {
        var soundOnly = BmffTrackHeadersTests.Movie(BmffTrackHeadersTests.Track("soun", BmffTrackHeadersTests.Tkhd(0, 0, 0),
            BmffTrackHeadersTests.SoundEntry(48_000, 2), BmffTrackHeadersTests.Mdhd(0, 48_000, 48_000 * 600)));
        Assert.Equal(VideoDecodeCost.SignBaseBytes, DecodeCost.EstimateBytes(soundOnly, MediaCall.Sign, MediaLimits.Default));
        Assert.Equal(VideoDecodeCost.VerifyBaseBytes, DecodeCost.EstimateBytes(soundOnly, MediaCall.Verify, MediaLimits.Default));
    }

    [Fact]
    public void More_cpus_mean_more_codec_threads_holding_frames()
    {
        var headers = Headers(1920, 1080);
        var two = VideoDecodeCost.Estimate(headers, MediaCall.Sign, MediaLimits.Default, 2);
        var sixteen = VideoDecodeCost.Estimate(headers, MediaCall.Sign, MediaLimits.Default, 16);
        Assert.Equal(14 * VideoDecodeCost.SignBytesPerPixelPerCpu * 1920 * 1080, sixteen - two);
        Assert.Equal(two, VideoDecodeCost.Estimate(headers, MediaCall.Sign, MediaLimits.Default, 1));
        Assert.True(VideoDecodeCost.Estimate(headers, MediaCall.Verify, MediaLimits.Default, 16) < sixteen);
    }

    [Fact]
    public void A_sound_track_adds_its_samples_to_a_video_sign_and_nothing_to_a_verify()
    {
        var silent = Headers(1280, 720);
        var sound = silent with { HasAudioTrack = true, Audio = new AudioHeader(48_000, 2, 600) };
        var samples = (600 + 1) * 48_000L * 2 * sizeof(float);
        Assert.Equal((long)(AudioDecodeCost.SignBytesPerSampleByte * samples),
            VideoDecodeCost.Estimate(sound, MediaCall.Sign, MediaLimits.Default, 2) - VideoDecodeCost.Estimate(silent, MediaCall.Sign, MediaLimits.Default, 2));
        Assert.Equal(VideoDecodeCost.Estimate(silent, MediaCall.Verify, MediaLimits.Default, 2), VideoDecodeCost.Estimate(sound, MediaCall.Verify, MediaLimits.Default, 2));
        // A track whose facts do not read is priced as the longest, widest sound the limits let a decode produce.
        var unread = silent with { HasAudioTrack = true };
        Assert.Equal(VideoDecodeCost.Estimate(silent, MediaCall.Sign, MediaLimits.Default, 2) + (long)(AudioDecodeCost.SignBytesPerSampleByte * Array.MaxLength),
            VideoDecodeCost.Estimate(unread, MediaCall.Sign, MediaLimits.Default, 2));
    }

    /// <summary>MiB added by audio Sign (fresh process, server GC) on 44.1 kHz stereo music, measured with the audio-memory bench (docs/audio.md).</summary>
    public static TheoryData<string, double, int> MeasuredAudioSign => new()
    {
        { "mp3", 60, 182 },
        { "mp3", 180, 494 },
        { "wav", 60, 196 },
        { "flac", 60, 200 },
        { "m4a", 60, 189 },
    };

    [Theory]
    [MemberData(nameof(MeasuredAudioSign))]
    public void An_audio_sign_is_priced_at_what_it_was_measured_to_hold(string extension, double seconds, int signMiB)
    {
        using var temp = new TempFolder("decode-cost-");
        var directory = temp.Path;
        // The bench's files: love_theme.ogg (looped for 180 s) in each format.
        var path = Path.Combine(directory, "music." + extension);
        AudioCorpusFiles.Ffmpeg(["-stream_loop", "1", "-i", Path.Combine(AudioCorpusFiles.Corpus, "love_theme.ogg"), "-t", $"{seconds}",
            "-map_metadata", "-1", .. Codec(extension), path]);
        var bytes = File.ReadAllBytes(path);
        AssertCovers(signMiB, DecodeCost.EstimateBytes(bytes, MediaCall.Sign, MediaLimits.Default), $"{seconds} s of {extension} Sign");
    }

    [Fact]
    public void An_audio_verify_is_bounded_whatever_the_header_declares()
    {
        // Measured (fresh process, server GC; docs/audio.md): 60 s of 48 kHz stereo WAV 64 MiB, of 22.05 kHz mono WAV 61 MiB.
        AssertCovers(64, AudioDecodeCost.Verify(new AudioHeader(48_000, 2, 60), 11L * MiB, MediaLimits.Default), "48 kHz stereo Verify");
        AssertCovers(61, AudioDecodeCost.Verify(new AudioHeader(22_050, 1, 60), 5L * MiB / 2, MediaLimits.Default), "22.05 kHz mono Verify");
        // Ten minutes of 384 kHz, 16 channels: Verify still decodes 45 s of one channel at 16 kHz at most.
        var most = AudioDecodeCost.Verify(new AudioHeader(48_000, 2, 45), 0, MediaLimits.Default);
        Assert.Equal(most, AudioDecodeCost.Verify(new AudioHeader(384_000, 16, 600), 0, MediaLimits.Default));
        Assert.Equal(most, AudioDecodeCost.Verify(null, 0, MediaLimits.Default));
        // Bytes no format recognises go to ffmpeg at Verify as possible audio; Sign refuses them before any work.
        Assert.Equal(most + 4, DecodeCost.EstimateBytes("junk"u8, MediaCall.Verify, MediaLimits.Default));
        Assert.Equal(4, DecodeCost.EstimateBytes("junk"u8, MediaCall.Sign, MediaLimits.Default));
    }

    [Fact]
    public void An_audio_sign_is_priced_by_its_declared_samples_within_what_the_decode_allows()
    {
        var limits = MediaLimits.Default;
        var minute = AudioDecodeCost.Sign(new AudioHeader(44_100, 2, 60), 0, limits);
        var tenMinutes = AudioDecodeCost.Sign(new AudioHeader(44_100, 2, 600), 0, limits);
        var expected = (long)(AudioDecodeCost.SignBytesPerSampleByte * 540 * 44_100 * 2 * sizeof(float));
        Assert.InRange(tenMinutes - minute, expected - 1, expected + 1);
        // Longer than the limit, or of no declared length: as long as the limit.
        Assert.Equal(tenMinutes, AudioDecodeCost.Sign(new AudioHeader(44_100, 2, 1e9), 0, limits));
        Assert.Equal(tenMinutes, AudioDecodeCost.Sign(new AudioHeader(44_100, 2, null), 0, limits));
        Assert.Equal(minute, AudioDecodeCost.Sign(new AudioHeader(44_100, 2, null), 0, limits with { MaxVideoSeconds = 60 }));
        // Rates and channel counts outside what the decode accepts count as its bounds; nothing beyond one array of samples.
        Assert.Equal(AudioDecodeCost.Sign(new AudioHeader(384_000, 16, 10), 0, limits), AudioDecodeCost.Sign(new AudioHeader(1_000_000, 255, 10), 0, limits));
        var unreadable = AudioDecodeCost.Sign(null, 0, limits);
        Assert.Equal(AudioDecodeCost.SignBaseBytes + (long)(AudioDecodeCost.SignBytesPerSampleByte * Array.MaxLength), unreadable);
        Assert.Equal(unreadable, AudioDecodeCost.Sign(new AudioHeader(384_000, 16, 600), 0, limits));
    }

    private static BmffTrackHeaders Headers(int width, int height) => BmffTrackHeaders.Read(Movie(width, height));

    private static byte[] Movie(int width, int height) =>
        BmffTrackHeadersTests.Movie(BmffTrackHeadersTests.Track("vide", BmffTrackHeadersTests.Tkhd(0, width, height), BmffTrackHeadersTests.VisualEntry(width, height)));

    private static string[] Codec(string extension) => extension switch
    {
        "wav" => ["-c:a", "pcm_s16le"],
        "mp3" => ["-c:a", "libmp3lame", "-b:a", "128k"],
        "flac" => ["-c:a", "flac"],
        _ => ["-c:a", "aac", "-b:a", "128k"],
    };

    private static void AssertCovers(int measuredMiB, long estimate, string what) =>
        Assert.True(estimate >= measuredMiB * MiB && estimate <= measuredMiB * MiB * Margin,
            $"{what}: estimated {estimate / MiB} MiB, measured {measuredMiB} MiB");
}
