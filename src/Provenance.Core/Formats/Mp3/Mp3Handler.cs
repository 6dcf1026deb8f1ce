using Provenance.Core.Formats.Flac;
using Provenance.Core.Formats.Id3;

namespace Provenance.Core.Formats.Mp3;

/// <summary>
/// MP3 (MPEG-1/2 audio layer III; an ID3v2 tag, then MPEG audio frames). C2PA, XMP and the AIGC text field live in
/// the ID3v2 tag (<see cref="Id3AudioHandler"/>); the frames after it are not parsed here (the codec decodes them):
/// the file must start with a tag or a frame sync, and a tag must be followed by audio.
/// </summary>
internal sealed class Mp3Handler : Id3AudioHandler
{
    public static Mp3Handler Instance { get; } = new();

    private Mp3Handler()
    {
    }

    public override AssetFormat Format => AssetFormat.Mp3;

    public override IReadOnlyList<string> MimeTypes { get; } = ["audio/mpeg", "audio/mp3", "audio/x-mp3", "audio/mpeg3"];

    public override string DisplayName => "MP3";

    /// <summary>
    /// An MPEG audio frame header (11 sync bits, a version other than "reserved", a layer other than "reserved", so
    /// not AAC's ADTS), or an ID3v2 tag that is not followed by "fLaC" (that would be a FLAC file, when the header
    /// reaches that far; when it does not, MP3 is the guess, and a full-file check refines it).
    /// </summary>
    public override bool Matches(ReadOnlySpan<byte> header)
    {
        if (Id3Tag.StartsWithTag(header))
        {
            return !FlacHandler.FollowsTag(header);
        }
        return IsFrameSync(header);
    }

    public static bool IsFrameSync(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 2 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0 && (bytes[1] & 0x18) != 0x08 && (bytes[1] & 0x06) != 0;

    protected override IReadOnlyList<AssetBlock> ParseStream(ReadOnlySpan<byte> file, int start)
    {
        if (file.Length - start < 4)
        {
            MediaThrow.Truncated("The MP3 file has no audio after its ID3 tag.");
        }
        return [new AssetBlock("MPEG audio", new ByteRange(start, file.Length - start), AssetBlockKind.AudioData)];
    }
}
