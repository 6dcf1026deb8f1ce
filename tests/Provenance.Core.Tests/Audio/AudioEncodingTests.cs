using Provenance.Core.Audio;
using Provenance.Core.Formats;
using Provenance.Core.Signing;
using Provenance.Testing;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// Sign's encoder fed a piece at a time, with the read-back decoding the encoded packets while the encode goes on
/// (ffmpeg's tee muxer): the file is complete, the read-back hears the same sound, a path with the tee list's own
/// characters is written where it was asked for, and an encoder that fails is reported as the typed error without
/// leaving the read-back waiting.
/// </summary>
public sealed class AudioEncodingTests
{
    [Fact]
    public void The_read_back_hears_what_the_file_holds_while_it_is_written()
    {
        using var temp = new TempFolder("audio-encoding-");
        var directory = temp.Path;
        var odd = Directory.CreateDirectory(Path.Combine(directory, "a|b[c]'d\\e")).FullName;
        var target = Path.Combine(odd, "out.mp3");
        var audio = AudioWatermarkTests.Chords(seconds: 12, sampleRate: 44_100, channels: 2, seed: 4);
        var info = new AudioStreamInfo("mp3", "fltp", 44_100, 2, 128_000, 12, "mp3");
        using (var encoding = AudioEncoding.Start(info, AssetFormat.Mp3, 44_100, 2, target, readBack: true))
        {
            for (int start = 0; start < audio.Samples.Length; start += 44_100 * 2)
            {
                encoding.Write(audio.Samples.AsSpan(start, Math.Min(44_100 * 2, audio.Samples.Length - start)));
            }
            encoding.Finish();
            var heard = encoding.ReadBack!.Complete();
            var fromFile = AudioReencoder.Decode(target, 16_000, 1, 12, MediaLimits.Default);
            // The NUT copy lacks the file's note of the encoder's priming samples: at most a frame's worth longer.
            Assert.InRange(heard.Frames - fromFile.Frames, 0, 1_200);
            Assert.InRange(Rms(heard.Samples) / Rms(fromFile.Samples), 0.99, 1.01);
        }
        var probed = AudioReencoder.Probe(target, MediaLimits.Default);
        Assert.Equal(("mp3", 44_100, 2), (probed.Codec, probed.SampleRate, probed.Channels));
        Assert.InRange(probed.DurationSeconds ?? 0, 11.9, 12.2);
    }

    [Fact]
    public void An_encoder_that_fails_is_a_typed_error_and_nothing_waits_on_it()
    {
        using var temp = new TempFolder("audio-encoding-");
        var directory = temp.Path;
        var scheme = AudioWatermarkScheme.FromWatermarkKey(Convert.FromHexString("5EC0DE5EC0DE5EC0DE5EC0DE5EC0DE01"), 600);
        var audio = AudioWatermarkTests.Chords(seconds: 11, sampleRate: 44_100, channels: 2, seed: 6);
        var marking = ((IAudioWatermark)scheme).StartEmbed(audio, 7);
        // ffmpeg refuses a sample format FLAC has no encoder for before it reads a sample.
        var info = new AudioStreamInfo("flac", "no-such-format", 44_100, 2, null, 11, "flac");
        using var encoding = AudioEncoding.Start(info, AssetFormat.Flac, audio.SampleRate, audio.Channels, Path.Combine(directory, "out.flac"), readBack: true);
        var error = Assert.Throws<InvalidMediaException>(() => MarkedAudioEncoder.Encode(encoding, audio, marking, scheme, 7));
        Assert.Equal(MediaError.Corrupt, error.Error);
        Assert.Contains("ffmpeg", error.Message);
    }

    private static double Rms(float[] samples) => Math.Sqrt(samples.Average(s => (double)s * s));
}
