using System.Buffers.Binary;
using Provenance.Core.Audio;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Bmff;
using Provenance.Core.Video;
using Provenance.Testing.Media;

namespace Provenance.Core.Tests.Formats.Bmff;

/// <summary>
/// The track headers admission control prices a video by (frame size, sound track) against ffprobe on every corpus
/// clip, and on hand-made movie headers for the cases the corpus lacks: a presentation size larger than the coded
/// one, 64-bit (version 1) headers, QuickTime's version 2 sound description, and headers that do not read.
/// </summary>
public sealed class BmffTrackHeadersTests
{
    public static TheoryData<string> CorpusClips => new(Directory.GetFiles(Path.GetDirectoryName(VideoClips.Corpus("box.mp4"))!, "*.mp4")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(CorpusClips))]
    public void A_corpus_clip_declares_the_frame_and_sound_ffprobe_finds(string clip)
    {
        var path = VideoClips.Corpus(clip);
        var headers = BmffTrackHeaders.Read(path);
        var probed = VideoProbe.Probe(path, MediaLimits.Default);

        Assert.True(headers.HasVideoTrack);
        Assert.Equal((long)probed.Width * probed.Height, headers.VideoPixels);
        Assert.Equal(probed.HasAudio, headers.HasAudioTrack);
        if (probed.HasAudio)
        {
            var sound = AudioReencoder.Probe(path, MediaLimits.Default);
            Assert.NotNull(headers.Audio);
            Assert.Equal(sound.SampleRate, headers.Audio.SampleRate);
            // MP3 in MP4 keeps the entry's count, which a muxer may write as the template 2: MP3 holds at most two anyway.
            Assert.InRange(headers.Audio.Channels!.Value, sound.Channels, Math.Max(sound.Channels, 2));
            Assert.InRange(headers.Audio.DurationSeconds!.Value, sound.DurationSeconds!.Value - 0.5, sound.DurationSeconds.Value + 0.5);
        }
        // The same from the bytes in memory (a unary call's media).
        Assert.Equal(headers, BmffTrackHeaders.Read(File.ReadAllBytes(path)));
    }

    [Fact]
    public void A_frame_counts_as_the_larger_of_its_presentation_and_coded_sizes()
    {
        // Anamorphic: coded 1440x1080, shown 1920x1080.
        var wide = BmffTrackHeaders.Read(Movie(Track("vide", Tkhd(1, 1920, 1080), VisualEntry(1440, 1080))));
        Assert.Equal(1920L * 1080, wide.VideoPixels);
        // A track header that says nothing (0x0, as some muxers write for a stream they did not measure).
        var unsized = BmffTrackHeaders.Read(Movie(Track("vide", Tkhd(0, 0, 0), VisualEntry(3840, 2160))));
        Assert.Equal(3840L * 2160, unsized.VideoPixels);
        Assert.False(unsized.HasAudioTrack);
    }

    [Fact]
    public void A_quicktime_version_2_sound_description_gives_its_float_rate_and_channels()
    {
        var movie = Movie(Track("vide", Tkhd(0, 1280, 720), VisualEntry(1280, 720)),
            Track("soun", Tkhd(0, 0, 0), SoundEntryVersion2(96_000, 6), Mdhd(1, 1000, 90_000)));
        var headers = BmffTrackHeaders.Read(movie);
        Assert.Equal(new AudioHeader(96_000, 6, 90), headers.Audio);
    }

    [Fact]
    public void A_sound_entry_rate_below_the_media_timescale_counts_as_the_timescale()
    {
        // HE-AAC signalled implicitly: its core rate (24 kHz) in the sample entry and configuration, decoded to twice that.
        var headers = BmffTrackHeaders.Read(Movie(Track("soun", Tkhd(0, 0, 0), SoundEntry(24_000, 2, Esds(0x40, 0x13, 0x10)),
            Mdhd(0, 48_000, 48_000 * 30))));
        Assert.Equal(new AudioHeader(48_000, 2, 30), headers.Audio);
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x08 }, 1, 44_100)] // AAC-LC, 44.1 kHz, mono: the entry's template says 2
    [InlineData(new byte[] { 0x11, 0xB0 }, 6, 48_000)] // AAC-LC, 48 kHz, 5.1: the entry's template says 2
    [InlineData(new byte[] { 0x11, 0x80 }, 0, 48_000)] // layout left to the stream: unknown (0 here)
    [InlineData(new byte[] { 0xEB, 0x09, 0x88 }, 2, 48_000)] // HE-AAC v2 (PS): 24 kHz mono core, 48 kHz stereo out
    public void An_aac_track_decodes_to_what_its_configuration_says(byte[] audioSpecificConfig, int channels, int rate)
    {
        var headers = BmffTrackHeaders.Read(Movie(Track("soun", Tkhd(0, 0, 0), SoundEntry(rate == 48_000 && channels == 2 ? 24_000 : rate, 2,
            Esds(0x40, audioSpecificConfig)), Mdhd(0, 1000, 10_000))));
        Assert.Equal(new AudioHeader(rate, channels == 0 ? null : channels, 10), headers.Audio);
    }

    [Fact]
    public void An_mp3_track_in_mp4_keeps_its_entry_count_and_a_missing_configuration_leaves_it_unknown()
    {
        var mp3 = BmffTrackHeaders.Read(Movie(Track("soun", Tkhd(0, 0, 0), SoundEntry(44_100, 2, Esds(0x6B)), Mdhd(0, 44_100, 44_100))));
        Assert.Equal(new AudioHeader(44_100, 2, 1), mp3.Audio);
        var bare = BmffTrackHeaders.Read(Movie(Track("soun", Tkhd(0, 0, 0), SoundEntry(44_100, 2), Mdhd(0, 44_100, 44_100))));
        Assert.Equal(new AudioHeader(44_100, null, 1), bare.Audio);
    }

    [Fact]
    public void A_sound_track_whose_description_does_not_read_is_still_reported()
    {
        var headers = BmffTrackHeaders.Read(Movie(Track("soun", Tkhd(0, 0, 0), Box("stsd", new byte[12]), Mdhd(0, 48_000, 0))));
        Assert.True(headers.HasAudioTrack);
        Assert.Null(headers.Audio);
        Assert.Null(headers.VideoPixels);
    }

    [Fact]
    public void A_track_whose_handler_does_not_read_may_be_video_or_sound_of_any_size()
    {
        var sized = Track("vide", Tkhd(0, 640, 480), VisualEntry(640, 480));
        var headless = Box("trak", [.. Tkhd(0, 1920, 1080), .. Box("mdia", Box("minf", Box("stbl", Box("stsd", [0, 0, 0, 0, 0, 0, 0, 1, .. VisualEntry(1920, 1080)]))))]);
        var headers = BmffTrackHeaders.Read(Movie(sized, headless));
        Assert.Equal(new BmffTrackHeaders(null, true, null, true), headers);
        // Known handlers of neither kind (timecode, text) are not counted.
        var timecode = BmffTrackHeaders.Read(Movie(sized, Track("tmcd", Tkhd(0, 0, 0), Box("tmcd", new byte[16]))));
        Assert.Equal(new BmffTrackHeaders(640L * 480, true, null, false), timecode);
    }

    [Fact]
    public void A_file_whose_boxes_do_not_tile_it_does_not_read()
    {
        var movie = Movie(Track("vide", Tkhd(0, 1920, 1080), VisualEntry(1920, 1080)));
        Assert.Throws<InvalidMediaException>(() => BmffTrackHeaders.Read(movie[..^3]));
    }

    internal static byte[] Movie(params byte[][] tracks) =>
        [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isommp41"u8]), .. Box("moov", [.. tracks.SelectMany(t => t)]), .. Box("mdat", new byte[16])];

    internal static byte[] Track(string handler, byte[] tkhd, byte[] sampleEntry, byte[]? mdhd = null)
    {
        byte[] hdlr = Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. System.Text.Encoding.ASCII.GetBytes(handler), .. new byte[13]]);
        byte[] stsd = sampleEntry.AsSpan(4, 4).SequenceEqual("stsd"u8) ? sampleEntry : Box("stsd", [0, 0, 0, 0, 0, 0, 0, 1, .. sampleEntry]);
        return Box("trak", [.. tkhd, .. Box("mdia", [.. mdhd ?? Mdhd(0, 1000, 0), .. hdlr, .. Box("minf", Box("stbl", stsd))])]);
    }

    /// <summary>A track header of <paramref name="version"/> 0 or 1 with a 16.16 presentation size.</summary>
    internal static byte[] Tkhd(byte version, int width, int height)
    {
        var body = new byte[version == 1 ? 96 : 84];
        body[0] = version;
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(body.Length - 8), width << 16);
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(body.Length - 4), height << 16);
        return Box("tkhd", body);
    }

    internal static byte[] Mdhd(byte version, uint timescale, ulong duration)
    {
        var body = new byte[version == 1 ? 36 : 24];
        body[0] = version;
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(version == 1 ? 20 : 12), timescale);
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt64BigEndian(body.AsSpan(24), duration);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16), (uint)duration);
        }
        return Box("mdhd", body);
    }

    /// <summary>An avc1 VisualSampleEntry of the coded size (its configuration boxes left out: nothing here reads them).</summary>
    internal static byte[] VisualEntry(int width, int height)
    {
        var body = new byte[78];
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(24), (ushort)width);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(26), (ushort)height);
        return Box("avc1", body);
    }

    /// <summary>An mp4a AudioSampleEntry with <paramref name="children"/> (its esds) after its 28 bytes of fields.</summary>
    internal static byte[] SoundEntry(int rate, int channels, params byte[][] children)
    {
        var body = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(16), (ushort)channels);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(24), (uint)rate << 16);
        return Box("mp4a", [.. body, .. children.SelectMany(c => c)]);
    }

    /// <summary>
    /// An esds box: an ES descriptor holding a decoder configuration of <paramref name="objectType"/> and, when given,
    /// the decoder-specific info (for AAC, its AudioSpecificConfig).
    /// </summary>
    private static byte[] Esds(byte objectType, params byte[] specificInfo)
    {
        byte[] info = specificInfo.Length == 0 ? [] : [5, (byte)specificInfo.Length, .. specificInfo];
        byte[] config = [4, (byte)(13 + info.Length), objectType, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. info];
        byte[] es = [3, (byte)(3 + config.Length), 0, 1, 0, .. config];
        return Box("esds", [0, 0, 0, 0, .. es]);
    }

    private static byte[] SoundEntryVersion2(double rate, int channels)
    {
        var body = new byte[56];
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(8), 2);
        BinaryPrimitives.WriteDoubleBigEndian(body.AsSpan(32), rate);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(40), (uint)channels);
        return Box("lpcm", body);
    }

    internal static byte[] Box(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(box, box.Length);
        System.Text.Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        body.CopyTo(box, 8);
        return box;
    }
}
