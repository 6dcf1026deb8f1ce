using Provenance.Core.Fingerprint;
using Provenance.Core.Signing;
using Provenance.Core.Tests.C2pa.Interop;
using Provenance.Core.Tests.Formats.Audio;
using Provenance.Core.Tests.Pipeline;
using Provenance.Core.Verification;
using Provenance.Testing;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Video;

/// <summary>
/// The audio track of a signed clip carries the frames' watermark ID (issue 15: "a voice lifted from a signed clip is
/// recovered too"): megamind.mp4 from the corpus (11.3 s, AAC stereo speech and music) is signed with the service's
/// audio scheme; its sound, lifted out as an MP3 with no metadata, is recovered through the record, matched by the
/// audio part of the clip's stored fingerprint.
/// </summary>
public sealed class VideoAudioTrackTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task A_voice_lifted_from_a_signed_clip_is_recovered()
    {
        using var temp = new TempFolder("video-audio-");
        var folder = temp.Path;
        var signedPath = Path.Combine(folder, "signed.mp4");
        var signed = pipeline.SignerWithAudio.SignVideoFile(VideoClips.Corpus("megamind.mp4"), signedPath,
            new SignInput(PipelineFixture.Generator, "example-video", "1", null, 0x5A17_0004_2345_6789UL, null));
        Assert.True(signed.AudioTrackWatermarked, signed.AudioTrackWatermarkOmittedReason);
        Assert.Contains("in the frames and in the audio track", signed.ManifestJson);
        Assert.True(ClipFingerprint.IsClipFingerprint(CombinedFingerprint.ClipPart(signed.Fingerprint)));
        Assert.True(AudioFingerprint.IsAudioFingerprint(CombinedFingerprint.AudioPart(signed.Fingerprint)));
        var records = new MemoryRecords();
        records.Add(signed);

        // The clip itself still verifies, frames and all.
        var clip = await pipeline.VerifierWithAudio.VerifyAsync(File.ReadAllBytes(signedPath), null, false, records, CancellationToken.None);
        Assert.Equal(Verdict.Verified, clip.Decision.Verdict);

        var voice = Path.Combine(folder, "voice.mp3");
        Ffmpeg.Run(["-i", signedPath, "-vn", "-map_metadata", "-1", "-c:a", "libmp3lame", "-b:a", "128k", voice]);
        var lifted = await pipeline.VerifierWithAudio.VerifyAsync(File.ReadAllBytes(voice), null, false, records, CancellationToken.None);
        Assert.Equal(signed.WatermarkIdHex, lifted.WatermarkId);
        Assert.True(lifted.FingerprintMatch is { Matches: true }, $"fingerprint score {lifted.FingerprintMatch?.Score}");
        Assert.Equal(Verdict.Recovered, lifted.Decision.Verdict);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_track_and_tag_of_the_clip_is_kept_the_first_sound_track_marked(bool markAudio)
    {
        // A stereo mix, a 5.1 mix, subtitles and tags, as a film's MP4 carries them: the signed file used to keep only
        // the frames and the first sound track when the sound was marked, and never the tags.
        using var temp = new TempFolder("video-audio-");
        var folder = temp.Path;
        var clip = Path.Combine(folder, "tracks.mp4");
        var subtitles = Path.Combine(folder, "subtitles.srt");
        File.WriteAllText(subtitles, "1\n00:00:00,500 --> 00:00:02,000\nAn AI-generated scene.\n");
        Ffmpeg.Run(["-i", VideoClips.Corpus("megamind.mp4"), "-i", subtitles, "-t", "6",
            "-filter_complex", "[0:a]pan=5.1|FL=c0|FR=c1|FC=0.5*c0+0.5*c1|LFE=0.1*c0|BL=c0|BR=c1[surround]",
            "-map", "0:v", "-map", "0:a", "-map", "[surround]", "-map", "1:s",
            "-c:v", "copy", "-c:a:0", "copy", "-c:a:1", "aac", "-b:a:1", "256k", "-c:s", "mov_text",
            "-metadata", "title=A generated scene", "-metadata", "artist=Example Studio", clip]);
        var signer = markAudio ? pipeline.SignerWithAudio : pipeline.Signer;
        var signedPath = Path.Combine(folder, "signed.mp4");
        var signed = signer.SignVideoFile(clip, signedPath,
            new SignInput(PipelineFixture.Generator, "example-video", "1", null, 0x5A17_0007_2345_6789UL, null));

        Assert.Equal(markAudio, signed.AudioTrackWatermarked);
        Assert.Equal(Streams(clip), Streams(signedPath));
        // The 5.1 mix and the subtitles are copied packet for packet; the first sound track is re-encoded only
        // when it is marked.
        Assert.Equal(Packets(clip, "0:a:1"), Packets(signedPath, "0:a:1"));
        Assert.Equal(Packets(clip, "0:s:0"), Packets(signedPath, "0:s:0"));
        Assert.Equal(!markAudio, Packets(clip, "0:a:0") == Packets(signedPath, "0:a:0"));
        // And the clip's tags.
        var tags = AudioCorpusFiles.Ffmpeg("-i", signedPath, "-f", "ffmetadata", "-");
        Assert.Contains("title=A generated scene", tags);
        Assert.Contains("artist=Example Studio", tags);
    }

    private static string Streams(string file) => ExternalTool.Run("ffprobe", ["-v", "error", "-show_entries",
        "stream=codec_type,codec_name,channels", "-of", "compact", file], Path.GetTempPath(), TimeSpan.FromMinutes(1)).Trim();

    // Each packet's size and MD5 (framemd5's last two columns), not its timestamps, which a remux may shift.
    private static string Packets(string file, string stream) =>
        string.Join('\n', AudioCorpusFiles.Ffmpeg("-i", file, "-map", stream, "-c", "copy", "-f", "framemd5", "-")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Select(l => string.Join(',', l.Split(',')[^2..])));

    [Fact]
    public void A_track_in_a_codec_not_re_encoded_here_is_copied_unmarked_and_the_reason_given()
    {
        using var temp = new TempFolder("video-audio-");
        var folder = temp.Path;
        var clip = Path.Combine(folder, "ac3.mp4");
        Ffmpeg.Run(["-i", VideoClips.Corpus("megamind.mp4"), "-t", "6", "-c:v", "copy", "-c:a", "ac3", clip]);
        var signed = pipeline.SignerWithAudio.SignVideoFile(clip, Path.Combine(folder, "signed.mp4"),
            new SignInput(PipelineFixture.Generator, "example-video", "1", null, 0x5A17_0006_2345_6789UL, null));
        Assert.True(signed.Watermarked);
        Assert.False(signed.AudioTrackWatermarked);
        Assert.Contains("(ac3)", signed.AudioTrackWatermarkOmittedReason);
        Assert.DoesNotContain("in the audio track", signed.ManifestJson);
    }

    [Fact]
    public void A_clip_without_sound_is_signed_with_its_frames_marked_only()
    {
        using var temp = new TempFolder("video-audio-");
        var folder = temp.Path;
        var silent = Path.Combine(folder, "box.mp4");
        VideoClips.CutBox(silent);
        var signed = pipeline.SignerWithAudio.SignVideoFile(silent, Path.Combine(folder, "signed.mp4"),
            new SignInput(PipelineFixture.Generator, "example-video", "1", null, 0x5A17_0005_2345_6789UL, null));
        Assert.True(signed.Watermarked);
        Assert.False(signed.AudioTrackWatermarked);
        Assert.True(ClipFingerprint.IsClipFingerprint(signed.Fingerprint));
    }
}
