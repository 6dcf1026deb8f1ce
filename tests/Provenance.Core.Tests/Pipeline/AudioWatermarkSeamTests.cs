using System.Globalization;
using Provenance.Core.Audio;
using Provenance.Core.Audio.Watermark;
using Provenance.Core.C2pa.Validation;
using Provenance.Core.Formats;
using Provenance.Core.Signing;
using Provenance.Core.Tests.C2pa;
using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Core.Tests.Formats.Audio;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Pipeline;

/// <summary>
/// The audio watermark seam (<see cref="IAudioWatermark"/>) with a stand-in scheme that changes every sample by a
/// known gain: Sign decodes, lets the scheme mark, re-encodes with the input's codec, sample format, rate, channels
/// and bit rate, and the manifest then names the watermark; the files stay Trusted by our validator and both c2pa-rs
/// builds. A scheme that declines gives the omitted reason and the untouched input. The stand-in is a test double
/// for the seam's plumbing, not a watermark.
/// </summary>
public sealed class AudioWatermarkSeamTests : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture _pipeline;

    public AudioWatermarkSeamTests(PipelineFixture pipeline) => _pipeline = pipeline;

    /// <summary>Scales every sample by 0.9 (-0.9 dB), which any re-encode keeps measurable.</summary>
    private sealed class GainScheme(string? declines = null) : IAudioWatermark
    {
        public ulong? MarkedId { get; private set; }

        public string? CannotEmbed(PcmAudio audio) => declines;

        public double Embed(PcmAudio audio, ulong id)
        {
            for (int i = 0; i < audio.Samples.Length; i++)
            {
                audio.Samples[i] *= 0.9f;
            }
            MarkedId = id;
            return 20; // 20 log10(1 / 0.1)
        }

        /// <summary>Sign's read-back: reports the ID it marked with, so the plumbing after it runs.</summary>
        public AudioWatermarkDetection Detect(PcmAudio audio) => new(MarkedId is not null, MarkedId, 10, 0, 1, 0, 1);
    }

    private ContentSigner SignerWith(IAudioWatermark scheme) => new(_pipeline.Credential, _pipeline.Watermarker, MediaLimits.Default, scheme);

    [Fact]
    public void Marked_audio_is_re_encoded_with_the_inputs_settings_and_the_manifest_names_the_watermark()
    {
        using var temp = new TempFolder("audio-seam-");
        var directory = temp.Path;
        var signedFiles = new List<string>();
        foreach (var extension in AudioClips.Extensions)
        {
            var input = Path.Combine(directory, "voice." + extension);
            AudioClips.Voice(input);
            signedFiles.Add(SignAndCheck(input, lossless: extension is "wav" or "flac"));
        }
        // Apple Lossless in M4A, at 24 bits: the same container as AAC, re-encoded losslessly at the input's depth.
        var alac = Path.Combine(directory, "voice-alac.m4a");
        Ffmpeg.Run(["-i", Path.Combine(RepositoryPaths.Shared, "corpus", "audio", "Front_Center.wav"), "-map_metadata", "-1",
            "-c:a", "alac", "-sample_fmt", "s32p", alac]);
        signedFiles.Add(SignAndCheck(alac, lossless: true));
        AssertTrustedByBothReferenceBuilds(signedFiles);
    }

    [Fact]
    public void A_songs_tags_and_cover_survive_the_re_encode_and_a_stale_label_does_not()
    {
        using var temp = new TempFolder("audio-tags-");
        var directory = temp.Path;
        var cover = Path.Combine(directory, "cover.jpg");
        Ffmpeg.Run(["-f", "lavfi", "-i", "testsrc=size=160x160:duration=1", "-frames:v", "1", cover]);
        var signedFiles = new List<string>();
        foreach (var extension in AudioClips.Extensions)
        {
            var plain = Path.Combine(directory, "plain." + extension);
            AudioClips.Voice(plain);
            // Title, artist and album, an AIGC tag some other tool wrote, and cover art where the format has it.
            var input = Path.Combine(directory, "song." + extension);
            string[] picture = extension == "wav" ? [] : ["-i", cover, "-map", "1:v", "-c:v", "copy", "-disposition:v", "attached_pic"];
            Ffmpeg.Run(["-i", plain, .. picture, "-map", "0:a", "-c:a", "copy", "-metadata", "title=A generated song",
                "-metadata", "artist=Example Band", "-metadata", "album=Examples", "-metadata", "AIGC=stale label", input]);

            var signed = SignerWith(new GainScheme()).Sign(File.ReadAllBytes(input),
                new SignInput(PipelineFixture.Generator, "example-voice", "1", null, C2paTestKit.WatermarkId, null));
            var output = Path.Combine(directory, "signed-song." + extension);
            File.WriteAllBytes(output, signed.Bytes);
            signedFiles.Add(output);

            Assert.True(signed.Watermarked, signed.WatermarkOmittedReason);
            var tags = AudioCorpusFiles.Ffmpeg("-i", output, "-f", "ffmetadata", "-");
            Assert.Contains("title=A generated song", tags);
            Assert.Contains("artist=Example Band", tags);
            Assert.Contains("album=Examples", tags);
            Assert.DoesNotContain("stale label", tags);
            if (extension != "wav")
            {
                Assert.Equal(Cover(input), Cover(output));
            }
        }
        AssertTrustedByBothReferenceBuilds(signedFiles);
    }

    // The attached picture's bytes, as ffmpeg demuxes them (its MD5 line), or empty when there is none.
    private static string Cover(string file) =>
        AudioCorpusFiles.Ffmpeg("-i", file, "-map", "0:v?", "-c", "copy", "-f", "md5", "-").Trim();

    private static void AssertTrustedByBothReferenceBuilds(IReadOnlyList<string> signedFiles)
    {
        var verdicts = ReferenceValidators.Validate(signedFiles, C2paTestKit.KeysExample("trust-anchors.pem"));
        Assert.All(verdicts, v => Assert.True(v.State == "Trusted" && v.Failures.Count == 0,
            $"{v.File} {v.Validator}: {v.State ?? v.Error} [{string.Join(",", v.Failures)}]"));
    }

    /// <summary>Signs <paramref name="input"/> with the stand-in scheme, checks the result, and returns the signed file's path.</summary>
    private string SignAndCheck(string input, bool lossless)
    {
        var scheme = new GainScheme();
        var signed = SignerWith(scheme).Sign(File.ReadAllBytes(input),
            new SignInput(PipelineFixture.Generator, "example-voice", "1", null, C2paTestKit.WatermarkId, null));
        var output = Path.Combine(Path.GetDirectoryName(input)!, "signed-" + Path.GetFileName(input));
        File.WriteAllBytes(output, signed.Bytes);
        var name = Path.GetFileName(input);

        Assert.True(signed.Watermarked, signed.WatermarkOmittedReason);
        Assert.Equal(C2paTestKit.WatermarkId, scheme.MarkedId);
        Assert.Equal(20, signed.WatermarkPsnrDb);
        Assert.Contains("c2pa.watermarked", signed.ManifestJson);
        Assert.Contains("c2pa.soft-binding", signed.ManifestJson);
        var result = C2paTestKit.ExampleValidator().Validate(new MemoryStream(signed.Bytes));
        Assert.True(result.State == ValidationState.Trusted && !result.FailureCodes.Any(), $"{name}: {result.State} [{string.Join(",", result.FailureCodes)}]");

        var (before, after) = (Facts(input), Facts(output));
        Assert.Equal(before.Codec, after.Codec);
        Assert.Equal(before.SampleFormat, after.SampleFormat);
        Assert.Equal(before.BitsPerSample, after.BitsPerSample);
        Assert.Equal(before.Rate, after.Rate);
        Assert.Equal(before.Channels, after.Channels);
        if (before.BitRate is { } rate && !lossless)
        {
            Assert.InRange(after.BitRate!.Value, rate * 0.85, rate * 1.15);
        }
        // The samples were marked: the level fell by 0.92 dB, exactly where the codec is lossless; a lossy
        // re-encode adds its own loss and priming silence (the drop measured 1.36 dB on one of them).
        var drop = MeanVolumeDb(input) - MeanVolumeDb(output);
        var (low, high) = lossless ? (0.9, 0.94) : (0.5, 2.0);
        Assert.True(drop >= low && drop <= high, $"{name}: the level fell by {drop:0.000} dB");
        return output;
    }

    [Fact]
    public void A_scheme_that_declines_leaves_the_samples_and_says_why()
    {
        var input = AudioClips.VoiceBytes("wav");
        var signed = SignerWith(new GainScheme(declines: "the clip is shorter than the mark needs"))
            .Sign(input, new SignInput(PipelineFixture.Generator, "example-voice", "1", null, C2paTestKit.WatermarkId, null));
        Assert.Equal("no audio watermark: the clip is shorter than the mark needs", signed.WatermarkOmittedReason);
        Assert.DoesNotContain("c2pa.soft-binding", signed.ManifestJson);
        var data = WavData(input);
        Assert.True(signed.Bytes.AsSpan().IndexOf(data) > 0, "the samples are the input's");
    }

    private static ReadOnlySpan<byte> WavData(byte[] wav)
    {
        var block = AssetHandlers.Audio[0].ListBlocks(wav).Single(b => b.Name == "data");
        return wav.AsSpan((int)block.Range.Start + 8, (int)block.Range.Length - 8);
    }

    private static (string Codec, string SampleFormat, string? BitsPerSample, string Rate, string Channels, long? BitRate) Facts(string file)
    {
        var fields = AudioCorpusFiles.StreamFacts(file).Split('|').Skip(1).Select(f => f.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return (fields["codec_name"], fields["sample_fmt"], fields.GetValueOrDefault("bits_per_raw_sample"), fields["sample_rate"], fields["channels"],
            long.TryParse(fields["bit_rate"], CultureInfo.InvariantCulture, out var b) ? b : null);
    }

    /// <summary>The RMS level of the decoded samples, in dB full scale.</summary>
    private static double MeanVolumeDb(string file)
    {
        var audio = AudioReencoder.Decode(file, AudioReencoder.Probe(file, MediaLimits.Default), MediaLimits.Default);
        var sum = audio.Samples.Sum(x => (double)x * x);
        return 10 * Math.Log10(sum / audio.Samples.Length);
    }
}
