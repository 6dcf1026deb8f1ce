using System.Buffers.Binary;
using Provenance.Core.Audio;
using Provenance.Core.Formats;
using Provenance.Core.Tests.Formats.Audio;
using Provenance.Testing;

namespace Provenance.Core.Tests.Audio;

/// <summary>
/// The audio headers admission control prices a call by (Audio/AudioHeaders.cs: WAV fmt and data, FLAC STREAMINFO,
/// the first MP3 frame and its Xing/Info header, M4A's sound track) against ffprobe, on the corpus made into every
/// format the service signs and on c2pa-rs's sample files; and the headers that say less than ffprobe would learn.
/// </summary>
public sealed class AudioHeadersTests
{
    [Fact]
    public void Every_corpus_file_in_every_format_declares_what_ffprobe_finds()
    {
        using var temp = new TempFolder("audio-headers-");
        var directory = temp.Path;
        var files = AudioCorpusFiles.Make(directory)
            .Concat(new[] { "sample1.wav", "sample1.mp3", "sample1.flac", "sample1.m4a" }.Select(f => Path.Combine(RepositoryPaths.C2paFixtures, "media", f)))
            .ToList();
        Assert.Equal(34, files.Count);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var header = AudioHeaders.Read(bytes, AssetHandlers.DetectFormat(bytes)!.Format);
            var probed = AudioReencoder.Probe(file, MediaLimits.Default);
            Assert.NotNull(header);
            Assert.Equal((Path.GetFileName(file), probed.SampleRate, probed.Channels), (Path.GetFileName(file), header.SampleRate, header.Channels ?? 0));
            // MP3 counts whole frames (the encoder's padding too), M4A its track's media length: within 0.1 s.
            Assert.True(Math.Abs(header.DurationSeconds!.Value - probed.DurationSeconds!.Value) < 0.1,
                $"{Path.GetFileName(file)}: header {header.DurationSeconds} s, ffprobe {probed.DurationSeconds} s");
        }
    }

    [Fact]
    public void An_mp3_without_a_xing_header_is_as_long_as_its_bytes_at_the_first_frame_rate_as_ffprobe_estimates()
    {
        using var temp = new TempFolder("audio-headers-");
        var directory = temp.Path;
        var path = Path.Combine(directory, "plain.mp3");
        AudioCorpusFiles.Ffmpeg("-i", Path.Combine(AudioCorpusFiles.Corpus, "transience.ogg"), "-t", "20", "-map_metadata", "-1",
            "-c:a", "libmp3lame", "-b:a", "96k", "-write_xing", "0", path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("Xing"u8));
        var header = AudioHeaders.Read(bytes, AssetFormat.Mp3)!;
        var probed = AudioReencoder.Probe(path, MediaLimits.Default);
        Assert.InRange(header.DurationSeconds!.Value, probed.DurationSeconds!.Value - 0.1, probed.DurationSeconds.Value + 0.1);
    }

    [Fact]
    public void Headers_that_do_not_say_how_long_leave_the_length_open()
    {
        // FLAC with a total sample count of zero ("unknown"), 96 kHz, 6 channels.
        var flac = Flac(96_000, 6, 0);
        Assert.Equal(new AudioHeader(96_000, 6, null), AudioHeaders.Read(flac, AssetFormat.Flac));
        Assert.Equal(new AudioHeader(96_000, 6, 10), AudioHeaders.Read(Flac(96_000, 6, 960_000), AssetFormat.Flac));
        // MP3 in the free format (bit rate index 0): no rate to divide by. MPEG-1 layer III, 48 kHz, mono.
        byte[] free = [0xFF, 0xFB, 0x04, 0xC0, .. new byte[400]];
        Assert.Equal(new AudioHeader(48_000, 1, null), AudioHeaders.Read(free, AssetFormat.Mp3));
        // WAV whose block align is zero.
        Assert.Equal(new AudioHeader(44_100, 2, null), AudioHeaders.Read(Wav(44_100, 2, blockAlign: 0, dataBytes: 1000), AssetFormat.Wav));
        Assert.Equal(new AudioHeader(44_100, 2, 1000 / 4 / 44_100.0), AudioHeaders.Read(Wav(44_100, 2, blockAlign: 4, dataBytes: 1000), AssetFormat.Wav));
    }

    [Fact]
    public void Headers_that_do_not_read_give_nothing()
    {
        Assert.Null(AudioHeaders.Read([.. "RIFF"u8, 4, 0, 0, 0, .. "WAVE"u8], AssetFormat.Wav)); // no fmt or data chunk
        Assert.Null(AudioHeaders.Read([.. "fLaC"u8, 0x80, 0, 0, 10], AssetFormat.Flac)); // STREAMINFO cut short
        Assert.Null(AudioHeaders.Read(new byte[Provenance.Core.Formats.Mp3.Mp3FrameHeader.MaxSearchBytes + 64], AssetFormat.Mp3)); // no frame sync
        Assert.Null(AudioHeaders.Read([0, 0, 0, 8, .. "ftyp"u8], AssetFormat.M4a)); // no movie header
    }

    private static byte[] Flac(int rate, int channels, long samples)
    {
        var file = new byte[4 + 4 + 34];
        "fLaC"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), 0x8000_0000 | 34);
        var bits = ((ulong)rate << 44) | ((ulong)(channels - 1) << 41) | (15UL << 36) | (ulong)samples;
        BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(8 + 10), bits);
        return file;
    }

    private static byte[] Wav(int rate, int channels, int blockAlign, int dataBytes)
    {
        var file = new byte[12 + 8 + 16 + 8 + dataBytes];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), file.Length - 8);
        "WAVEfmt "u8.CopyTo(file.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(22), (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(28), rate * blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(32), (short)blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(34), 16);
        "data"u8.CopyTo(file.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(40), dataBytes);
        return file;
    }
}
