using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Provenance.Contracts.V1;
using Provenance.Testing;
using Provenance.Testing.Media;
using Provenance.Testing.Service;

namespace ProvenanceService.Tests.EndToEnd;

/// <summary>
/// The audible explicit label through the running service (issue 19): audio signed over gRPC with
/// <c>explicit_label</c> starts with the label (heard by ffmpeg and <see cref="AudibleLabelListener"/>), the response
/// reports its span, and Verify says verified with the label's <c>c2pa.edited</c> action in the manifest. A service
/// whose PATH has no espeak-ng answers a spoken label with FAILED_PRECONDITION.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AudibleLabelTests(EndToEndFixture service)
{
    /// <summary>The rhythm prompt: tones of 1, 3, 1, 1 and gaps of 1, 3, 1 Morse units of 120 ms, then 0.5 s of silence.</summary>
    private const double RhythmSeconds = 1.82;

    [Theory]
    [MemberData(nameof(AudioTests.Formats), MemberType = typeof(AudioTests))]
    public async Task Labelled_audio_starts_with_the_rhythm_prompt_reports_its_span_and_verifies(string extension, string mimeType)
    {
        // The position means nothing to audio and is ignored; the unspecified audio kind is the rhythm prompt.
        var response = await service.Client.SignAsync(Request(AudioClips.VoiceBytes(extension), new ExplicitLabelOptions { Position = ExplicitLabelPosition.TopLeft }),
            Bearer.Of(ExampleKeys.GeneratorKey));
        Assert.Equal(mimeType, response.MimeType);
        var sound = response.ExplicitLabel.Sound;
        Assert.Equal(ExplicitLabelAudio.Rhythm, sound.Kind);
        Assert.Equal(0, sound.StartSeconds);
        Assert.Equal(RhythmSeconds, sound.EndSeconds, 3);
        Assert.Equal("", response.ExplicitLabel.Text);
        Assert.Equal(ExplicitLabelPosition.Unspecified, response.ExplicitLabel.Position);

        var tones = AudibleLabelListener.ToneRuns(Heard(response.Media, extension), 880, RhythmSeconds + 0.5);
        var found = string.Join(", ", tones.Select(t => $"{t.Start:F0}-{t.End:F0}"));
        Assert.True(tones.Count == 4, $"tones found (start-end ms): {found}");
        double[] expected = [120, 360, 120, 120];
        Assert.All(tones.Zip(expected), t => Assert.True(Math.Abs(t.First.End - t.First.Start - t.Second) <= 20, found));
        Assert.True(tones[0].Start <= 20, found);

        var verify = await service.VerifyAsync(response.Media.ToByteArray());
        Assert.Equal(Verdict.Verified, verify.Verdict);
        Assert.Equal("Trusted", verify.ValidationState);
        Assert.Equal(["c2pa.created", "c2pa.edited"], verify.Manifest.Actions);
        Assert.Equal(response.ContentHash, verify.ContentHash);
    }

    [Fact]
    public async Task A_spoken_notice_says_the_requests_text_before_the_content()
    {
        var response = await service.Client.SignAsync(
            Request(AudioClips.VoiceBytes("mp3"), new ExplicitLabelOptions { Audio = ExplicitLabelAudio.Speech, Text = "AI-generated" }),
            Bearer.Of(ExampleKeys.GeneratorKey));
        var sound = response.ExplicitLabel.Sound;
        Assert.Equal(ExplicitLabelAudio.Speech, sound.Kind);
        Assert.Equal("AI-generated", response.ExplicitLabel.Text);
        Assert.True(sound.CharactersPerMinute > 0);
        var voiced = AudibleLabelListener.VoicedSpan(Heard(response.Media, "mp3"), 0, sound.EndSeconds - 0.5);
        Assert.NotNull(voiced);
        Assert.True(voiced.Value.First <= 0.05 && voiced.Value.Last - voiced.Value.First >= 0.5, $"voiced {voiced.Value.First:F2}-{voiced.Value.Last:F2} s");

        var verify = await service.VerifyAsync(response.Media.ToByteArray());
        Assert.Equal(Verdict.Verified, verify.Verdict);
    }

    [Fact]
    public async Task Without_espeak_ng_a_spoken_notice_is_a_failed_precondition_and_the_rhythm_prompt_still_works()
    {
        // A PATH with ffmpeg and ffprobe and nothing else: the machine lacks the synthesiser, as a server without
        // the espeak-ng package would.
        using var temp = new TempFolder("path-without-espeak-");
        var tools = temp.Path;
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            File.CreateSymbolicLink(Path.Combine(tools, tool), Path.Combine("/usr/bin", tool));
        }
        await using var bare = await ServiceProcess.StartAsync(environment: new Dictionary<string, string> { ["PATH"] = tools });
        using var channel = GrpcChannel.ForAddress(bare.Address);
        var client = new ProvenanceClient(channel);
        var media = AudioClips.VoiceBytes("wav");
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.SignAsync(
            Request(media, new ExplicitLabelOptions { Audio = ExplicitLabelAudio.Speech }), Bearer.Of(ExampleKeys.GeneratorKey)));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("espeak-ng", error.Status.Detail);

        var rhythm = await client.SignAsync(Request(media, new ExplicitLabelOptions()), Bearer.Of(ExampleKeys.GeneratorKey));
        Assert.Equal(ExplicitLabelAudio.Rhythm, rhythm.ExplicitLabel.Sound.Kind);
    }

    [Fact]
    public async Task Audio_signed_without_the_option_reports_no_label()
    {
        var signed = await service.SignAsync(AudioClips.VoiceBytes("flac"));
        Assert.Null(signed.Response.ExplicitLabel);
        var verify = await service.VerifyAsync(signed.Bytes);
        Assert.Equal(["c2pa.created"], verify.Manifest.Actions);
    }

    /// <summary>The signed file as ffmpeg decodes it (mono, at the listener's rate).</summary>
    private static float[] Heard(ByteString media, string extension)
    {
        using var temp = new TempFolder("audible-e2e-");
        var directory = temp.Path;
        var path = Path.Combine(directory, "signed." + extension);
        File.WriteAllBytes(path, media.ToByteArray());
        return AudibleLabelListener.DecodeMono(path);
    }

    private static SignRequest Request(byte[] media, ExplicitLabelOptions label) => new()
    {
        Media = ByteString.CopyFrom(media),
        Generation = new GenerationInfo { ModelName = "e2e-voice", ModelVersion = "1.0" },
        ExplicitLabel = label,
    };
}
