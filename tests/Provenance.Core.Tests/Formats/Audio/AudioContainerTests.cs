using System.Buffers.Binary;
using Provenance.Core.Formats;
using Provenance.Core.Formats.Flac;
using Provenance.Core.Formats.Id3;
using Provenance.Core.Formats.Mp3;
using Provenance.Core.Formats.Wav;
using static Provenance.Core.Tests.Formats.Audio.MalformedAudioTests;

namespace Provenance.Core.Tests.Formats.Audio;

/// <summary>
/// The audio handlers' edits: a store inserted and removed gives the input back; the planned range is where the
/// store lands; frames and chunks the service does not own are kept byte for byte; the ID3 text label survives in
/// the tag's own version's encoding; an untagged MP3 or FLAC gets a tag and keeps its stream.
/// </summary>
public class AudioContainerTests
{
    private static readonly Lazy<byte[]> Store = new(() =>
    {
        using var fixture = new Pipeline.PipelineFixture();
        return fixture.Sign(Wav()).ManifestStore;
    });

    public static TheoryData<string> Inputs() => new("wav", "wav-odd-chunk", "mp3-v24", "mp3-v23", "mp3-untagged", "flac", "flac-tagged");

    private static (IAssetHandler Handler, byte[] File) Input(string name) => name switch
    {
        "wav" => (WavHandler.Instance, Wav()),
        "wav-odd-chunk" => (WavHandler.Instance, Wav(WavLayout.BuildChunk(0x4C495354, [1, 2, 3]))),
        "mp3-v24" => (Mp3Handler.Instance, Mp3(Frame("TIT2", [3, .. "title"u8]))),
        "mp3-v23" => (Mp3Handler.Instance, V23(Mp3(Frame("TIT2", [0, .. "title"u8])))),
        "mp3-untagged" => (Mp3Handler.Instance, [0xFF, 0xFB, 0x90, 0x64, .. new byte[100]]),
        "flac" => (FlacHandler.Instance, Flac()),
        "flac-tagged" => (FlacHandler.Instance, [.. Mp3(Frame("TIT2", [3, .. "title"u8]))[..26], .. Flac()]), // tag: 10 + frame 16
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Flac() => [.. "fLaC"u8, 0x80, 0x00, 0x00, 34, .. new byte[34], 0xFF, 0xF8, 1, 2, 3, 4];

    /// <summary>The same tag as ID3v2.3: version byte 3 and plain big-endian frame sizes (equal for sizes under 128).</summary>
    private static byte[] V23(byte[] file)
    {
        file[3] = 3;
        return file;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_store_lands_where_planned_and_removing_it_gives_the_input_back(string name)
    {
        var (handler, file) = Input(name);
        Assert.Same(handler, AssetHandlers.DetectFormat(file));
        var planned = handler.PlanManifestStore(file, Store.Value.Length);
        var embedded = handler.InsertManifestStore(file, Store.Value);
        Assert.Equal(planned, handler.FindManifestStoreRange(embedded));
        Assert.Equal(Store.Value, handler.ReadManifestStore(embedded));
        Assert.Same(handler, AssetHandlers.DetectFormat(embedded));
        var removed = handler.RemoveManifestStore(embedded);
        if (name is "mp3-untagged" or "flac")
        {
            // The tag that was added stays, empty: the stream after it is the input.
            Assert.Equal(file, removed[(int)Id3Tag.PeekEnd(removed)..]);
        }
        else if (name == "mp3-v23")
        {
            Assert.Equal(file[10..], removed[10..]);
        }
        else
        {
            Assert.Equal(file, removed);
        }
        Assert.Throws<InvalidOperationException>(() => handler.InsertManifestStore(embedded, Store.Value));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Xmp_and_the_label_text_go_in_and_keep_the_store_last(string name)
    {
        var (handler, file) = Input(name);
        const string xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";
        const string label = """{"AIGC":{"Label":"1","ContentProducer":"生成者-001"}}""";
        var signed = handler.ReplaceManifestStore(file, Store.Value);
        var labelled = handler.WriteXmp(signed, xmp);
        if (handler is IAigcTextCarrier text)
        {
            labelled = text.WriteAigcText(labelled, label);
            Assert.Equal(label, text.ReadAigcText(labelled));
        }
        Assert.Equal(xmp, handler.ReadXmp(labelled));
        Assert.Equal(Store.Value, handler.ReadManifestStore(labelled));
        var blocks = handler.ListBlocks(labelled);
        var store = blocks.Single(b => b.Kind == AssetBlockKind.ManifestStore);
        Assert.True(blocks.Single(b => b.Kind == AssetBlockKind.Xmp).Range.Start < store.Range.Start);
        Assert.Null(handler.ReadXmp(handler.RemoveXmp(labelled)));
    }

    [Fact]
    public void Frames_the_service_does_not_own_are_copied_byte_for_byte()
    {
        var title = Frame("TIT2", [3, .. "title"u8]);
        var picture = Frame("APIC", [0, .. "image/png"u8, 0, 3, 0, 1, 2, 3, 4]);
        var file = Mp3(title, picture);
        var labelled = Mp3Handler.Instance.WriteAigcText(Mp3Handler.Instance.ReplaceManifestStore(file, Store.Value), "{}");
        var frames = Id3Tag.Parse(labelled)!.Frames;
        Assert.Equal(["TIT2", "APIC", "TXXX", "GEOB"], frames.Select(f => f.Id));
        Assert.Equal(title, labelled[frames[0].Start..frames[0].End]);
        Assert.Equal(picture, labelled[frames[1].Start..frames[1].End]);
        Assert.Equal(file[^68..], labelled[^68..]);
    }

    [Fact]
    public void A_tag_unsynchronised_as_a_whole_is_read_but_not_rewritten()
    {
        var file = Mp3(Frame("TIT2", [3, .. "title"u8]));
        file[5] = 0x80;
        Assert.Null(Mp3Handler.Instance.ReadManifestStore(file));
        var error = Assert.Throws<InvalidMediaException>(() => Mp3Handler.Instance.ReplaceManifestStore(file, Store.Value));
        Assert.Equal(MediaError.UnsupportedFormat, error.Error);
    }

    [Fact]
    public void The_riff_size_follows_the_chunks()
    {
        var embedded = WavHandler.Instance.ReplaceManifestStore(Wav(WavLayout.BuildChunk(0x4C495354, [1, 2, 3])), Store.Value);
        Assert.Equal((uint)(embedded.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(embedded.AsSpan(4)));
        Assert.Equal(0, embedded.Length % 2);
    }
}
